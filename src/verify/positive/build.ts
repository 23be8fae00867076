import type { RowGenerator } from '../generator.js';
import { allow, artifactAccess } from '../positive.js';
import { SOURCES } from '../sources.js';
import { step } from '../step.js';
import type { AccessRow } from '../types.js';

/**
 * The pipeline starts the project and polls it; the build role reads the source artifact,
 * writes the build artifact and its logs.
 */
export const buildRows: RowGenerator = (ctx) => {
  const { t, r } = ctx;
  const rows: AccessRow[] = [];
  const build = (verb: string) => step('build', { verb });
  if (t.buildProjectArn !== undefined) {
    for (const [verb, action] of [
      ['start', 'codebuild:StartBuild'],
      ['status', 'codebuild:BatchGetBuilds'],
    ] as const) {
      rows.push(
        allow({
          step: build(verb),
          principal: t.pipelineRole,
          action,
          resource: t.buildProjectArn,
          source: SOURCES.codebuildAction,
        }),
      );
    }
  }
  const role = t.buildRole;
  if (role === undefined) return rows;
  const logs = { step: build('logs'), principal: role, source: SOURCES.codebuildServiceRole };
  rows.push(
    ...artifactAccess(ctx, { phase: 'build', principal: role }, 'SourceArti', logs.source),
    // CodeBuild checks who owns the bucket it reads from and writes to (its service role
    // policy grants GetBucketAcl and GetBucketLocation on the bucket for that).
    ...['s3:GetBucketAcl', 's3:GetBucketLocation'].map((action) =>
      allow({
        step: build('inspect'),
        principal: role,
        action,
        resource: t.bucketArn,
        resourceAccount: t.tools,
        resourcePolicy: r.bucketPolicy,
        source: SOURCES.codebuildServiceRole,
      }),
    ),
  );
  const group = t.buildLogGroupArn;
  if (group === undefined) return rows;
  if (t.buildLogGroupCreated !== true)
    rows.push(allow({ ...logs, action: 'logs:CreateLogGroup', resource: group }));
  for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents'])
    rows.push(allow({ ...logs, action, resource: `${group}:log-stream:0a1b2c3d-build` }));
  return rows;
};
