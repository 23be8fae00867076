import type { PolicyInput } from '../../verify/index.js';
import { accountOf } from '../pipeline-ref.js';
import type { Finding } from './findings.js';
import type { LiveModel } from './live-topology.js';
import type { LiveSnapshot } from './snapshot.js';

interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const CODECOMMIT_ACTIONS =
  'codecommit:GetBranch, GetCommit, UploadArchive, GetUploadArchiveStatus, CancelUploadArchive';

/**
 * Patterns of the manual recipe that verify's rows do not name by themselves: broad managed
 * policies and wildcards (least privilege), and shapes that AWS accepts but that break
 * cross-account use (a key alias, the AWS managed key).
 */
export function lintPolicies(policies: readonly PolicyInput[], model: LiveModel): Finding[] {
  const findings: Finding[] = [];
  for (const p of policies) {
    if (
      p.kind === 'identity' &&
      /:policy\/AWSCodeCommitFullAccess$|\/AWSCodeCommitFullAccess$/.test(p.name)
    ) {
      findings.push({
        severity: 'warning',
        category: 'broad',
        step: 'source.read',
        account: p.account,
        statement: p.name,
        message: `${roleName(p.attachedTo)} has AWSCodeCommitFullAccess: every CodeCommit action (GitPush, DeleteRepository, …) on every repository in account ${p.account}`,
        fix: `detach AWSCodeCommitFullAccess; allow only ${CODECOMMIT_ACTIONS} on ${model.repositoryArn}`,
      });
      continue;
    }
    statements(p.document).forEach((s, i) => {
      if (s.Effect !== 'Allow') return;
      const ref = `${p.name}/${s.Sid ?? `#${i}`}`;
      const actions = list(s.Action).map((a) => a.toLowerCase());
      const resources = list(s.Resource);
      if (p.kind === 'identity') {
        if (actions.some((a) => a === 'codecommit:*' || a === '*')) {
          findings.push({
            severity: 'warning',
            category: 'broad',
            step: 'source.read',
            account: p.account,
            statement: ref,
            message: `${ref} allows ${actions.includes('*') ? '*' : 'codecommit:*'} on ${resources.join(', ') || '(no resource)'}`,
            fix: `allow only the actions the role needs (for a source role: ${CODECOMMIT_ACTIONS} on ${model.repositoryArn})`,
          });
        }
        const assumes = actions.some((a) => a === 'sts:assumerole' || a === 'sts:*' || a === '*');
        const anyRole = resources.filter(
          (r) => r === '*' || /:role\/\*$/.test(r) || /^arn:[^:]+:iam::(\*|\d{12}):\*$/.test(r),
        );
        if (assumes && anyRole.length > 0) {
          const exact = [
            model.topology.sourceRole,
            ...model.topology.targets.map((t) => t.deployRole),
          ].filter((x): x is string => x !== undefined);
          findings.push({
            severity: 'warning',
            category: 'broad',
            step: 'source.assume',
            account: p.account,
            statement: ref,
            message: `${ref} allows sts:AssumeRole on ${anyRole.join(', ')}: any role that trusts account ${p.account}`,
            fix: `allow sts:AssumeRole on the exact role ARNs only: ${[...new Set(exact)].join(', ')}`,
          });
        }
        return;
      }
      if (p.kind !== 'key' && p.kind !== 'bucket' && p.kind !== 'trust') return;
      const principals = awsPrincipals(s.Principal);
      const conditioned = s.Condition !== undefined && Object.keys(s.Condition).length > 0;
      if ((p.kind === 'key' || p.kind === 'bucket') && principals.includes('*') && !conditioned) {
        findings.push({
          severity: 'error',
          category: 'broad',
          step: p.kind === 'key' ? 'negative.outsider.key' : 'negative.outsider.bucket',
          account: p.account,
          statement: ref,
          message: `${ref} allows ${actions.join(', ')} to Principal "*" without a condition: anyone, in any account`,
          fix: 'name the account roots that need access and pin the roles with Condition ArnEquals aws:PrincipalArn',
        });
      }
      const pinned = hasPrincipalArnPin(s.Condition);
      const wholeAccounts = principals.filter(
        (x) =>
          x !== '*' &&
          accountOfPrincipal(x) !== undefined &&
          accountOfPrincipal(x) !== p.account &&
          isAccountWide(x),
      );
      if (wholeAccounts.length > 0 && !pinned) {
        findings.push({
          severity: 'warning',
          category: 'broad',
          step:
            p.kind === 'trust'
              ? `${stepOfRole(p.attachedTo, model)}`
              : p.kind === 'key'
                ? 'source.write'
                : 'source.write',
          account: p.account,
          statement: ref,
          message: `${ref} grants ${wholeAccounts.join(', ')} (every principal there that its admins allow) without a role pin`,
          fix: `add Condition ArnEquals aws:PrincipalArn with the exact role${p.kind === 'trust' ? ` (${model.topology.pipelineRole})` : 's that need it'}`,
        });
      }
    });
  }
  return findings;
}

/** Artifact store key and automatic-start findings. */
export function lintSetup(s: LiveSnapshot, model: LiveModel): Finding[] {
  const findings: Finding[] = [];
  const t = model.topology;
  const crossAccount = t.accounts.some((a) => a.id !== t.tools);
  const store =
    s.pipeline.pipeline.artifactStore ?? Object.values(s.pipeline.pipeline.artifactStores ?? {})[0];
  if (s.bucket && !s.bucket.exists) {
    findings.push({
      severity: 'error',
      category: 'runtime',
      step: 'source.write',
      account: s.pipelineAccount,
      message: `the artifact bucket ${s.bucket.name} does not exist`,
      fix: `create it in account ${s.pipelineAccount}, or point artifactStore.location at the bucket`,
    });
  }
  const ref = store?.encryptionKey?.id;
  if (ref === undefined) {
    if (crossAccount) {
      findings.push({
        severity: 'error',
        category: 'runtime',
        step: 'source.write',
        account: s.pipelineAccount,
        message:
          'the artifact store has no encryption key, so artifacts use the AWS managed key aws/s3, which roles in other accounts cannot use',
        fix: 'create a customer managed key, grant the cross-account roles in its key policy, and set artifactStore.encryptionKey {id: <key ARN>, type: KMS}',
      });
    }
  } else if (/^alias\/|:alias\//.test(ref)) {
    findings.push({
      severity: 'error',
      category: 'runtime',
      step: 'source.write',
      account: s.pipelineAccount,
      message: `the artifact store references the key through the alias ${ref}; roles in other accounts resolve an alias in their own account, so their artifact uploads and downloads fail`,
      fix: `set artifactStore.encryptionKey.id to the key ARN${s.key?.key ? ` ${s.key.key.arn}` : ''}`,
    });
  } else if (s.key && s.key.key === null) {
    findings.push({
      severity: 'error',
      category: 'runtime',
      step: 'source.write',
      account: s.key.account,
      message: `the artifact key ${ref} does not exist`,
      fix: 'create the key or point artifactStore.encryptionKey.id at an existing key ARN',
    });
  }
  if (s.key?.key?.manager === 'AWS' && crossAccount) {
    findings.push({
      severity: 'error',
      category: 'runtime',
      step: 'source.write',
      account: s.key.account,
      message: `the artifact key ${s.key.key.arn} is AWS managed: its policy cannot grant other accounts`,
      fix: 'use a customer managed key',
    });
  }

  for (const b of s.buildProjects ?? []) {
    if (b.project === null) {
      findings.push({
        severity: 'error',
        category: 'runtime',
        step: 'build.start',
        account: b.account,
        message: `the build project ${b.name} does not exist in account ${b.account}`,
        fix: `create the CodeBuild project ${b.name}, or set the build action's ProjectName to an existing project`,
      });
    } else if (b.project.serviceRole === undefined) {
      findings.push({
        severity: 'warning',
        category: 'unchecked',
        step: 'build.read',
        account: b.account,
        message: `the build project ${b.name} names no service role, so its access was not checked`,
        fix: `give the project a service role that can read and write the artifacts (and use the artifact key)`,
      });
    }
  }

  // Automatic starts: polling, or the two EventBridge rules (source → tools bus → pipeline).
  const source = model.source;
  if (source === undefined) return findings;
  const polling = (source.configuration?.PollForSourceChanges ?? 'true').toLowerCase() !== 'false';
  const missing = polling ? 'warning' : 'error';
  if (polling) {
    findings.push({
      severity: 'warning',
      category: 'trigger',
      step: 'trigger.polling',
      message: `the source action polls the repository (PollForSourceChanges is ${source.configuration?.PollForSourceChanges ?? 'unset, which means true'}): runs start minutes late and polling is not recommended`,
      fix: 'set PollForSourceChanges to false once EventBridge rules start the pipeline',
    });
  }
  if (t.source !== t.tools && s.forwardRules !== undefined && s.forwardRules.length === 0) {
    findings.push({
      severity: missing,
      category: 'trigger',
      step: 'trigger.forward',
      account: t.source,
      message: `no rule in the source account ${t.source} forwards commits of ${model.repositoryArn} to the tools account's bus`,
      fix: `in account ${t.source}: a rule on "CodeCommit Repository State Change" for ${model.repositoryArn}, branch ${source.configuration?.BranchName ?? '(branch)'}, targeting ${s.toolsBus?.arn ?? 'the tools default bus'} with a role allowed events:PutEvents on it`,
    });
    if (
      s.toolsBus !== undefined &&
      (s.toolsBus.policy === null || !JSON.stringify(s.toolsBus.policy).includes(t.source))
    ) {
      findings.push({
        severity: missing,
        category: 'trigger',
        step: 'trigger.forward',
        account: t.tools,
        message: `the tools account's default bus does not accept events from the source account ${t.source}`,
        fix: `aws events put-permission --event-bus-name default --action events:PutEvents --principal ${t.source} --statement-id SourceAccountForwardsCommits (in account ${t.tools})`,
      });
    }
  }
  if (s.startRules !== undefined && s.startRules.length === 0) {
    findings.push({
      severity: missing,
      category: 'trigger',
      step: 'trigger.start',
      account: t.tools,
      message: `no rule on the tools account's default bus starts the pipeline ${t.pipelineName}`,
      fix: `in account ${t.tools}: a rule matching the forwarded event (account ${t.source}, resources ${model.repositoryArn}) with target ${t.pipelineArn} and a role allowed only codepipeline:StartPipelineExecution on it`,
    });
  }
  return findings;
}

function statements(document: unknown): Statement[] {
  const s = (document as { Statement?: unknown } | null)?.Statement;
  if (Array.isArray(s)) return s as Statement[];
  return s && typeof s === 'object' ? [s] : [];
}

function list(v: string | readonly string[] | undefined): string[] {
  return v === undefined ? [] : typeof v === 'string' ? [v] : [...v];
}

function awsPrincipals(p: unknown): string[] {
  if (p === '*') return ['*'];
  const aws = (p as { AWS?: unknown } | null)?.AWS;
  if (aws === undefined) return [];
  return (Array.isArray(aws) ? aws : [aws]).filter((x): x is string => typeof x === 'string');
}

function accountOfPrincipal(p: string): string | undefined {
  return /^\d{12}$/.test(p) ? p : accountOf(p);
}

/** `123456789012` or `arn:…:iam::123456789012:root`: the whole account, not one role. */
function isAccountWide(p: string): boolean {
  return /^\d{12}$/.test(p) || /:root$/.test(p);
}

function hasPrincipalArnPin(condition: Statement['Condition']): boolean {
  if (!condition) return false;
  return Object.values(condition).some((block) =>
    Object.keys(block).some((k) => k.toLowerCase() === 'aws:principalarn'),
  );
}

function roleName(arn: string): string {
  return arn.split('/').pop() ?? arn;
}

function stepOfRole(roleArn: string, model: LiveModel): string {
  const t = model.topology;
  if (roleArn === t.sourceRole) return 'source.assume';
  if (roleArn === t.buildRole) return 'service.codebuild';
  const target = t.targets.find((x) => x.deployRole === roleArn);
  return target ? `deploy.${target.stage}.${target.alias}.assume` : 'service roles';
}
