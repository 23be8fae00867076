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

/** A commented starter config (DESIGN.md §2) that passes `crossline validate` as written. */
export function starterConfig(o: StarterOptions = {}): string {
  const name = o.name ?? 'my-app';
  const region = o.region ?? 'us-east-1';
  // The policy ARN must be in the region's partition (arn:aws-cn:… in China, …).
  const policy = arn.managedPolicy(partitionOf(region) ?? 'aws', 'PowerUserAccess');
  return `# yaml-language-server: $schema=${o.schemaUrl ?? DEFAULT_SCHEMA_URL}
# crossline config v1 — one file for a cross-account CodePipeline.
# Check it with \`crossline validate\`, then \`crossline plan\` to see everything it generates.
version: 1
name: ${name}                 # lower-case, <= 32 chars; every physical name starts with it
region: ${region}          # one region for the whole pipeline

accounts:                     # alias -> 12-digit id (always quoted) or { id, profile }
  tools: "${o.tools ?? '111111111111'}"        # the pipeline, artifact bucket and key live here
  source: "${o.source ?? '222222222222'}"       # the CodeCommit repository lives here
  staging: "${o.staging ?? '333333333333'}"
  prod: "${o.prod ?? '444444444444'}"

source:
  account: source
  repository: ${o.repository ?? name}         # CodeCommit repository name (no .git)
  branch: ${o.branch ?? 'main'}                # pushes to this branch start the pipeline

build:                        # CodeBuild in the tools account
  commands: [npm ci, npm test]
  artifacts: [template.yaml]  # files the deploy stages read

stages:
  - name: staging
    targets:
      - { account: staging, stack: ${name}-staging, template: template.yaml, parameters: { Env: staging } }
  - name: prod
    approval: true            # a person approves before prod
    targets:
      - { account: prod, stack: ${name}-prod, template: template.yaml, parameters: { Env: prod } }

execution:                    # what CloudFormation may do in the target accounts (required)
  policies: [${policy}]

credentials:                  # deploy time only: role to assume where an account has no profile
  assumeRole: OrganizationAccountAccessRole
`;
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

/**
 * The starter config, checked like any config before anything is written: a flag with a bad
 * value (an 11-digit account id, a region typo) is reported against the flag, with the hint.
 */
export function checkedStarterConfig(o: StarterOptions = {}): string {
  const text = starterConfig(o);
  try {
    parseConfig(text, 'starter');
  } catch (e) {
    if (!(e instanceof ConfigInvalidError)) throw e;
    const lines = e.problems.map((p) => {
      const flag = Object.entries(FLAG_OF).find(([path]) => p.path?.startsWith(path))?.[1];
      return `${flag ?? p.path ?? 'config'}: ${p.message}${p.hint ? ` (${p.hint})` : ''}`;
    });
    throw usageError(
      `the starter config would not be valid:\n  ${lines.join('\n  ')}`,
      'fix the flag values above; nothing was written',
    );
  }
  return text;
}
