import {
  ARTIFACT_KEY_ENV,
  packagedPath,
  packagedTemplates,
  packagesPrefix,
} from '../../model/index.js';
import type { Json } from '../cfn.js';
import type { SynthContext } from '../context.js';
import { PARAM } from '../placeholders.js';
import { imageEnvironment } from './repositories.js';
import {
  regionalKeyEnvironment,
  regionalPackageCommands,
  regionalPackagedOutputs,
  shellWord,
} from './regional.js';

/**
 * `aws cloudformation package` for each `build.package` template, after the user's commands:
 * local CodeUri / TemplateURL paths are uploaded to `<bucket>/<name>/packages/` with SSE-KMS by
 * the artifact key (the bucket denies uploads without it), and the packaged template is written
 * next to the original, where the deploy action reads it.
 * https://docs.aws.amazon.com/cli/latest/reference/cloudformation/package.html
 */
export function packageCommands(ctx: SynthContext): string[] {
  return [...mainPackageCommands(ctx), ...regionalPackageCommands(ctx)];
}

function mainPackageCommands(ctx: SynthContext): string[] {
  return packagedTemplates(ctx.pipeline).map((t) =>
    [
      'aws cloudformation package',
      `--template-file ${shellWord(t)}`,
      `--s3-bucket ${ctx.names.bucket}`,
      `--s3-prefix ${shellWord(packagesPrefix(ctx.pipeline.name))}`,
      `--kms-key-id "$${ARTIFACT_KEY_ENV}"`,
      `--output-template-file ${shellWord(packagedPath(t))}`,
    ].join(' '),
  );
}

/** Files the build output adds for packaging: the packaged templates (when the output is a list). */
export function packagedOutputs(ctx: SynthContext): string[] {
  return [...packagedTemplates(ctx.pipeline).map(packagedPath), ...regionalPackagedOutputs(ctx)];
}

/**
 * What the build project's Environment gains: environment variables (image URIs, the artifact
 * key ARN) and privileged mode, which CodeBuild needs to run Docker for `docker build`/`push`
 * (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_ProjectEnvironment.html).
 * Empty for a pipeline without workloads, so its template stays as it was.
 */
export function workloadEnvironment(ctx: SynthContext): Record<string, Json> {
  const variables: Json[] = [
    ...(packagedTemplates(ctx.pipeline).length > 0
      ? [{ Name: ARTIFACT_KEY_ENV, Type: 'PLAINTEXT', Value: { Ref: PARAM.keyArn } }]
      : []),
    ...regionalKeyEnvironment(ctx),
    ...imageEnvironment(ctx),
  ];
  const images = (ctx.pipeline.images ?? []).length > 0;
  return {
    ...(variables.length > 0 ? { EnvironmentVariables: variables } : {}),
    ...(images ? { PrivilegedMode: true } : {}),
  };
}
