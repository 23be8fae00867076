/** The AWS CLI v1 of docs/design.md §9 (the pyenv shim, not /usr/bin/aws v2), pointed at moto. */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { toolPath } from '../support/tools.js';

/** Path of an AWS CLI v1 on PATH, or undefined (an old v2 at /usr/bin/aws does not count). */
export function awsCliV1(): string | undefined {
  const path = toolPath('aws');
  if (path === undefined) return undefined;
  const v = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return /aws-cli\/1\./.test(`${v.stdout}${v.stderr}`) ? path : undefined;
}

/** Like requireTool: the CLI path, or undefined after skipping `t` (throws when CI=true). */
export function requireAwsCliV1(t: TestContext): string | undefined {
  const cli = awsCliV1();
  if (cli !== undefined) return cli;
  const why = 'the AWS CLI v1 (pyenv shim, docs/design.md §9) is not on PATH';
  if (process.env.CI === 'true') throw new Error(`${why}; CI requires it`);
  console.error(`skipping "${t.name}": ${why}`);
  t.skip(why);
  return undefined;
}

export interface Credentials {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly SessionToken?: string;
}

export function cliEnv(region: string, creds?: Credentials): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: creds?.AccessKeyId ?? 'AKIACROSSLINETEST0001',
    AWS_SECRET_ACCESS_KEY: creds?.SecretAccessKey ?? 'dummy',
    ...(creds?.SessionToken ? { AWS_SESSION_TOKEN: creds.SessionToken } : {}),
    AWS_DEFAULT_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function aws(
  cli: string,
  args: readonly string[],
  endpoint: string,
  env: Record<string, string>,
): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      cli,
      [...args, '--endpoint-url', endpoint, '--output', 'json'],
      { env, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        done({ status: typeof code === 'number' ? code : error ? -1 : 0, stdout, stderr });
      },
    );
  });
}

/** Credentials acting in `account`: moto's AssumeRole into any role ARN of that account. */
export async function actAs(
  cli: string,
  endpoint: string,
  region: string,
  partition: string,
  account: string,
): Promise<Credentials> {
  const r = await aws(
    cli,
    [
      'sts',
      'assume-role',
      '--role-arn',
      `arn:${partition}:iam::${account}:role/any`,
      '--role-session-name',
      'crossline-test',
    ],
    endpoint,
    cliEnv(region),
  );
  if (r.status !== 0) throw new Error(`assume-role into ${account} failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { Credentials: Credentials }).Credentials;
}

/**
 * The tools account creates the pipeline from `file` with `aws codepipeline create-pipeline
 * --cli-input-json` (after the pipeline role, which moto checks exists in the calling account,
 * from `dir`'s policies/pipeline-role-trust.json); the CLI must accept it without a parameter
 * validation error. Returns what `get-pipeline` gives back (its `pipeline` object).
 */
export async function createPipelineWithCli(
  cli: string,
  endpoint: string,
  pipeline: {
    readonly name: string;
    readonly region: string;
    readonly partition: string;
    readonly tools: { readonly id: string };
  },
  dir: string,
  file: string,
): Promise<unknown> {
  const creds = await actAs(cli, endpoint, pipeline.region, pipeline.partition, pipeline.tools.id);
  const env = cliEnv(pipeline.region, creds);
  const role = await aws(
    cli,
    [
      'iam',
      'create-role',
      '--role-name',
      `${pipeline.name}-pipeline`,
      '--assume-role-policy-document',
      `file://${join(dir, 'policies/pipeline-role-trust.json')}`,
    ],
    endpoint,
    env,
  );
  assert.equal(role.status, 0, role.stderr);
  const created = await aws(
    cli,
    ['codepipeline', 'create-pipeline', '--cli-input-json', `file://${file}`],
    endpoint,
    env,
  );
  assert.equal(created.status, 0, `create-pipeline: ${created.stderr}`);
  assert.doesNotMatch(created.stderr, /Parameter validation failed/);
  const got = await aws(
    cli,
    ['codepipeline', 'get-pipeline', '--name', pipeline.name],
    endpoint,
    env,
  );
  assert.equal(got.status, 0, got.stderr);
  return (JSON.parse(got.stdout) as { pipeline: unknown }).pipeline;
}
