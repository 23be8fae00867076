import { arn, partitionOf } from '../model/index.js';
import type { Path } from './locate.js';
import { sourceHint } from './codeconnections.js';
import { buildEnvironmentHint } from './build-environment.js';
import { rolloutHint } from './organization-rollout.js';
import type { Obj } from './raw.js';

/**
 * What to do about a problem at a config path, for problems the schema found (semantic
 * problems carry their own hint). Keyed by the path with list indexes replaced by `[]`.
 */
export function hintFor(path: Path, raw: Obj): string {
  const key = path.map((s) => (typeof s === 'number' ? '[]' : s)).join('.');
  const value = valueAt(raw, path);
  const provider = sourceHint(key, raw);
  if (provider !== undefined) return provider;
  const build = buildEnvironmentHint(key);
  if (build !== undefined) return build;
  const rollout = rolloutHint(key);
  if (rollout !== undefined) return rollout;
  switch (key) {
    case 'version':
      return 'this crossline reads config version 1: version: 1';
    case 'name':
      return 'e.g. name: my-app (lower-case letters, digits and hyphens, at most 32; every physical name starts with it)';
    case 'region':
      return 'a region code such as us-east-1 or eu-west-1';
    case 'pipelineAccount':
    case 'source.account':
    case 'stages.[].targets.[].account':
      return "the alias of an account under 'accounts'";
    case 'source':
      return 'e.g. source: { account: source, repository: my-app, branch: main }';
    case 'source.repository':
      if (typeof value === 'string' && /\.git$/i.test(value)) {
        return `drop the suffix: repository: ${repositoryLike(value, raw)}`;
      }
      return typeof value === 'string' && value !== ''
        ? `1-100 letters, digits, '.', '_' or '-', e.g. repository: ${repositoryLike(value, raw)}`
        : "the CodeCommit repository name: 1-100 letters, digits, '.', '_' or '-'";
    case 'source.branch':
      return typeof value === 'string' && value !== ''
        ? "a git branch name: no spaces or ~ ^ : ? * [ \\, no '..', not starting or ending with / or ."
        : 'the branch whose pushes start the pipeline, e.g. branch: main';
    case 'build':
    case 'build.commands':
      return 'e.g. build: { commands: [npm ci, npm test] }';
    case 'build.artifacts':
      return 'files the deploy stages read, e.g. artifacts: [template.yaml]; omit the key for everything';
    case 'stages':
      return 'a list of stages, e.g. stages: [{ name: staging, targets: [...] }]';
    case 'stages.[].name':
      return "1-100 letters, digits, '.', '@', '-' or '_', unique in the pipeline";
    case 'stages.[].targets':
      return 'e.g. targets: [{ account: staging, stack: my-app-staging, template: template.yaml }]';
    case 'stages.[].targets.[].stack':
      return typeof value === 'string' && value !== ''
        ? `CloudFormation stack names have letters, digits and hyphens and start with a letter, e.g. ${stackNameLike(value)}`
        : 'CloudFormation stack names have letters, digits and hyphens and start with a letter';
    case 'stages.[].approval':
      return `use true or false, e.g. approval: ${booleanLike(value)} (a person approves before the stage when true)`;
    case 'source.create':
      return `use true or false, e.g. create: ${booleanLike(value)}`;
    case 'stages.[].targets.[].template':
      return "the template's path inside the build output, e.g. template.yaml";
    case 'execution':
    case 'execution.policies':
    case 'execution.policies.[]':
      return executionHint(raw, value);
    default:
      return 'see the commented starter file that `crossline init` writes for every key';
  }
}

/** execution.policies is required: crossline refuses to guess what CloudFormation may do. */
function executionHint(raw: Obj, value: unknown): string {
  const partition = typeof raw.region === 'string' ? partitionOf(raw.region) : undefined;
  // A bare name (AdministratorAccess, job-function/ViewOnlyAccess) is an AWS managed policy.
  if (typeof value === 'string' && /^[\w+=,.@-]+(\/[\w+=,.@-]+)*$/.test(value)) {
    return `did you mean ${arn.managedPolicy(partition ?? 'aws', value)}?`;
  }
  const example = arn.managedPolicy(partition ?? 'aws', 'PowerUserAccess');
  return (
    'crossline does not guess what CloudFormation may create in your target accounts; ' +
    `name the managed policies of its execution role, e.g. execution: { policies: [${example}] }, ` +
    'or a narrower policy of your own (arn:…:iam::<account>:policy/<name>)'
  );
}

/** YAML 1.2 reads yes/no/on/off as strings; say which boolean they most likely meant. */
function booleanLike(value: unknown): string {
  return typeof value === 'string' && /^\s*(n|no|off|false)\b/i.test(value) ? 'false' : 'true';
}

/** A valid repository name close to `value` (without .git, with only allowed characters). */
function repositoryLike(value: string, raw: Obj): string {
  const cleaned = value
    .replace(/(\.git)+$/i, '')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/(\.git)+$/i, '');
  if (cleaned !== '') return cleaned;
  return typeof raw.name === 'string' && /^[\w.-]{1,100}$/.test(raw.name) ? raw.name : 'my-app';
}

function stackNameLike(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^[^A-Za-z]+/, '');
  return (cleaned || 'my-app-stack').slice(0, 128);
}

function valueAt(raw: unknown, path: Path): unknown {
  let v: unknown = raw;
  for (const s of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[s];
  }
  return v;
}
