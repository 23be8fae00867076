import {
  ECR_REPOSITORY_LENGTH,
  ECR_REPOSITORY_PATTERN,
  imageEnvVar,
  type ImageRepository,
} from '../model/index.js';
import { closestArtifact, produces } from './artifacts.js';
import type { RawProblem } from './problems.js';
import { type Obj, isObj, str } from './raw.js';

const ECR_NAMES =
  'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html';

/**
 * Why a path is not a location inside the build output, or undefined when it is one. The
 * CloudFormation action reads `TemplatePath` and `TemplateConfiguration` as
 * `<artifact>::<path inside it>`, and `aws cloudformation package` runs in the build's source
 * folder, whose files are the output: an absolute path or one that climbs out with `..` names
 * nothing there.
 */
export function outsideBuildOutput(path: string): string | undefined {
  if (/^([A-Za-z]:)?[\\/]/.test(path)) return 'is an absolute path';
  if (path.split(/[\\/]/).includes('..')) return "climbs out of the build output with '..'";
  if (/^~/.test(path)) return 'starts with ~ (a home folder)';
  return undefined;
}

const hintFor = (near: string | undefined): string =>
  near !== undefined
    ? `did you mean '${near}'? (or add the file to build.artifacts)`
    : 'add the file to build.artifacts, or omit build.artifacts to keep every file';

const targetsOf = (raw: Obj): { t: Obj; i: number; j: number }[] =>
  (Array.isArray(raw.stages) ? raw.stages : []).flatMap((stage, i) =>
    (isObj(stage) && Array.isArray(stage.targets) ? stage.targets : []).flatMap((t, j) =>
      isObj(t) ? [{ t, i, j }] : [],
    ),
  );

/** The located errors of the workload keys: `build.package`, `configuration`, `images`. */
export function workloadProblems(raw: Obj): RawProblem[] {
  const problems: RawProblem[] = [];
  const build = isObj(raw.build) ? raw.build : undefined;
  const artifacts = Array.isArray(build?.artifacts)
    ? build.artifacts.filter((e): e is string => typeof e === 'string' && e !== '')
    : [];
  const packages = Array.isArray(build?.package) ? build.package : [];
  const seen = new Map<string, number>();
  packages.forEach((entry, k) => {
    const path = str(entry);
    if (path === undefined || path === '') return;
    const why = outsideBuildOutput(path);
    if (why !== undefined) {
      problems.push({
        path: ['build', 'package', k],
        message: `build.package entry '${path}' ${why}: it must be a template path inside the build output`,
        hint: 'write the path relative to the repository root, e.g. infra/app.yaml',
      });
      return;
    }
    const first = seen.get(path);
    if (first !== undefined) {
      problems.push({
        path: ['build', 'package', k],
        message: `build.package lists '${path}' twice (also build.package[${first}])`,
        hint: 'list each template once',
      });
    } else seen.set(path, k);
  });

  for (const { t, i, j } of targetsOf(raw)) {
    const path = str(t.configuration);
    if (path === undefined || path === '') continue;
    const why = outsideBuildOutput(path);
    if (why !== undefined) {
      problems.push({
        path: ['stages', i, 'targets', j, 'configuration'],
        message: `the configuration file '${path}' ${why}: it must be a path inside the build output`,
        hint: 'write the path relative to the repository root, e.g. infra/prod.json',
      });
    } else if (artifacts.length > 0 && !artifacts.some((e) => produces(e, path))) {
      problems.push({
        path: ['stages', i, 'targets', j, 'configuration'],
        message: `the configuration file '${path}' is not in the build output: build.artifacts lists ${artifacts.join(', ')}`,
        hint: hintFor(closestArtifact(path, artifacts)),
      });
    }
  }

  const images = Array.isArray(raw.images) ? raw.images : [];
  const names = new Map<string, number>();
  const vars = new Map<string, string>();
  images.forEach((image, k) => {
    const name = isObj(image) ? str(image.name) : undefined;
    if (name === undefined) return;
    const { min, max } = ECR_REPOSITORY_LENGTH;
    if (!ECR_REPOSITORY_PATTERN.test(name) || name.length < min || name.length > max) {
      problems.push({
        path: ['images', k, 'name'],
        message: `ECR refuses the repository name '${name}': ${min}-${max} of lower-case letters and digits, separated by single . _ - or / (${ECR_NAMES})`,
        hint: `e.g. ${
          name
            .toLowerCase()
            .replace(/[^a-z0-9._/-]+/g, '-')
            .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'shop/api'
        }`,
      });
      return;
    }
    const first = names.get(name);
    if (first !== undefined) {
      problems.push({
        path: ['images', k, 'name'],
        message: `the repository '${name}' is listed twice (also images[${first}])`,
        hint: 'list each repository once',
      });
      return;
    }
    names.set(name, k);
    const env = imageEnvVar(name);
    const other = vars.get(env);
    if (other !== undefined) {
      problems.push({
        path: ['images', k, 'name'],
        message: `the repositories '${other}' and '${name}' would both give the build the variable ${env}`,
        hint: 'rename one of them so that they differ in more than . _ - or /',
      });
    } else vars.set(env, name);
  });
  return problems;
}

/** Templates in `build.package` that no target deploys: packaged, never used (a warning). */
export function workloadWarnings(raw: Obj): RawProblem[] {
  const build = isObj(raw.build) ? raw.build : undefined;
  const packages = Array.isArray(build?.package) ? build.package : [];
  const deployed = new Set(targetsOf(raw).map(({ t }) => str(t.template)));
  return packages.flatMap((entry, k): RawProblem[] => {
    const path = str(entry);
    if (path === undefined || deployed.has(path) || outsideBuildOutput(path) !== undefined)
      return [];
    return [
      {
        path: ['build', 'package', k],
        message: `build.package lists '${path}', which no target deploys: the build packages it for nothing`,
        hint: `deploy it from a target (template: ${path}) or remove it from build.package`,
      },
    ];
  });
}

/** The model's image repositories (config order). */
export function imagesOf(input: {
  readonly images?: readonly { name: string; tagImmutability?: boolean }[] | undefined;
}): readonly ImageRepository[] | undefined {
  return input.images?.map((i) => ({ name: i.name, tagImmutability: i.tagImmutability ?? false }));
}
