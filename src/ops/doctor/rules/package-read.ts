import { bucketArn, rootArn, roleName } from '../../../model/index.js';
import type { AccessRow } from '../../../verify/index.js';
import { decide, type RequestVerdict } from '../../explain/decide.js';
import { accountOf } from '../../pipeline-ref.js';
import { dependsOn } from '../depends-on.js';
import { statementRef, type Finding } from '../findings.js';
import type { LivePackageRead, PackageNote } from '../live-packages.js';
import type { PackageReference } from '../package-refs.js';
import type { LintRule } from './rule.js';

/** "An Amazon S3 bucket in the same AWS Region as your function. The bucket can be in a different AWS account." */
const LAMBDA_CODE = 'https://docs.aws.amazon.com/lambda/latest/api/API_FunctionCode.html';
/**
 * Across accounts, the caller's IAM policy and the bucket policy must both grant the object,
 * and the caller needs the KMS key of a KMS-encrypted object.
 */
const S3_CROSS_ACCOUNT = 'https://repost.aws/knowledge-center/s3-cross-account-access-denied';
/** With a service role, CloudFormation makes every call of the stack operation with that role. */
const CFN_SERVICE_ROLE =
  'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html';
const REPORTS =
  'aws-cdk #3765, #5183 (Lambda code), #20191 (nested stacks), #10166 (the key policy)';

/**
 * Execution roles that cannot read the code or nested templates their stacks reference in the
 * artifact bucket: the most reported run-time failure of hand-built cross-account pipelines.
 * CloudFormation creates the stack's resources with the execution role (CFN_SERVICE_ROLE), so
 * Lambda fetches Code.S3Bucket/S3Key (LAMBDA_CODE) and CloudFormation a nested TemplateURL with
 * that role's credentials, and S3 decrypts the object with the artifact key on its behalf
 * (kms:ViaService s3.<region>.amazonaws.com, kms:CallerAccount its account). A role in another
 * account needs s3:GetObject in its own policy and in the bucket policy, and kms:Decrypt in its
 * own policy and the key policy (S3_CROSS_ACCOUNT). Without them the stack fails with "Your
 * access has been denied by S3, please make sure your request credentials have permission to
 * GetObject" (https://github.com/aws/aws-cdk/issues/3765, https://github.com/aws/aws-cdk/issues/5183),
 * "S3: AccessDenied" for each nested stack (https://github.com/aws/aws-cdk/issues/20191), or
 * Access Denied when the key policy does not trust the role (https://github.com/aws/aws-cdk/issues/10166).
 *
 * Each object is checked with the access script's rows for it (verify/deployed-packages.ts),
 * evaluated with the iam engine layer by layer to name the side that refuses. A row that depends
 * on what doctor could not read is "not verified", as every other row; references doctor cannot
 * resolve are info notes.
 */
export const packageRead: LintRule = (s, model, script) => {
  const out: Finding[] = model.packages.notes.map(noteFinding);
  const t = model.topology;
  for (const read of model.packages.reads) {
    // A template doctor could not read: its one placeholder read is not verified.
    if (read.references.length === 0) continue;
    const key =
      read.store === undefined
        ? t.keyArn
        : t.regionalStores?.find((x) => x.region === read.store)?.keyArn;
    const rows = script.rows.filter(
      (r) =>
        r.step === read.step &&
        r.principal === read.principal &&
        ((r.action === 's3:GetObject' && r.resource === read.object) ||
          (r.action === 'kms:Decrypt' && r.resource === key)),
    );
    const denied = rows
      .filter((r) => dependsOn(r, s.unread, model.packages.steps) === undefined)
      .map((r) => ({ row: r, verdict: decide(r, model.policies) }))
      .filter((x) => !x.verdict.allowed);
    if (denied.length > 0) out.push(deniedFinding(s.partition, read, denied));
  }
  return out;
};

interface Denied {
  readonly row: AccessRow;
  readonly verdict: RequestVerdict;
}

function deniedFinding(
  partition: string,
  read: LivePackageRead,
  denied: readonly Denied[],
): Finding {
  const ref = read.references[0];
  const where = read.references.map((r) => `${r.logicalId} (${r.type} ${r.property})`).join(', ');
  const p = read.place;
  const statements = [...new Set(denied.flatMap((d) => d.verdict.statements))];
  return {
    severity: 'error',
    category: 'runtime',
    step: read.step,
    // Where to change it: the bucket's or key's account, or the role's own.
    account: denied.find((d) => d.verdict.side !== 'identity')?.row.resourceAccount ?? p.account,
    message: `${read.principal} cannot read s3://${ref.bucket}/${ref.key}, which ${where} in stack ${p.stack} (account ${p.account}, ${p.region}) references: ${denied.map((d) => why(d)).join('; ')}. CloudFormation ${ref.kind === 'code' ? 'creates the function' : 'reads the nested template'} with this role, so the deploy fails with "Your access has been denied by S3" (${REPORTS}; ${ref.kind === 'code' ? LAMBDA_CODE : CFN_SERVICE_ROLE})`,
    fix: denied.map((d) => fixOf(partition, read, ref, d)).join('; and '),
    ...(statements.length > 0
      ? {
          statement: statements.join(', '),
          statements: statements.map((x) => {
            const i = x.lastIndexOf('/');
            return statementRef(x.slice(0, i), x.slice(i + 1));
          }),
        }
      : {}),
  };
}

/** Which side refuses, in a few words. */
function why({ row, verdict }: Denied): string {
  const what =
    row.action === 's3:GetObject'
      ? 's3:GetObject on the object'
      : 'kms:Decrypt with the artifact key';
  if (verdict.outcome === 'explicit-deny') return `${verdict.statements.join(', ')} denies ${what}`;
  const own = `its own policies do not allow ${what}`;
  const resource =
    row.action === 's3:GetObject'
      ? 'the bucket policy does not admit it'
      : 'the key policy does not let it decrypt through S3';
  return verdict.side === 'identity'
    ? own
    : verdict.side === 'resource'
      ? resource
      : `${own}, and ${resource}`;
}

/** Which statement to add to which policy. */
function fixOf(partition: string, read: LivePackageRead, ref: PackageReference, d: Denied): string {
  const { row, verdict } = d;
  if (verdict.outcome === 'explicit-deny') return verdict.fix;
  const role = roleName(read.principal);
  const account = accountOf(read.principal);
  const root = account ? rootArn(partition, account) : read.principal;
  const pinned = (extra = ''): string =>
    `Principal ${root} with Condition ArnEquals aws:PrincipalArn ${read.principal}${extra}`;
  const parts: string[] = [];
  if (row.action === 's3:GetObject') {
    // The prefix the packages go to: a grant of the one object breaks at the next upload.
    const dir = ref.key.includes('/') ? `${ref.key.slice(0, ref.key.lastIndexOf('/'))}/*` : ref.key;
    const objects = `${bucketArn(partition, ref.bucket)}/${dir}`;
    const prefix = ref.key.includes('/')
      ? ''
      : ' (the key has no prefix: package with --s3-prefix, so that one grant covers every upload)';
    if (verdict.side !== 'resource')
      parts.push(
        `add to a policy of role ${role} a statement allowing s3:GetObject on ${objects}${prefix}`,
      );
    if (verdict.side !== 'identity')
      parts.push(
        `add to the bucket policy of ${ref.bucket} a statement allowing s3:GetObject on ${objects} to ${pinned()}${prefix} (${S3_CROSS_ACCOUNT})`,
      );
  } else {
    const via = row.context['kms:ViaService'];
    const condition = typeof via === 'string' ? ` and StringEquals kms:ViaService ${via}` : '';
    if (verdict.side !== 'resource')
      parts.push(
        `add to a policy of role ${role} a statement allowing kms:Decrypt on ${row.resource}${condition.replace(' and', ' with Condition')}`,
      );
    if (verdict.side !== 'identity')
      parts.push(
        `add to the key policy of ${row.resource} a statement allowing kms:Decrypt to ${pinned(condition)}`,
      );
  }
  return parts.join('; and ');
}

/** A reference doctor does not check: an info note saying why, and what to check by hand. */
function noteFinding(n: PackageNote): Finding {
  const r = n.reference;
  const at = `${r.logicalId} (${r.type} ${r.property}) in stack ${n.place.stack} (account ${n.place.account}, ${n.place.region})`;
  const check =
    "check that the stack's execution role may s3:GetObject that object and kms:Decrypt with the artifact key, in its own policy and in the bucket and key policies";
  const note = {
    severity: 'info',
    category: 'unchecked',
    step: 'read',
    account: n.place.account,
  } as const;
  if (n.why === 'regional' && 'key' in r)
    return {
      ...note,
      message: `${at} reads s3://${r.bucket}/${r.key} from another region's artifact store, whose bucket and key policies this snapshot does not hold (doctor reads them since it reads every store): not checked`,
      fix: check,
    };
  const reason = 'why' in r ? r.why : 'not resolved';
  return {
    ...note,
    message: `${at}: ${reason}, so doctor cannot tell which object it reads${r.bucket ? ` from ${r.bucket}` : ''}; its access is not checked`,
    fix: `${check}, or name the bucket and key in the template or the stack's parameters`,
  };
}
