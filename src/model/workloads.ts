import type { Pipeline, Target } from './types.js';

/**
 * Workload facts more than one layer needs (config checks them, synth writes the buildspec and
 * grants, verify proves them): where packaged code lives, what a packaged template is called,
 * how ECR names repositories and how the build learns their URIs.
 */

/**
 * ECR's repository name rule (CreateRepository `repositoryName`: 2-256 characters,
 * `(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*`).
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html
 */
export const ECR_REPOSITORY_PATTERN =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
export const ECR_REPOSITORY_LENGTH = { min: 2, max: 256 } as const;

/** The S3 key prefix `aws cloudformation package` uploads code and nested templates under. */
export function packagesPrefix(name: string): string {
  return `${name}/packages`;
}

/** Templates the build packages (empty when `build.package` is not set). */
export function packagedTemplates(p: Pick<Pipeline, 'build'>): readonly string[] {
  return p.build.package ?? [];
}

/** Where the build writes the packaged form of a template: `infra/app.yaml` → `infra/app.packaged.yaml`. */
export function packagedPath(template: string): string {
  const slash = template.lastIndexOf('/');
  const dot = template.lastIndexOf('.');
  return dot > slash + 1
    ? `${template.slice(0, dot)}.packaged${template.slice(dot)}`
    : `${template}.packaged`;
}

/**
 * Where the build writes a template packaged into an extra region's store (targets in several
 * regions): `infra/app.yaml` → `infra/app.packaged.eu-west-1.yaml`.
 */
export function packagedPathIn(template: string, region: string): string {
  const path = packagedPath(template);
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 && path.slice(0, dot).endsWith('.packaged')
    ? `${path.slice(0, dot)}.${region}${path.slice(dot)}`
    : `${path}.${region}`;
}

/**
 * The template a target's CloudFormation action deploys: the packaged one when it is
 * packaged, packaged into its own region's store when that is not the pipeline's.
 */
export function deployedTemplate(
  p: Pick<Pipeline, 'build'> & Partial<Pick<Pipeline, 'region'>>,
  t: Target,
): string {
  if (!packagedTemplates(p).includes(t.template)) return t.template;
  return t.region === undefined || t.region === p.region
    ? packagedPath(t.template)
    : packagedPathIn(t.template, t.region);
}

/** The build environment variable holding an image repository's URI: `shop/api` → `IMAGE_REPO_SHOP_API`. */
export function imageEnvVar(name: string): string {
  return `IMAGE_REPO_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The build environment variable holding the artifact key ARN, for `--kms-key-id`. */
export const ARTIFACT_KEY_ENV = 'CROSSLINE_ARTIFACT_KEY_ARN';
