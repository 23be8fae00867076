/** `crossline synth` and `crossline plan` end to end (needs a build: npx tsc -p tsconfig.build.json). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCli } from '../cli/run-cli.js';
import { EXAMPLES } from './helpers.js';

function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

void test('synth writes the output folder; a second run gives the same bytes and removes stale files', async () => {
  const work = mkdtempSync(join(tmpdir(), 'crossline-cli-'));
  try {
    const out = join(work, 'out');
    const first = await runCli(['synth', '-c', EXAMPLES.four, '-o', out]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /5 stacks in 4 accounts/);
    const before = tree(out);
    for (const f of [
      'plan.json',
      'pipeline.json',
      'policies/index.json',
      'templates/tools/my-app-artifacts.template.json',
      'templates/prod/my-app-target.template.json',
    ]) {
      assert.ok(before.has(f), f);
    }
    writeFileSync(join(out, 'stale.json'), '{}');
    mkdirSync(join(out, 'templates/gone'));
    writeFileSync(join(out, 'templates/gone/old.template.json'), '{}');
    const second = await runCli(['synth', '-c', EXAMPLES.four, '-o', out]);
    assert.equal(second.status, 0, second.stderr);
    const after = tree(out);
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), 'stale files are gone');
    for (const [f, c] of before) assert.equal(after.get(f), c, `${f} is byte-identical`);
    assert.deepEqual(readdirSync(work), ['out'], 'no temporary folder is left behind');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

void test('synth refuses to replace a folder that is not crossline output, and writes nothing on a bad config', async () => {
  const work = mkdtempSync(join(tmpdir(), 'crossline-cli-'));
  try {
    const mine = join(work, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'keep me');
    const r = await runCli(['synth', '-c', EXAMPLES.four, '-o', mine]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not crossline output/);
    assert.equal(readFileSync(join(mine, 'notes.txt'), 'utf8'), 'keep me');

    const bad = join(work, 'bad.yml');
    writeFileSync(
      bad,
      readFileSync(EXAMPLES.four, 'utf8').replace('account: prod', 'account: prd'),
    );
    const out = join(work, 'out');
    const b = await runCli(['synth', '-c', bad, '-o', out]);
    assert.equal(b.status, 2);
    assert.match(b.stderr, /prd/);
    assert.ok(!existsSync(out));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

void test('plan prints accounts, stacks, stages and one line per role (what it may do and why)', async () => {
  const work = mkdtempSync(join(tmpdir(), 'crossline-cli-'));
  try {
    const out = join(work, 'out');
    const r = await runCli(['plan', '-c', EXAMPLES.four, '-o', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /in 4 accounts, written to /);
    assert.match(r.stderr, /wrote 32 files to /);
    const lines = r.stdout.split('\n');
    assert.ok(
      lines.some((l) =>
        /^\s+tools\s+111111111111\s+tools\s+my-app-artifacts, my-app-pipeline/.test(l),
      ),
      r.stdout,
    );
    assert.ok(
      lines.some((l) =>
        /^\s+prod\s+manual approval · CloudFormation stack my-app-prod in prod/.test(l),
      ),
      r.stdout,
    );
    const roles = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')).roles as {
      id: string;
    }[];
    assert.equal(roles.length, 9);
    for (const role of roles) {
      assert.equal(
        lines.filter(
          (l) => l.trimStart().startsWith(`${role.id}: may `) && l.includes('; because '),
        ).length,
        1,
        role.id,
      );
    }
    // The same config again: the folder already holds this output and is not rewritten.
    const json = await runCli(['plan', '-c', EXAMPLES.four, '-o', out, '--json']);
    assert.equal(json.status, 0, json.stderr);
    assert.match(json.stderr, /out is up to date \(its 32 files already hold this output\)/);
    const parsed = JSON.parse(json.stdout) as {
      written: boolean;
      ok: boolean;
      summary: { accounts: { alias: string }[]; stages: { name: string }[] };
      plan: { stacks: unknown[] };
    };
    assert.equal(parsed.ok, true);
    assert.equal(parsed.written, false);
    assert.deepEqual(
      parsed.summary.accounts.map((a) => a.alias),
      ['tools', 'source', 'staging', 'prod'],
    );
    assert.deepEqual(
      parsed.summary.stages.map((s) => s.name),
      ['Source', 'Build', 'staging', 'prod'],
    );
    assert.equal(parsed.plan.stacks.length, 5);
    const fifty = await runCli(['plan', '-c', EXAMPLES.fifty, '-o', out]);
    assert.equal(fifty.status, 0, fifty.stderr);
    assert.match(fifty.stdout, /53 stacks in 52 accounts, written to /);
    assert.match(
      fifty.stdout,
      /prod\s+manual approval · CloudFormation stack fleet-prod in prod01 · .* … 20 more/,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

void test('no secret reaches the output or the log, even with --verbose', async () => {
  const work = mkdtempSync(join(tmpdir(), 'crossline-cli-'));
  const secret = 'crossline/test/secret/do-not-print/0001';
  try {
    const out = join(work, 'out');
    const env = {
      AWS_ACCESS_KEY_ID: 'AKIACROSSLINETEST0001',
      AWS_SECRET_ACCESS_KEY: secret,
      AWS_SESSION_TOKEN: 'token-do-not-print',
    };
    const r = await runCli(['-vv', 'plan', '-c', EXAMPLES.four, '-o', out], { env });
    assert.equal(r.status, 0, r.stderr);
    for (const text of [r.stdout, r.stderr, ...tree(out).values()]) {
      assert.ok(
        !text.includes(secret) &&
          !text.includes('AKIACROSSLINETEST0001') &&
          !text.includes('token-do-not-print'),
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
