/**
 * A managed-policy change against moto: after the 4-account example is deployed, its
 * execution.policies goes from PowerUserAccess to AdministratorAccess. `diff` names the change
 * per account and stack, in words, once (no CDK table or notes); `diff --fail` exits 1; `deploy`
 * on a terminal lists the change above its question, and a "no" changes nothing.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMoto, type MotoServer, motoReady } from '../support/moto.js';
import { awsTestEnv } from '../support/aws-env.js';
import { crossline, REPO } from '../support/cli.js';
import { toolPath } from '../support/tools.js';

let moto: MotoServer | undefined;
let env: Record<string, string> = {};
const dir = mkdtempSync(join(tmpdir(), 'crossline-broaden-'));
const config = join(dir, 'crossline.yml');
const out = join(dir, 'out');
const aws = ['-c', config, '--assume-role', 'OrganizationAccountAccessRole'];
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const POWER = 'arn:aws:iam::aws:policy/PowerUserAccess';
const hasScript = spawnSync('sh', ['-c', 'command -v script']).status === 0;

before(async () => {
  if (toolPath('moto_server') === undefined) return;
  moto = await startMoto();
  env = awsTestEnv(moto.endpoint);
  writeFileSync(config, readFileSync(join(REPO, 'examples/four-accounts.yml'), 'utf8'));
  const first = await crossline(['deploy', ...aws, '-o', out, '--yes'], env);
  assert.equal(first.code, 0, first.stderr);
  writeFileSync(config, readFileSync(config, 'utf8').replace(POWER, ADMIN));
});
after(async () => {
  await moto?.stop();
});

const ready = (t: { skip: (m: string) => void }): boolean =>
  motoReady(moto, t, 'the broadening end-to-end tests');

/** Runs the CLI on a pseudo-terminal, typing `answer` once `prompt` shows. */
function onTerminal(
  args: readonly string[],
  prompt: string,
  answer: string,
): Promise<{ status: number; screen: string }> {
  const quoted = args.map((a) => `'${a}'`).join(' ');
  const command = `'${process.execPath}' '${REPO}bin/crossline.js' ${quoted}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1', TERM: 'xterm', ...env },
  });
  let screen = '';
  let typed = false;
  child.stdout.on('data', (d: Buffer) => {
    screen += d.toString();
    if (!typed && screen.includes(prompt)) {
      typed = true;
      child.stdin.write(answer);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, screen: screen.replace(/\r/g, '') });
    });
  });
}

void test('diff names the managed-policy change per account and stack, once, without CDK notes', async (t) => {
  if (!ready(t)) return;
  const d = await crossline(['diff', ...aws], env);
  assert.equal(d.code, 0, d.stderr);
  const lines = d.stdout.split('\n');
  assert.match(lines[0], /^2 of 5 stacks differ; some changes broaden access/, 'summary first');
  for (const acct of ['staging', 'prod']) {
    assert.equal(
      lines.filter((l) => l.trim() === `${acct}/my-app-cfn-exec: + ${ADMIN}`).length,
      1,
      `${acct} addition listed once:\n${d.stdout}`,
    );
    assert.ok(
      lines.some((l) => l.trim() === `${acct}/my-app-cfn-exec: - ${POWER}`),
      d.stdout,
    );
    assert.match(d.stdout, new RegExp(`^${acct}/my-app-target: 1 resource to change`, 'm'));
  }
  assert.match(d.stdout, /^tools\/my-app-pipeline: no differences$/m);
  assert.doesNotMatch(d.stdout, /aws-cdk\/issues\/1299|AWSTemplateFormatVersion|│|┌/);
  const v = await crossline(['diff', ...aws, '-v'], env);
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, /ManagedPolicyArns/, '-v shows the property change');
  assert.doesNotMatch(v.stdout, /aws-cdk\/issues\/1299|AWSTemplateFormatVersion/);
});

void test('diff --fail exits 1 when a stack differs', async (t) => {
  if (!ready(t)) return;
  const d = await crossline(['diff', ...aws, '--fail'], env);
  assert.equal(d.code, 1, d.stderr);
});

void test('deploy on a terminal lists the broadening change above its question; "no" changes nothing', async (t) => {
  if (!ready(t)) return;
  if (!hasScript) return t.skip('no script(1)');
  const run = await onTerminal(['deploy', ...aws, '-o', out], 'broaden access? [y/N]', 'n\n');
  assert.equal(run.status, 2, run.screen);
  const question = run.screen.indexOf('broaden access? [y/N]');
  for (const acct of ['staging', 'prod']) {
    const at = run.screen.indexOf(`${acct}/my-app-cfn-exec: + ${ADMIN}`);
    assert.ok(at >= 0 && at < question, `${acct} change shown before the question:\n${run.screen}`);
  }
  assert.doesNotMatch(run.screen, /PowerUserAccess/, 'only broadening changes are asked about');
  assert.match(run.screen, /deploy not confirmed; nothing was changed/);
  const d = await crossline(['diff', ...aws, '--fail'], env);
  assert.equal(d.code, 1, 'still different: nothing was deployed');
});
