import { ConfigInvalidError, usageError } from '../errors/index.js';
import { arn, partitionOf } from '../model/index.js';
import { parseConfig } from './load.js';

/** Options for `crossline init`; every field has a placeholder default. */
export interface StarterOptions {
  readonly name?: string;
  readonly region?: string;
  readonly tools?: string;
  readonly source?: string;
  readonly staging?: string;
  readonly prod?: string;
  readonly repository?: string;
  readonly branch?: string;
  /** Where the JSON Schema is, for the yaml-language-server line. */
  readonly schemaUrl?: string;
}

export const DEFAULT_SCHEMA_URL = './node_modules/crossline/schema/crossline.schema.json';

/** A commented starter config (docs/design.md §2) that passes `crossline validate` as written. */
export function starterConfig(o: StarterOptions = {}): string {
  const name = o.name ?? 'my-app';
  const region = o.region ?? 'us-east-1';
  // The policy ARN must be in the region's partition (arn:aws-cn:… in China, …).
  const policy = arn.managedPolicy(partitionOf(region) ?? 'aws', 'PowerUserAccess');
  const v = yamlScalar;
  const id = (given: string | undefined, placeholder: string): string =>
    JSON.stringify(given ?? placeholder);
  const text = `# yaml-language-server: $schema=${o.schemaUrl ?? DEFAULT_SCHEMA_URL}
# crossline config v1 — one file for a cross-account CodePipeline.
# Check it with \`crossline validate\`, then \`crossline plan\` to see everything it generates.
version: 1
name: ${v(name)} #| lower-case, <= 32 chars; every physical name starts with it
region: ${v(region)} #| one region for the whole pipeline

accounts: #| alias -> 12-digit id (always quoted) or { id, profile }
  tools: ${id(o.tools, '111111111111')} #| the pipeline, artifact bucket and key live here
  source: ${id(o.source, '222222222222')} #| the CodeCommit repository lives here
  staging: ${id(o.staging, '333333333333')}
  prod: ${id(o.prod, '444444444444')}

source:
  account: source
  repository: ${v(o.repository ?? name)} #| CodeCommit repository name (no .git)
  branch: ${v(o.branch ?? 'main')} #| pushes to this branch start the pipeline

build: #| CodeBuild in the tools account
  commands: [npm ci, npm test]
  artifacts: [template.yaml] #| files the deploy stages read

stages:
  - name: staging
    targets:
      - { account: staging, stack: ${v(`${name}-staging`)}, template: template.yaml, parameters: { Env: staging } }
  - name: prod
    approval: true #| a person approves before prod
    targets:
      - { account: prod, stack: ${v(`${name}-prod`)}, template: template.yaml, parameters: { Env: prod } }

execution: #| what CloudFormation may do in the target accounts (required)
  policies: [${policy}]

credentials: #| deploy time only: role to assume where an account has no profile
  assumeRole: OrganizationAccountAccessRole
`;
  return alignComments(text);
}

/** A flag value as a YAML scalar: plain when that is safe, otherwise double-quoted. */
function yamlScalar(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/@-]*$/.test(value) ? value : JSON.stringify(value);
}

/** Lines with ` #| comment` get the comment at one column, as `# comment`. */
function alignComments(text: string): string {
  const marker = ' #| ';
  const lines = text.split('\n');
  const width = Math.max(...lines.filter((l) => l.includes(marker)).map((l) => l.indexOf(marker)));
  return lines
    .map((l) => {
      const at = l.indexOf(marker);
      return at < 0 ? l : `${l.slice(0, at).padEnd(width)}  # ${l.slice(at + marker.length)}`;
    })
    .join('\n');
}

/** Which `init` flag sets each config path, to explain a bad value in the user's terms. */
const FLAG_OF: Readonly<Record<string, string>> = {
  name: '--name',
  region: '--region',
  'accounts.tools': '--tools',
  'accounts.source': '--source',
  'accounts.staging': '--staging',
  'accounts.prod': '--prod',
  'source.repository': '--repository',
  'source.branch': '--branch',
};

/** A bad value, named by the `init` flag that sets it. */
export interface StarterProblem {
  /** `--tools`, `--region`, … (or the config path when no flag sets it). */
  readonly flag: string;
  /** What is wrong, without the field's name (the flag or the question already names it). */
  readonly message: string;
}

/** The problems the starter config built from these options would have (none: it is valid). */
export function starterProblems(o: StarterOptions = {}): StarterProblem[] {
  try {
    parseConfig(starterConfig(o), 'starter');
    return [];
  } catch (e) {
    if (!(e instanceof ConfigInvalidError)) throw e;
    const problems = e.problems.map((p) => {
      const flag = Object.entries(FLAG_OF).find(([path]) => p.path?.startsWith(path))?.[1];
      // "account 'tools': '123' is not …", "source.branch: not …": the flag or the question
      // already says which field.
      const own = p.message.replace(/^account '[^']*': /, '');
      const message =
        p.path !== undefined && own.startsWith(`${p.path}: `) ? own.slice(p.path.length + 2) : own;
      return {
        flag: flag ?? p.path ?? 'config',
        message: `${message}${p.hint ? ` (${p.hint})` : ''}`,
        byFlag: flag !== undefined,
      };
    });
    // A field no flag sets is derived from one (the stack names from --name): when a flag's
    // value is wrong, the derived field is the same mistake again.
    const flagged = problems.filter((p) => p.byFlag);
    return (flagged.length > 0 ? flagged : problems).map(({ flag, message }) => ({
      flag,
      message,
    }));
  }
}

/**
 * The starter config, checked like any config before anything is written: a flag with a bad
 * value (an 11-digit account id, a region typo) is reported against the flag, with the hint.
 */
export function checkedStarterConfig(o: StarterOptions = {}): string {
  const problems = starterProblems(o);
  if (problems.length > 0) {
    throw usageError(
      `the starter config would not be valid:\n  ${problems.map((p) => `${p.flag}: ${p.message}`).join('\n  ')}`,
      'fix the flag values above; nothing was written',
    );
  }
  return starterConfig(o);
}
