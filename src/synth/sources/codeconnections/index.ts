import { connectionArnOf, type CodeConnectionsSource } from '../../../model/index.js';
import type { Resources } from '../../cfn.js';
import type { SynthContext } from '../../context.js';
import { SOURCE_OUTPUT } from '../../pipeline-model.js';
import type { SourcePipelinePart, SynthSourceModule } from '../provider.js';
import { CONNECTION_DOCS } from './docs.js';
import { buildGrants, connectionNotes, pipelineGrants } from './grants.js';
import { gitTriggers } from './triggers.js';

const ACTION_NAME = 'Source';
/** The pipeline stack's output that gives a created connection's ARN. */
export const CONNECTION_OUTPUT = 'ConnectionArn';

/**
 * CodeConnections (GitHub, GitLab, Bitbucket): the CodeStarSourceConnection action reads the
 * repository through a connection, in the pipeline account, with the pipeline role. Nothing
 * crosses accounts to start it: the pipeline's V2 git triggers do.
 *
 *   GitHub/GitLab/Bitbucket ──(connection)──▶ tools account: pipeline (trigger) ─▶ Source action
 *
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html
 */
export const codeconnections: SynthSourceModule<CodeConnectionsSource> = {
  provider: 'codeconnections',
  label: 'CodeStarSourceConnection',
  runsAsPipelineRole: true,
  action: (ctx, source) => ({
    name: ACTION_NAME,
    category: 'Source',
    provider: 'CodeStarSourceConnection',
    runOrder: 1,
    configuration: {
      BranchName: source.branch,
      ConnectionArn: connectionArnOf(ctx.pipeline, source),
      FullRepositoryId: source.repository,
      // A ZIP that every action can read, unless fullClone: CODEBUILD_CLONE_REF works only for
      // a CodeBuild input and needs UseConnection on the build role (CONNECTION_DOCS.fullClone).
      OutputArtifactFormat: source.fullClone ? 'CODEBUILD_CLONE_REF' : 'CODE_ZIP',
    },
    inputArtifacts: [],
    outputArtifacts: [SOURCE_OUTPUT],
  }),
  stack: () => undefined,
  startTrigger: () => undefined,
  busPolicy: () => undefined,
  pipelineGrants,
  buildGrants,
  pipelinePart: (ctx, source) => pipelinePart(ctx, source),
};

function pipelinePart(ctx: SynthContext, source: CodeConnectionsSource): SourcePipelinePart {
  const resources: Resources = {};
  const created = source.connection.kind === 'create' ? source.connection : undefined;
  if (created !== undefined) {
    resources.Connection = {
      Type: 'AWS::CodeConnections::Connection',
      // A replaced connection is a new handshake in the console: keep the one a person completed.
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        // Unique in the account, 1-32 characters: the pipeline name fits (CONNECTION_DOCS.cfnConnection).
        ConnectionName: ctx.names.pipeline,
        ProviderType: created.provider,
        ...(created.host === undefined ? {} : { HostArn: created.host }),
      },
    };
  }
  const placeholder = connectionArnOf(ctx.pipeline, source);
  return {
    resources,
    refs: created === undefined ? [] : [{ text: placeholder, sub: 'Connection.ConnectionArn' }],
    outputs:
      created === undefined
        ? {}
        : {
            [CONNECTION_OUTPUT]: {
              Description: `ARN of the ${created.provider} connection (PENDING until completed in the console: ${CONNECTION_DOCS.updatePending})`,
              Value: { 'Fn::GetAtt': ['Connection', 'ConnectionArn'] },
            },
          },
    placeholders: created === undefined ? [] : [{ text: placeholder, output: CONNECTION_OUTPUT }],
    notes: connectionNotes(ctx, source),
    triggers: {
      api: gitTriggers('api', source, ACTION_NAME),
      cfn: gitTriggers('cfn', source, ACTION_NAME),
    },
  };
}
