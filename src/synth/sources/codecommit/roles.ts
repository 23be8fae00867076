import {
  CODECOMMIT_SOURCE_ACTIONS,
  roleArn,
  scopeOf,
  arn,
  type CodeCommitSource,
} from '../../../model/index.js';
import type { SynthContext } from '../../context.js';
import { SOURCE_WRITE_ACTIONS } from '../../policies/bucket-policy.js';
import { KEY_WRITER_ACTIONS } from '../../policies/key-policy.js';
import type { RoleSpec } from '../../policies/role.js';
import { trustPipelineRole, trustService } from '../../policies/role.js';
import { because, DOCS } from '../../policies/sources.js';
import { allow } from '../../policies/statement.js';
import { repositoryOf } from './events.js';

/** The forwarding rule in the source account (CodeCommit events are emitted there). */
export function forwardRuleArn(ctx: SynthContext, source: CodeCommitSource): string {
  return arn.eventRule(scopeOf(ctx.pipeline, source.account), ctx.names.forwardRule);
}

export function forwardRoleArn(ctx: SynthContext, source: CodeCommitSource): string {
  return roleArn(ctx.pipeline.partition, source.account.id, ctx.names.forwardRole);
}

/**
 * The role of the CodeCommit source action: its five requests on the one repository
 * (docs/design.md §4), never AWSCodeCommitFullAccess.
 */
export function sourceRole(ctx: SynthContext, source: CodeCommitSource): RoleSpec {
  return {
    key: 'source-role',
    logicalId: 'SourceRole',
    name: ctx.names.sourceRole,
    account: ctx.source,
    arn: ctx.arns.sourceRole,
    trust: [trustPipelineRole(ctx, 'the Source action (CodeCommit)')],
    permissions: [
      allow({
        sid: 'ReadRepositoryBranch',
        reason: because(
          `codecommit:GetBranch, GetCommit, UploadArchive, GetUploadArchiveStatus, CancelUploadArchive on ${source.repository} by the CodeCommit source action`,
          'the action resolves the branch head and has CodeCommit archive that commit; nothing else in the repository, no push',
          DOCS.codeCommitAction,
        ),
        actions: CODECOMMIT_SOURCE_ACTIONS,
        resources: [repositoryOf(ctx, source)],
      }),
      allow({
        sid: 'WriteSourceArtifact',
        reason: because(
          's3:PutObject (and the object ACL) of the source artifact into the artifact bucket',
          'the CodeCommit action stores the archive as the Source stage output; write only',
          DOCS.cdkPutObjectAcl,
        ),
        actions: SOURCE_WRITE_ACTIONS,
        resources: [ctx.arns.bucketObjects],
      }),
      allow({
        sid: 'EncryptSourceArtifact',
        reason: because(
          'kms:GenerateDataKey / kms:Encrypt with the artifact key for the SSE-KMS upload',
          'artifacts are encrypted with the pipeline key so that every account can read them',
          DOCS.artifactEncryption,
        ),
        actions: KEY_WRITER_ACTIONS,
        resources: [ctx.arns.key],
      }),
    ],
    managedPolicyArns: [],
    may: `read branch ${source.branch} of ${source.repository} (5 CodeCommit actions) and write the source artifact (encrypted with the artifact key)`,
    why: 'the pipeline role assumes it for the Source action',
  };
}

/** Role of the rule that forwards commit events to the tools bus; none when source = tools. */
export function forwardRole(ctx: SynthContext, source: CodeCommitSource): RoleSpec | undefined {
  if (ctx.sourceInTools) return undefined;
  return {
    key: 'forward-role',
    logicalId: 'ForwardRole',
    name: ctx.names.forwardRole,
    account: ctx.source,
    arn: forwardRoleArn(ctx, source),
    trust: [
      trustService(
        ctx,
        'events',
        ctx.source,
        forwardRuleArn(ctx, source),
        `for the rule ${ctx.names.forwardRule}`,
        DOCS.eventsTargetRole,
      ),
    ],
    permissions: [
      allow({
        sid: 'PutEventsOnToolsBus',
        reason: because(
          "events:PutEvents on the tools account's default bus, made by EventBridge with this role when the forwarding rule matches a commit",
          'a rule that targets a bus in another account sends the event with its role',
          DOCS.eventsCrossAccount,
        ),
        actions: ['events:PutEvents'],
        resources: [ctx.arns.toolsBus],
      }),
    ],
    managedPolicyArns: [],
    may: "put events on the tools account's default event bus",
    why: `EventBridge uses it to forward commits on ${source.branch} to the tools account (starts the pipeline)`,
  };
}
