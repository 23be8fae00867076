import type { Finding } from '../findings.js';
import type { LintRule } from './rule.js';

/**
 * The CodeBuild projects the build actions name: a missing one fails codebuild:StartBuild;
 * one without a service role leaves the build rows unchecked. Source:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeBuild.html
 * and https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html
 */
export const buildProject: LintRule = (s) =>
  (s.buildProjects ?? []).flatMap((b): Finding[] => {
    if (b.project === null) {
      return [
        {
          severity: 'error',
          category: 'runtime',
          step: 'build.start',
          account: b.account,
          message: `the build project ${b.name} does not exist in account ${b.account}`,
          fix: `create the CodeBuild project ${b.name}, or set the build action's ProjectName to an existing project`,
        },
      ];
    }
    if (b.project.serviceRole !== undefined) return [];
    return [
      {
        severity: 'warning',
        category: 'unchecked',
        step: 'build.read',
        account: b.account,
        message: `the build project ${b.name} names no service role, so its access was not checked`,
        fix: `give the project a service role that can read and write the artifacts (and use the artifact key)`,
      },
    ];
  });
