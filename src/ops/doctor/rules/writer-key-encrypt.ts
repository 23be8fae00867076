import { atStatements, formatStatementRef, type Finding } from '../findings.js';
import { accountOf } from '../../pipeline-ref.js';
import {
  accountOfPrincipal,
  allowStatements,
  awsPrincipals,
  hasPrincipalArnPin,
  isAccountWide,
  type LintRule,
} from './rule.js';

/**
 * A role that writes artifacts (the source role, the pipeline role, the build role) is
 * granted the artifact key for decrypting but not for encrypting: CodePipeline's
 * cross-account recipe grants kms:Encrypt, kms:GenerateDataKey* and kms:ReEncrypt* with
 * kms:Decrypt, and artifact replication fails without them. Sources:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
 * and https://github.com/awslabs/aws-deployment-framework/issues/756. A missing
 * kms:GenerateDataKey already fails the script's write rows (an error); this rule names
 * the statement, and kms:Encrypt, which no documented request needs alone, is a warning.
 */
export const writerKeyEncrypt: LintRule = (s, model) => {
  const t = model.topology;
  if (t.keyArn === undefined) return [];
  const writers = [t.sourceRole, t.pipelineRole, t.buildRole].filter(
    (x): x is string => x !== undefined,
  );
  const out: Finding[] = [];
  for (const st of allowStatements(model.policies, ['key'])) {
    const principals = awsPrincipals(st.statement.Principal);
    const grants = (a: string): boolean =>
      st.actions.some(
        (x) =>
          x === a ||
          x === 'kms:*' ||
          x === '*' ||
          (x.endsWith('*') && a.startsWith(x.slice(0, -1))),
      );
    if (!grants('kms:decrypt')) continue;
    const missing = ['kms:Encrypt', 'kms:GenerateDataKey'].filter((a) => !grants(a.toLowerCase()));
    if (missing.length === 0) continue;
    // The writer by ARN, or its account's root (pinned to it with aws:PrincipalArn, or not pinned).
    const admits = (w: string): boolean =>
      principals.includes(w) ||
      (principals.some((p) => isAccountWide(p) && accountOfPrincipal(p) === accountOf(w)) &&
        (!hasPrincipalArnPin(st.statement.Condition) ||
          JSON.stringify(st.statement.Condition).includes(w)));
    for (const w of writers) {
      if (!admits(w)) continue;
      out.push({
        severity: missing.includes('kms:GenerateDataKey') ? 'error' : 'warning',
        category: missing.includes('kms:GenerateDataKey') ? 'runtime' : 'documented',
        step:
          w === t.buildRole
            ? 'build.write'
            : w === t.pipelineRole
              ? 'pipeline.write'
              : 'source.write',
        account: s.key?.account,
        message: `${formatStatementRef(st.ref)} lets ${w}, which writes artifacts, decrypt with the artifact key but not call ${missing.join(', ')}`,
        fix: `add kms:Encrypt, kms:GenerateDataKey*, kms:ReEncrypt* to the Action of ${formatStatementRef(st.ref)}`,
        ...atStatements([st.ref]),
      });
    }
  }
  return out;
};
