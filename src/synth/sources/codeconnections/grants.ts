import {
  connectionArnOf,
  parseConnectionArn,
  useConnectionActions,
  type CodeConnectionsSource,
} from '../../../model/index.js';
import type { SynthContext } from '../../context.js';
import { because } from '../../policies/sources.js';
import { allow, type Grant } from '../../policies/statement.js';
import { CONNECTION_DOCS } from './docs.js';

/**
 * The pipeline role runs the CodeStarSourceConnection action itself (no action roleArn): it
 * uses the one connection and writes the source artifact. Its generic artifact grants
 * (tools-roles.ts) already allow s3:PutObject and the key; the ACL is this action's.
 */
export function pipelineGrants(ctx: SynthContext, source: CodeConnectionsSource): Grant[] {
  return [
    useConnection(ctx, source, 'UseSourceConnection', (actions) =>
      because(
        `${actions.join(' / ')} on the connection by the CodeStarSourceConnection action (run by the pipeline role) when it reads ${source.repository}`,
        `the action fetches the commit through the connection; exactly this connection, never connection/*${actions.length > 1 ? '; an older codestar-connections ARN is authorised by that prefix, so both are granted' : ''}`,
        `${CONNECTION_DOCS.action}; ${CONNECTION_DOCS.iam}`,
      ),
    ),
    allow({
      sid: 'WriteSourceArtifactAcl',
      reason: because(
        's3:PutObjectAcl of the source artifact (uploaded with x-amz-acl bucket-owner-full-control)',
        'the connection action stores the repository archive as the Source stage output with an ACL, which S3 authorises as s3:PutObjectAcl',
        CONNECTION_DOCS.cdkGrants,
      ),
      actions: ['s3:PutObjectAcl'],
      resources: [ctx.arns.bucketObjects],
    }),
  ];
}

/**
 * Full clone only: the CodeBuild project clones the repository through the connection, so the
 * build role needs UseConnection on it, as the full-clone tutorial and CodePipeline's
 * troubleshooting entry "CodeBuild GitClone permissions for connections" grant
 * (CONNECTION_DOCS.fullClone, CONNECTION_DOCS.gitClonePermissions). Neither lists
 * GetConnection, so it is not granted (GetConnection/GetConnectionToken belong to CodeBuild's
 * own connection source credential, a different feature: CONNECTION_DOCS.codeBuildCredential).
 */
export function buildGrants(ctx: SynthContext, source: CodeConnectionsSource): Grant[] {
  if (!source.fullClone) return [];
  return [
    useConnection(ctx, source, 'CloneThroughConnection', (actions) =>
      because(
        `${actions.join(' / ')} on the connection by CodeBuild when it clones ${source.repository} (fullClone: OutputArtifactFormat CODEBUILD_CLONE_REF)`,
        'with a full clone the Source action hands CodeBuild a reference, and the build runs git clone through the connection with its own role; exactly this connection',
        `${CONNECTION_DOCS.fullClone}; ${CONNECTION_DOCS.gitClonePermissions}`,
      ),
    ),
  ];
}

/**
 * Using the connection: its use actions (both prefixes for an older codestar-connections ARN)
 * on exactly this connection; `reason` words them for the one who uses it.
 */
function useConnection(
  ctx: SynthContext,
  source: CodeConnectionsSource,
  sid: string,
  reason: (actions: readonly string[]) => string,
): Grant {
  const connection = connectionArnOf(ctx.pipeline, source);
  const actions = useConnectionActions(connection);
  return allow({ sid, reason: reason(actions), actions, resources: [connection] });
}

/** What synth tells the user about the connection (plan notes). */
export function connectionNotes(ctx: SynthContext, source: CodeConnectionsSource): string[] {
  const connection = connectionArnOf(ctx.pipeline, source);
  const notes = [
    `the source is ${source.repository} through a CodeConnections connection: no source account, source stack, source role, forwarding rule or bus policy; the Source action runs in ${ctx.tools.alias} with the pipeline role, and the pipeline's V2 triggers start it (${CONNECTION_DOCS.triggers})`,
    `whoever deploys the pipeline stack passes the connection to CodePipeline: its identity needs codeconnections:PassConnection (codestar-connections:PassConnection for an older ARN) on ${connection} as well as CreatePipeline (${CONNECTION_DOCS.authorization})`,
    `start, status and doctor read the connection's state: the operator's identity needs codeconnections:GetConnection on ${connection} (${CONNECTION_DOCS.authorization})`,
    source.fullClone
      ? `full clone (OutputArtifactFormat CODEBUILD_CLONE_REF): the build clones ${source.repository} through the connection, so the build role may UseConnection on it too; only CodeBuild can read that artifact (${CONNECTION_DOCS.fullClone})`
      : `the source artifact is a ZIP (OutputArtifactFormat CODE_ZIP); source.fullClone: true (CODEBUILD_CLONE_REF) gives the build a git clone with history, and the build role UseConnection on the connection (${CONNECTION_DOCS.fullClone})`,
  ];
  const parsed = parseConnectionArn(connection);
  if (
    source.connection.kind === 'existing' &&
    parsed !== undefined &&
    parsed.account !== ctx.tools.id
  ) {
    notes.push(
      `the connection belongs to account ${parsed.account}, not the pipeline account ${ctx.tools.id}: its owner must share it with ${ctx.tools.id} through AWS RAM (${CONNECTION_DOCS.ramShareable}) and you must accept the share; the pipeline role's own UseConnection grant names the owner's ARN`,
    );
  }
  if (source.connection.kind === 'create') {
    notes.push(
      `crossline creates a ${source.connection.provider} connection in the pipeline stack; it stays PENDING until someone completes the handshake in the console, and the pipeline fails until then (${CONNECTION_DOCS.cfnConnection}; ${CONNECTION_DOCS.updatePending})`,
    );
  }
  return notes;
}
