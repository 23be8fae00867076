/**
 * `build.package` with the real AWS CLI v1 against moto: the buildspec's own
 * `aws cloudformation package` command (taken from the synthesized build project, with only
 * `--endpoint-url` added, and AWS_ENDPOINT_URL for its S3 uploads) runs in a copy of examples/sam-app with the artifact key's ARN in
 * CROSSLINE_ARTIFACT_KEY_ARN, the way the build project sets it. It must upload the function code
 * and the nested template under `<bucket>/shop/packages/`, encrypted SSE-KMS with that key, and
 * write a packaged template that points there. The uploaded nested template then deploys into a
 * target account in moto.
 *
 * What moto checks here: the bucket exists, the key exists and is the one named on each object
 * (moto records `SSEKMSKeyId`), the objects are where the template says. What it does not: the
 * bucket policy's SSE-KMS deny and KMS key policies are not enforced, moto does not run the SAM
 * transform (so only the nested stack, plain CloudFormation, is deployed), and it reads a
 * TemplateURL only from the caller's own account (so the target gets the uploaded object's body).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadConfigFile } from '../../src/config/index.js';
import { ARTIFACT_KEY_ENV } from '../../src/model/index.js';
import { synthesize } from '../../src/synth/index.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { toolPath } from '../support/tools.js';
import { actAs, aws, cliEnv, requireAwsCliV1 } from './aws-cli.js';
import { REPO } from './helpers.js';

const REGION = 'eu-west-1';
const { pipeline } = loadConfigFile(resolve(REPO, 'examples/sam-app/crossline.yml'));
const synth = synthesize(pipeline);
const account = (alias: string): string => {
  const a = pipeline.accounts.find((x) => x.alias === alias);
  assert.ok(a, alias);
  return a.id;
};

/** The build commands of the synthesized build project, in buildspec order. */
function buildCommands(): string[] {
  const template = synth.templates['tools/shop-pipeline'] as {
    Resources: { BuildProject: { Properties: { Source: { BuildSpec: string } } } };
  };
  const spec = JSON.parse(template.Resources.BuildProject.Properties.Source.BuildSpec) as {
    phases: { build: { commands: string[] } };
  };
  return spec.phases.build.commands;
}

let moto: MotoServer | undefined;
let work: string | undefined;
before(async () => {
  if (toolPath('moto_server') !== undefined) moto = await startMoto();
});
after(async () => {
  await moto?.stop();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

void test('the buildspec package command uploads code and nested templates under the packages prefix with the artifact key', async (t) => {
  const cli = requireAwsCliV1(t);
  if (cli === undefined || moto === undefined) {
    assert.equal(process.env.CI === 'true', false, 'CI requires moto_server and the AWS CLI');
    return;
  }
  const endpoint = moto.endpoint;
  const tools = await actAs(cli, endpoint, REGION, 'aws', pipeline.tools.id);
  const env = cliEnv(REGION, tools);
  const run = async (args: string[]) => {
    const r = await aws(cli, args, endpoint, env);
    assert.equal(r.status, 0, `aws ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim() === '' ? {} : (JSON.parse(r.stdout) as Record<string, unknown>);
  };

  // The artifacts stack's bucket and key, as the build finds them.
  const bucket = `shop-artifacts-${pipeline.tools.id}-${REGION}`;
  const key = (await run(['kms', 'create-key'])) as { KeyMetadata: { Arn: string } };
  const keyArn = key.KeyMetadata.Arn;
  await run([
    's3api',
    'create-bucket',
    '--bucket',
    bucket,
    '--create-bucket-configuration',
    `LocationConstraint=${REGION}`,
  ]);

  const packaging = buildCommands().filter((c) => c.startsWith('aws cloudformation package'));
  assert.equal(packaging.length, 1, 'one package command for the one build.package template');
  work = mkdtempSync(join(tmpdir(), 'crossline-package-'));
  cpSync(resolve(REPO, 'examples/sam-app'), work, { recursive: true });
  execFileSync('bash', ['-c', `${packaging[0]} --endpoint-url ${endpoint}`], {
    cwd: work,
    // The package command's own uploads go to S3, so S3 is pointed at moto as well.
    env: { ...env, AWS_ENDPOINT_URL: endpoint, [ARTIFACT_KEY_ENV]: keyArn },
    encoding: 'utf8',
    timeout: 120_000,
  });

  const packaged = readFileSync(join(work, 'infra/app.packaged.yaml'), 'utf8');
  const codeUri = /CodeUri: (\S+)/.exec(packaged)?.[1];
  const templateUrl = /TemplateURL: (\S+)/.exec(packaged)?.[1];
  assert.match(codeUri ?? '', new RegExp(`^s3://${bucket}/shop/packages/[0-9a-f]{32}$`));
  // The URL's host is the S3 endpoint the CLI used: moto here, s3.<region>.amazonaws.com in a build.
  assert.match(
    templateUrl ?? '',
    new RegExp(`^${endpoint}/${bucket}/shop/packages/[0-9a-f]{32}\\.template$`),
  );

  const listed = (await run(['s3api', 'list-objects-v2', '--bucket', bucket])) as {
    Contents: { Key: string }[];
  };
  const keys = listed.Contents.map((o) => o.Key).sort();
  assert.equal(keys.length, 2, `the code zip and the nested template: ${keys.join(', ')}`);
  for (const k of keys) {
    assert.ok(k.startsWith('shop/packages/'), `${k} is under the packages prefix`);
    const head = (await run(['s3api', 'head-object', '--bucket', bucket, '--key', k])) as {
      ServerSideEncryption?: string;
      SSEKMSKeyId?: string;
    };
    assert.equal(head.ServerSideEncryption, 'aws:kms', `${k} is SSE-KMS`);
    assert.equal(head.SSEKMSKeyId, keyArn, `${k} is encrypted with the artifact key`);
  }
  const uploaded = (templateUrl ?? '').split(`/${bucket}/`)[1] ?? '';
  assert.ok(keys.includes(uploaded), 'the template URL names an uploaded object');
  assert.ok(keys.includes((codeUri ?? '').replace(`s3://${bucket}/`, '')), 'so does CodeUri');

  // A target account deploys the nested template as uploaded. moto resolves a TemplateURL only
  // in the caller's own account, so the object is fetched here and passed as the template body.
  const nested = join(work, 'nested.template');
  await run(['s3api', 'get-object', '--bucket', bucket, '--key', uploaded, nested]);
  const staging = await actAs(cli, endpoint, REGION, 'aws', account('staging'));
  const deployEnv = cliEnv(REGION, staging);
  const created = await aws(
    cli,
    [
      'cloudformation',
      'create-stack',
      '--stack-name',
      'shop-staging-storage',
      '--template-body',
      `file://${nested}`,
      '--parameters',
      'ParameterKey=Stage,ParameterValue=staging',
    ],
    endpoint,
    deployEnv,
  );
  assert.equal(created.status, 0, created.stderr);
  const described = await aws(
    cli,
    ['cloudformation', 'describe-stacks', '--stack-name', 'shop-staging-storage'],
    endpoint,
    deployEnv,
  );
  const stack = (JSON.parse(described.stdout) as { Stacks: { StackStatus: string }[] }).Stacks[0];
  assert.equal(stack?.StackStatus, 'CREATE_COMPLETE');
});
