// Targets by OU or tag, expanded from the organization snapshot into explicit account targets;
// bad input (an OU not in the snapshot, an exclude that names nothing, a missing or corrupt
// snapshot) is located.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfigFile } from '../../src/config/index.js';
import { ConfigInvalidError, isCrosslineError } from '../../src/errors/index.js';
import { runCli, STACK_TRACE } from '../cli/run-cli.js';
import { EU_OU, ORG, orgConfig, orgConfigDir, orgSnapshot, PROD_OU } from './org-fixture.js';

const load = (dir: string) => loadConfigFile(join(dir, 'crossline.yml'));

function problems(dir: string): string[] {
  try {
    load(dir);
  } catch (e) {
    if (e instanceof ConfigInvalidError)
      return e.problems.map((p) => `${p.line}:${p.col}: ${p.message} | ${p.hint ?? ''}`);
    throw e;
  }
  assert.fail('expected the config to be refused');
}

void test('an OU target stands for every active account under the OU, at any depth', () => {
  const dir = orgConfigDir(orgConfig([`{ ou: ${PROD_OU}, stack: app, template: t.yaml }`]));
  const p = load(dir).pipeline;
  const targets = p.stages[0].targets;
  assert.deepEqual(
    targets.map((t) => [t.account.id, t.account.alias, t.stack]),
    [
      ['300000000000', 'prod-eu2', 'app'],
      ['333333333333', 'legacy', 'app'],
      ['500000000000', 'prod-0', 'app'],
      ['500000000001', 'prod-1', 'app'],
    ],
  );
  assert.equal(targets[0].account.orgPath, `${ORG}/r-ab12/${PROD_OU}/${EU_OU}/`);
  assert.deepEqual(targets[0].account.parts, ['target']);
  assert.equal(p.tools.orgPath, `${ORG}/r-ab12/`, 'config accounts get their path too');
  const under = ['300000000000', '333333333333', '500000000000', '500000000001'];
  assert.deepEqual(p.organization?.units, [
    { id: PROD_OU, name: 'prod', path: `${ORG}/r-ab12/${PROD_OU}/`, accounts: under },
  ]);
  assert.equal(p.organization?.id, ORG);
  assert.equal(p.organization?.managementAccount, '111111111111');
  assert.deepEqual(p.organization?.ouOnly, under, 'reached by the OU target only');
});

void test('accounts an account or tag target also names are not reached by OU targets only', () => {
  const dir = orgConfigDir(
    orgConfig([
      `{ ou: ${PROD_OU}, stack: app, template: t.yaml }`,
      '{ tag: { env: prod }, stack: tagged, template: t.yaml }',
      '{ account: legacy, stack: own, template: t.yaml }',
    ]).replace(
      '  source: "222222222222"\n',
      '  source: "222222222222"\n  legacy: "333333333333"\n',
    ),
  );
  assert.deepEqual(load(dir).pipeline.organization?.ouOnly, ['300000000000']);
});

void test('exclude leaves accounts out by name, id or config alias', () => {
  const dir = orgConfigDir(
    orgConfig([
      `{ ou: ${PROD_OU}, stack: app, template: t.yaml, exclude: [legacy, "500000000000"] }`,
    ]),
  );
  const ids = load(dir).pipeline.stages[0].targets.map((t) => t.account.id);
  assert.deepEqual(ids, ['300000000000', '500000000001']);
});

void test('a tag target picks the active accounts with every tag; suspended accounts never', () => {
  const dir = orgConfigDir(orgConfig(['{ tag: { env: sandbox }, stack: app, template: t.yaml }']));
  const ids = load(dir).pipeline.stages[0].targets.map((t) => t.account.id);
  assert.deepEqual(ids, ['444444444444']);
  assert.deepEqual(load(dir).pipeline.organization?.units, [], 'a tag target names no OU');
});

void test('an account the config names keeps its alias when an OU target reaches it', () => {
  const text = orgConfig([`{ ou: ${PROD_OU}, stack: app, template: t.yaml }`]).replace(
    '  source: "222222222222"\n',
    '  source: "222222222222"\n  old: "333333333333"\n',
  );
  const aliases = load(orgConfigDir(text)).pipeline.stages[0].targets.map((t) => t.account.alias);
  assert.deepEqual(aliases, ['prod-eu2', 'old', 'prod-0', 'prod-1']);
});

void test('explicit targets and configs without organization work as before', () => {
  const dir = orgConfigDir(orgConfig(['{ account: tools, stack: app, template: t.yaml }'], ''));
  const p = load(dir).pipeline;
  assert.equal(p.organization, undefined);
  assert.equal(p.tools.orgPath, undefined);
});

void test('an OU not in the snapshot is located at the ou value, with a suggestion', () => {
  const dir = orgConfigDir(orgConfig(['{ ou: ou-ab12-11111112, stack: app, template: t.yaml }']));
  const found = problems(dir);
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0], /^13:\d+: OU 'ou-ab12-11111112' is not in the organization snapshot/);
  assert.match(found[0], /ou-ab12-11111111/);
});

void test('an exclude entry that names no account under the OU is located at the entry', () => {
  const dir = orgConfigDir(
    orgConfig([`{ ou: ${PROD_OU}, stack: app, template: t.yaml, exclude: [legacy, play] }`]),
  );
  const found = problems(dir);
  assert.equal(found.length, 1, found.join('\n'));
  const col = readFileSync(join(dir, 'crossline.yml'), 'utf8').split('\n')[12].indexOf('play') + 1;
  assert.match(found[0], new RegExp(`^13:${col}: exclude 'play' names no active account under OU`));
});

void test('a target by ou without organization.snapshot, or with account too, is refused', () => {
  const none = problems(
    orgConfigDir(orgConfig([`{ ou: ${PROD_OU}, stack: app, template: t.yaml }`], '')),
  );
  assert.match(none.join('\n'), /a target by ou needs organization\.snapshot/);
  const both = problems(
    orgConfigDir(orgConfig([`{ account: tools, ou: ${PROD_OU}, stack: app, template: t.yaml }`])),
  );
  assert.match(both.join('\n'), /names its accounts one way: account and ou given/);
  const neither = problems(orgConfigDir(orgConfig(['{ stack: app, template: t.yaml }'])));
  assert.match(neither.join('\n'), /needs one of account, ou or tag/);
});

void test('an OU target that repeats an explicit target of the same stack is refused', () => {
  const dir = orgConfigDir(
    orgConfig([
      `{ ou: ${PROD_OU}, stack: app, template: t.yaml }`,
      '{ account: old, stack: app, template: t.yaml }',
    ]).replace('  source: "222222222222"\n', '  source: "222222222222"\n  old: "333333333333"\n'),
  );
  assert.match(
    problems(dir).join('\n'),
    /stack 'app' in account 333333333333 \(legacy\) is deployed twice/,
  );
});

void test('a target left with no account fails only when its stage has nothing else', () => {
  const all = `exclude: [prod-eu2, legacy, prod-0, prod-1]`;
  const alone = problems(
    orgConfigDir(orgConfig([`{ ou: ${PROD_OU}, stack: app, template: t.yaml, ${all} }`])),
  );
  assert.match(alone.join('\n'), /no active account of the snapshot .* is left/);
  const text = orgConfig([`{ ou: ${PROD_OU}, stack: app, template: t.yaml, ${all} }`]).replace(
    `${all} }\n`,
    `${all} }\n      - { account: tools, stack: app, template: t.yaml }\n`,
  );
  const loaded = load(orgConfigDir(text));
  assert.equal(loaded.pipeline.stages[0].targets.length, 1);
  assert.match(loaded.warnings?.[0]?.message ?? '', /no active account/);
});

void test('a missing snapshot is located at organization.snapshot', () => {
  const dir = orgConfigDir(
    orgConfig(
      [`{ ou: ${PROD_OU}, stack: app, template: t.yaml }`],
      'organization: { snapshot: gone.json }\n',
    ),
  );
  const found = problems(dir);
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(
    found[0],
    /^9:\d+: cannot read the organization snapshot .*gone\.json: ENOENT \| write it with `crossline org snapshot -o gone\.json`/,
  );
});

void test('a corrupt snapshot is a located usage error in the snapshot file', () => {
  const bad = JSON.stringify({ ...orgSnapshot(), units: [{ id: 'ou-x', name: 'p' }] }, null, 2);
  const dir = orgConfigDir(orgConfig([`{ ou: ${PROD_OU}, stack: app, template: t.yaml }`]), bad);
  try {
    load(dir);
    assert.fail('expected SnapshotInvalid');
  } catch (e) {
    assert.ok(isCrosslineError(e), String(e));
    assert.equal(e.code, 'SnapshotInvalid');
    assert.equal(e.exitCode, 2);
    assert.match(e.message, /org\.json:\d+:\d+: units\[0\]\.id: expected an OU id/);
  }
});

void test('a change-set stage by OU counts the expanded accounts against the 50-action stage', () => {
  const text = orgConfig([`{ ou: ${PROD_OU}, stack: app, template: t.yaml }`]).replace(
    '  - name: s0\n',
    '  - name: s0\n    mode: change-set\n',
  );
  const found = problems(orgConfigDir(text, orgSnapshot(30)));
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(
    found[0],
    /^12:11: a change-set stage deploys at most 24 targets; by OU or tag this one has 32/,
  );
  assert.equal(load(orgConfigDir(text, orgSnapshot(2))).pipeline.stages[0].targets.length, 4);
});

void test('crossline validate: an OU not in the snapshot exits 2 with file:line:col', async () => {
  const dir = orgConfigDir(orgConfig(['{ ou: ou-ab12-99999999, stack: app, template: t.yaml }']));
  const run = await runCli(['validate', '-c', 'crossline.yml'], { cwd: dir });
  assert.equal(run.status, 2, run.stderr);
  assert.equal(run.stdout, '');
  assert.match(
    run.stderr,
    /^crossline\.yml:13:\d+: OU 'ou-ab12-99999999' is not in the organization snapshot/m,
  );
  assert.doesNotMatch(run.stderr, STACK_TRACE);
});

void test('an account the snapshot does not know is a located warning naming the snapshot to write again', () => {
  const text = orgConfig([`{ ou: ${PROD_OU}, stack: app, template: t.yaml }`]).replace(
    '  source: "222222222222"\n',
    '  source: "222222222222"\n  newcomer: "444455556666"\n',
  );
  const loaded = load(orgConfigDir(text));
  const w = loaded.warnings?.find((x) => x.message.includes('444455556666'));
  assert.ok(w, JSON.stringify(loaded.warnings));
  assert.match(w.message, /\(newcomer\) is not in the organization snapshot .*org\.json/);
  assert.match(w.hint ?? '', /crossline org snapshot -o org\.json/);
  assert.equal(w.line, text.split('\n').findIndex((l) => l.includes('newcomer')) + 1);
  // Accounts the snapshot has give no such warning.
  assert.equal(
    loaded.warnings?.filter((x) => /is not in the organization snapshot/.test(x.message)).length,
    1,
  );
});
