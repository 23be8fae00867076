import { roleResources, type CfnRef, type Resources } from '../cfn.js';
import type { SynthContext } from '../context.js';
import { layoutRole, type RoleLayout } from '../policies/layout.js';
import { PARAM } from '../placeholders.js';
import {
  logicalSuffix,
  TEST_LOG_RETENTION_DAYS,
  testBuildSpec,
  testedStages,
  testProjectRole,
} from './tests.js';

/**
 * The pipeline stack's part of `stages[].tests`: per tested stage the project, its log group
 * and its role. The project follows the build project's rules: the artifact key, its own log
 * group with the same retention, the build's image and compute type.
 */
export function testStackPart(
  ctx: SynthContext,
  refs: readonly CfnRef[],
): { resources: Resources; roles: RoleLayout[] } {
  const resources: Resources = {};
  const roles: RoleLayout[] = [];
  const image = ctx.pipeline.build.image;
  for (const s of testedStages(ctx)) {
    const layout = layoutRole(testProjectRole(ctx, s));
    roles.push(layout);
    const id = logicalSuffix(s.name);
    Object.assign(
      resources,
      roleResources(layout, refs, `CodeBuild runs the tests of ${s.stage.name} with this role`),
    );
    resources[`TestLogGroup${id}`] = {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: s.logGroupName, RetentionInDays: TEST_LOG_RETENTION_DAYS },
    };
    resources[`TestProject${id}`] = {
      Type: 'AWS::CodeBuild::Project',
      Properties: {
        Name: s.name,
        Description: `Tests of stage ${s.stage.name} of the ${ctx.names.pipeline} pipeline`,
        ServiceRole: { 'Fn::GetAtt': [layout.role.logicalId, 'Arn'] },
        EncryptionKey: { Ref: PARAM.keyArn },
        Source: { Type: 'CODEPIPELINE', BuildSpec: testBuildSpec(ctx, s) },
        Artifacts: { Type: 'CODEPIPELINE' },
        Environment: {
          Type: /aarch64|arm/i.test(image) ? 'ARM_CONTAINER' : 'LINUX_CONTAINER',
          ComputeType: ctx.pipeline.build.computeType,
          Image: image,
        },
        LogsConfig: {
          CloudWatchLogs: { Status: 'ENABLED', GroupName: { Ref: `TestLogGroup${id}` } },
        },
      },
    };
  }
  return { resources, roles };
}
