import { arn } from '../model/arns.js';
import type { Partition } from '../model/types.js';
import { stackActions, targetSteps } from './positive.js';
import type { ScriptContext } from './generator.js';
import { makeRow, roleName, type Context, type RowSpec } from './rows.js';
import { SOURCES } from './sources.js';
import { verifySourceModule } from './sources/registry.js';
import type { AccessRow, PolicyInput } from './types.js';

/** An account that has nothing to do with the pipeline. */
export const OUTSIDER_ACCOUNT = '999999999999';
/** Name of the other, fully privileged role the script imagines in each account. */
export const OTHER_ADMIN_ROLE = 'other-admin';
/** A service principal no crossline role trusts. */
export const OTHER_SERVICE = 'lambda.amazonaws.com';
/** Name of an arbitrary role that trusts the tools account (like OrganizationAccountAccessRole). */
export const ANY_ROLE = 'any-role';

export interface NegativeScript {
  readonly rows: AccessRow[];
  readonly assumed: PolicyInput[];
}

/**
 * The negative script (DESIGN.md §5): requests that must be denied. Principals outside the
 * pipeline are assumed to be as strong as possible in their own account (`Allow *:*`), so a
 * deny proves that the pipeline's resource policies and trusts, not their weakness, stop them.
 */
export function negativeRows(ctx: ScriptContext): AccessRow[] {
  const { t, r, admin } = ctx;
  const rows: AccessRow[] = [];
  const deny = (spec: RowSpec): void => void rows.push(makeRow('deny', spec));
  const partition = t.partition as Partition;
  const role = (account: string, name: string): string => arn.role(partition, account, name);
  const deployRoles = unique(t.targets.map((x) => x.deployRole));
  const execRoles = unique(t.targets.map((x) => x.execRole));
  const crosslineRoles = unique([
    t.pipelineRole,
    t.buildRole,
    t.triggerRole,
    t.sourceRole,
    t.forwardRole,
    ...deployRoles,
    ...execRoles,
  ]);

  /** Bucket objects and the key: read and write, with TLS and SSE-KMS so only the grants decide. */
  const dataRows = (step: string, principal: string, account: string): void => {
    deny({
      step,
      principal,
      action: 's3:GetObject',
      resource: r.object('BuildArtif'),
      resourceAccount: t.tools,
      resourcePolicy: r.bucketPolicy,
      source: SOURCES.s3CrossAccount,
    });
    deny({
      step,
      principal,
      action: 's3:PutObject',
      resource: r.object('SourceArti'),
      resourceAccount: t.tools,
      resourcePolicy: r.bucketPolicy,
      context: r.sseKms(),
      source: SOURCES.s3CrossAccount,
    });
    const key = r.keyPolicy;
    if (key === undefined) return;
    for (const action of ['kms:Decrypt', 'kms:GenerateDataKey']) {
      deny({
        step,
        principal,
        action,
        resource: key.arn,
        resourcePolicy: key,
        context: { 'kms:CallerAccount': account },
        source: SOURCES.kmsKeyPolicy,
      });
    }
  };
  const assumeRows = (step: string, principal: string, roles: readonly string[]): void => {
    for (const target of roles) {
      deny({
        step,
        principal,
        action: 'sts:AssumeRole',
        resource: target,
        resourcePolicy: r.trust(target),
        source: SOURCES.assumeRoleCrossAccount,
      });
    }
  };
  const busRow = (step: string, principal: string): void => {
    if (t.busArn === undefined) return;
    deny({
      step,
      principal,
      action: 'events:PutEvents',
      resource: t.busArn,
      resourcePolicy: { kind: 'bus', arn: t.busArn },
      source: SOURCES.eventsCrossAccount,
    });
  };

  // An outside account, as its root and as a role that even carries our pipeline role's name.
  for (const principal of [
    admin(arn.accountRoot(partition, OUTSIDER_ACCOUNT), OUTSIDER_ACCOUNT),
    admin(role(OUTSIDER_ACCOUNT, roleName(t.pipelineRole)), OUTSIDER_ACCOUNT),
  ]) {
    dataRows('negative.outsider.data', principal, OUTSIDER_ACCOUNT);
    assumeRows('negative.outsider.assume', principal, crosslineRoles);
    busRow('negative.outsider.bus', principal);
  }

  // Any other principal of the source and target accounts, with administrator rights there:
  // resource policies name the account root, so only the aws:PrincipalArn pins stop it.
  const partAccounts = unique([t.source, ...t.targets.map((x) => x.account)]).filter(
    (a) => a !== t.tools,
  );
  for (const account of partAccounts) {
    const step = `negative.other.${r.aliasOf(account)}`;
    const principal = admin(role(account, OTHER_ADMIN_ROLE), account);
    dataRows(`${step}.data`, principal, account);
    const own = t.targets
      .filter((x) => x.account === account)
      .flatMap((x) => [x.deployRole, x.execRole]);
    assumeRows(`${step}.assume`, principal, unique([t.sourceRole, ...own]));
    if (account !== t.source) busRow(`${step}.bus`, principal);
  }
  // ... and of the tools account: the trusts name the tools root, so the pin must hold there too.
  const toolsAdmin = admin(role(t.tools, OTHER_ADMIN_ROLE), t.tools);
  assumeRows('negative.other.tools.assume', toolsAdmin, unique([t.sourceRole, ...deployRoles]));

  // Transport and encryption: the bucket policy's denies, against a principal that is allowed
  // everything otherwise (an administrator of the tools account).
  deny({
    step: 'negative.no-tls',
    principal: toolsAdmin,
    action: 's3:ListBucket',
    resource: t.bucketArn,
    resourceAccount: t.tools,
    resourcePolicy: r.bucketPolicy,
    context: { 'aws:SecureTransport': false },
    source: SOURCES.s3Tls,
  });
  deny({
    step: 'negative.no-tls',
    principal: toolsAdmin,
    action: 's3:GetObject',
    resource: r.object('BuildArtif'),
    resourceAccount: t.tools,
    resourcePolicy: r.bucketPolicy,
    context: { 'aws:SecureTransport': false },
    source: SOURCES.s3Tls,
  });
  const sourceActor = t.sourceRole ?? t.pipelineRole;
  deny({
    step: 'negative.no-tls',
    principal: sourceActor,
    action: 's3:PutObject',
    resource: r.object('SourceArti'),
    resourceAccount: t.tools,
    resourcePolicy: r.bucketPolicy,
    context: { ...r.sseKms(), 'aws:SecureTransport': false },
    source: SOURCES.s3Tls,
  });
  deny({
    step: 'negative.no-sse',
    principal: sourceActor,
    action: 's3:PutObject',
    resource: r.object('SourceArti'),
    resourceAccount: t.tools,
    resourcePolicy: r.bucketPolicy,
    source: SOURCES.s3SseKms,
  });
  deny({
    step: 'negative.no-sse',
    principal: sourceActor,
    action: 's3:PutObject',
    resource: r.object('SourceArti'),
    resourceAccount: t.tools,
    resourcePolicy: r.bucketPolicy,
    context: { 's3:x-amz-server-side-encryption': 'AES256' },
    source: SOURCES.s3SseKms,
  });
  deny({
    step: 'negative.no-sse',
    principal: toolsAdmin,
    action: 's3:PutObject',
    resource: r.object('BuildArtif'),
    resourceAccount: t.tools,
    resourcePolicy: r.bucketPolicy,
    source: SOURCES.s3SseKms,
  });

  rows.push(...verifySourceModule(t.sourceAction).negativeRows(ctx, t.sourceAction, sourceActor));

  // Each deploy role: its own exec role, to CloudFormation only; its own stacks; no key admin;
  // no hop into the next target account (the staging role must not become prod's).
  const distinct = unique(t.targets.map((x) => x.account));
  for (const [target, prefix] of targetSteps(t)) {
    const step = `negative.${prefix.slice('deploy.'.length)}`;
    const actor = target.deployRole ?? t.pipelineRole;
    deny({
      step: `${step}.pass-role`,
      principal: actor,
      action: 'iam:PassRole',
      resource: role(target.account, OTHER_ADMIN_ROLE),
      context: { 'iam:PassedToService': t.services.cloudformation },
      source: SOURCES.passRole,
    });
    if (target.execRole !== undefined) {
      deny({
        step: `${step}.pass-role`,
        principal: actor,
        action: 'iam:PassRole',
        resource: target.execRole,
        context: { 'iam:PassedToService': 'ec2.amazonaws.com' },
        source: SOURCES.passRole,
      });
    }
    if (t.keyArn !== undefined) {
      deny({
        step: `${step}.key-admin`,
        principal: actor,
        action: 'kms:ScheduleKeyDeletion',
        resource: t.keyArn,
        resourcePolicy: { kind: 'key', arn: t.keyArn },
        context: { 'kms:CallerAccount': target.account },
        source: SOURCES.kmsKeyPolicy,
      });
    }
    const create = stackActions(target)[1] ?? 'cloudformation:CreateStack';
    const otherStack = `${target.stack}-other`;
    if (!t.targets.some((x) => x.account === target.account && x.stack === otherStack)) {
      // Neither directly nor through a change set.
      for (const action of new Set([create, 'cloudformation:CreateChangeSet'])) {
        deny({
          step: `${step}.stacks`,
          principal: actor,
          action,
          resource: r.stack(target.account, otherStack),
          source: SOURCES.cloudformationAuthz,
        });
      }
    }
    const next = distinct[(distinct.indexOf(target.account) + 1) % distinct.length];
    if (next !== undefined && next !== target.account) {
      deny({
        step: `${step}.stacks`,
        principal: actor,
        action: create,
        resource: r.stack(next, target.stack),
        source: SOURCES.cloudformationAuthz,
      });
      const nextRoles = t.targets
        .filter((x) => x.account === next)
        .flatMap((x) => [x.deployRole, x.execRole]);
      assumeRows(`${step}.hop`, actor, unique(nextRoles));
    }
  }

  // Service trusts name one service: another service acting for the same account and source
  // (the confused-deputy keys alone) must not get in.
  const serviceTrusts: [string | undefined, Context][] = [
    [t.pipelineRole, { 'aws:SourceAccount': t.tools, 'aws:SourceArn': t.pipelineArn }],
    [
      t.buildRole,
      {
        'aws:SourceAccount': t.tools,
        ...(t.buildProjectArn ? { 'aws:SourceArn': t.buildProjectArn } : {}),
      },
    ],
    [
      t.triggerRole,
      {
        'aws:SourceAccount': t.tools,
        ...(t.startRuleArn ? { 'aws:SourceArn': t.startRuleArn } : {}),
      },
    ],
    [
      t.forwardRole,
      {
        'aws:SourceAccount': t.source,
        ...(t.forwardRuleArn ? { 'aws:SourceArn': t.forwardRuleArn } : {}),
      },
    ],
    ...t.targets.map((x): [string | undefined, Context] => [
      x.execRole,
      { 'aws:SourceAccount': x.account },
    ]),
  ];
  const seen = new Set<string>();
  for (const [roleArn, context] of serviceTrusts) {
    if (roleArn === undefined || seen.has(roleArn)) continue;
    seen.add(roleArn);
    deny({
      step: 'negative.other-service',
      principal: OTHER_SERVICE,
      action: 'sts:AssumeRole',
      resource: roleArn,
      resourcePolicy: r.trust(roleArn),
      context,
      source: SOURCES.confusedDeputy,
    });
  }

  // The pipeline role assumes exactly its action roles: not an arbitrary role that trusts the
  // tools account (its identity policy is the only guard there), nor an execution role.
  const anyRoleTrust = (roleArn: string, account: string): void => {
    ctx.assume({
      name: `assumed/trust/${account}/${ANY_ROLE}`,
      kind: 'trust',
      account,
      attachedTo: roleArn,
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'TrustsTheToolsAccount',
            Effect: 'Allow',
            Principal: { AWS: arn.accountRoot(partition, t.tools) },
            Action: 'sts:AssumeRole',
          },
        ],
      },
    });
  };
  for (const account of unique([t.source, ...distinct])) {
    const any = role(account, ANY_ROLE);
    anyRoleTrust(any, account);
    assumeRows('negative.pipeline.assume', t.pipelineRole, [any]);
  }
  assumeRows('negative.pipeline.assume', t.pipelineRole, execRoles);

  return rows;
}

function unique<T>(items: readonly (T | undefined)[]): T[] {
  return [...new Set(items.filter((x): x is T => x !== undefined))];
}
