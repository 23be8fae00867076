import { siblingArn } from '../../model/arns.js';
import {
  connectionArnOf,
  useConnectionActions,
  type CodeConnectionsSource,
  type Pipeline,
} from '../../model/index.js';
import type { ScriptContext } from '../generator.js';
import { makeRow } from '../rows.js';
import { step } from '../step.js';
import type { CodeConnectionsSourceTopology } from '../topology.js';
import type { AccessRow } from '../types.js';
import { sourceRoleDenial, type VerifySourceModule } from './provider.js';

const DOCS = 'https://docs.aws.amazon.com';
/** The action's service-role permission: UseConnection on the connection. */
const ACTION_DOC = `${DOCS}/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html`;
/** PutObjectAcl: what the artifact's ACL header is authorised as. */
const S3_ACL_DOC = `${DOCS}/AmazonS3/latest/API/API_PutObject.html`;
/** Full clone: the CodeBuild service role needs UseConnection on the connection. */
const FULL_CLONE_DOC = `${DOCS}/codepipeline/latest/userguide/tutorials-github-gitclone.html`;
/** CodeConnections actions and the connection resource type. */
const AUTHZ_DOC = `${DOCS}/service-authorization/latest/reference/list_awscodeconnections.html`;

/**
 * A repository behind a CodeConnections connection: the pipeline role runs the action and
 * uses the one connection. There is no source role, forwarding rule or bus: the pipeline's
 * own git triggers start it (`pipelineTriggered`).
 */
export const codeconnections: VerifySourceModule<
  CodeConnectionsSourceTopology,
  CodeConnectionsSource
> = {
  provider: 'codeconnections',
  pipelineTriggered: true,

  topology(p: Pipeline, source: CodeConnectionsSource): CodeConnectionsSourceTopology {
    return {
      provider: 'codeconnections',
      connectionArn: connectionArnOf(p, source),
      fullClone: source.fullClone,
    };
  },

  // A connection shared through AWS RAM (its ARN names the owner) is used like one of the
  // pipeline account's own: only the actor's identity policy decides, so the row is
  // evaluated in the actor's account.
  accessRows(ctx: ScriptContext, source, actor): AccessRow[] {
    const use = (principal: string, at: ReturnType<typeof step>, doc: string) =>
      useConnectionActions(source.connectionArn).map((action) =>
        makeRow('allow', {
          step: at,
          principal,
          action,
          resource: source.connectionArn,
          resourceAccount: ctx.t.tools,
          source: doc,
        }),
      );
    const build = ctx.t.buildRole;
    return [
      ...use(actor, step('source', { verb: 'read' }), ACTION_DOC),
      // Full clone: CodeBuild runs git clone through the connection with the build role.
      ...(source.fullClone === true && build !== undefined
        ? use(build, step('build', { verb: 'clone' }), FULL_CLONE_DOC)
        : []),
    ];
  },

  // The pipeline role uses exactly this connection and cannot change it.
  negativeRows(ctx: ScriptContext, source, actor): AccessRow[] {
    const inTools = { resourceAccount: ctx.t.tools };
    const deny = sourceRoleDenial(actor, AUTHZ_DOC, inTools);
    const [use] = useConnectionActions(source.connectionArn);
    return [
      deny(use, siblingArn(source.connectionArn, '-other')),
      // The artifact ACL the action writes is granted on the artifact bucket only.
      sourceRoleDenial(
        actor,
        S3_ACL_DOC,
        inTools,
      )(
        's3:PutObjectAcl',
        `${siblingArn(ctx.t.bucketArn, '-other')}/${ctx.t.pipelineName}/SourceArti/x`,
      ),
      deny('codeconnections:DeleteConnection', source.connectionArn),
      deny('codeconnections:PassConnection', source.connectionArn),
      // The build role uses the connection only for a full clone; never to read its state.
      ...(ctx.t.buildRole === undefined
        ? []
        : [
            makeRow('deny', {
              step: step('negative', { check: 'source-role', verb: 'build' }),
              principal: ctx.t.buildRole,
              action: source.fullClone === true ? 'codeconnections:GetConnection' : use,
              resource: source.connectionArn,
              resourceAccount: ctx.t.tools,
              source: source.fullClone === true ? AUTHZ_DOC : FULL_CLONE_DOC,
            }),
            makeRow('deny', {
              step: step('negative', { check: 'source-role', verb: 'build-other' }),
              principal: ctx.t.buildRole,
              action: use,
              resource: siblingArn(source.connectionArn, '-other'),
              resourceAccount: ctx.t.tools,
              source: AUTHZ_DOC,
            }),
          ]),
    ];
  },
};
