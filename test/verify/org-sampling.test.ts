// Proof at scale for targets by OU (src/verify/symmetry.ts): verify checks a sample of an OU's
// accounts row by row and proves the others equal to it but for their account id. The
// shortcut must never hide a difference: an account whose policies differ, or that a shared
// policy names, is checked on its own, and its failing rows show.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfigFile } from '../../src/config/index.js';
import { renderReport, reportInput } from '../../src/report/index.js';
import { synthesize } from '../../src/synth/index.js';
import { verifySynthesized } from '../../src/toolkit/verify.js';
import { buildAccessScript, topologyFromSynth, verifyAccess } from '../../src/verify/index.js';
import { withPolicy, withStatement } from './mutate.js';
import { orgConfig, orgConfigDir, orgSnapshot, PROD_OU } from '../config/org-fixture.js';

function pipelineWith(prodCount: number) {
  const text = orgConfig([`{ ou: ${PROD_OU}, stack: app, template: t.yaml, exclude: [legacy] }`]);
  return loadConfigFile(join(orgConfigDir(text, orgSnapshot(prodCount)), 'crossline.yml')).pipeline;
}

const accountsOf = (rows: readonly { principalAccount: string }[]) =>
  new Set(rows.map((r) => r.principalAccount));

void test('40 OU accounts: a sample of 3 is checked row by row, the other 37 are proven equal', () => {
  const pipeline = pipelineWith(40);
  const synth = synthesize(pipeline);
  const result = verifySynthesized(pipeline, synth);
  assert.equal(result.ok, true);
  assert.equal(result.sampled?.length, 1);
  const group = result.sampled[0];
  assert.equal(group.stack, 'app');
  assert.equal(group.accounts, 40);
  assert.equal(group.checked.length, 3);
  assert.equal(group.equivalent, 37);
  assert.ok(group.orgPath.endsWith(`${PROD_OU}/`));
  const checked = accountsOf(result.rows);
  for (const id of group.checked) assert.ok(checked.has(id), `${id} has rows`);
  // Every account stays in the result's account list (for abbreviations and the report).
  assert.ok((result.accounts?.length ?? 0) >= 40);

  // The same checks as the full script, for the sampled accounts: nothing dropped but the
  // proven-equal accounts' own rows.
  const full = verifyAccess(buildAccessScript(topologyFromSynth(pipeline, synth)), synth.policies);
  assert.equal(full.ok, true);
  const members = new Set(
    pipeline.stages
      .flatMap((st) => st.targets.map((t) => t.account.id))
      .filter((id) => id.length === 12),
  );
  const skipped = new Set(
    [...members].filter((id) => !group.checked.includes(id) && !checked.has(id)),
  );
  assert.equal(skipped.size, 37);
  const key = (r: { step: string; action: string; principal: string; resource: string }) =>
    `${r.step} ${r.action} ${r.principal} ${r.resource}`;
  const got = new Set(result.rows.map(key));
  const missing = full.rows
    .filter((r) => !skipped.has(r.principalAccount) && !skipped.has(r.resourceAccount))
    .filter((r) => !got.has(key(r)));
  // Only the "one target cannot touch the next one" rows pair up differently: in the sample,
  // the next target is the next sampled one.
  assert.ok(
    missing.every((r) => /\.(stacks|hop)$/.test(r.step)),
    missing.map(key).join('\n'),
  );
  for (const r of result.rows) {
    assert.ok(!skipped.has(r.principalAccount) && !skipped.has(r.resourceAccount), key(r));
  }
  assert.ok(result.rows.length < full.rows.length / 5, 'the sample is much smaller');
});

void test('an account whose deploy-role policy differs is checked on its own, and fails', () => {
  const pipeline = pipelineWith(40);
  const synth = synthesize(pipeline);
  const base = verifySynthesized(pipeline, synth).sampled![0];
  const victim = synth.policies.find(
    (p) =>
      p.kind === 'identity' &&
      p.name.endsWith('deploy-role-permissions') &&
      p.name !== 'target-prod-eu2-deploy-role-permissions' && // its own group of one
      !base.checked.includes(p.account),
  );
  assert.ok(victim, 'a deploy-role policy of an account outside the sample');
  // Drop the statement that lets the deploy role decrypt artifacts.
  const edited = withPolicy(synth, victim.name, (doc) => {
    const d = doc as { Statement: { Action: string | string[] }[] };
    d.Statement = d.Statement.filter((s) => ![s.Action].flat().includes('kms:Decrypt'));
    return d;
  });
  const result = verifySynthesized(pipeline, edited);
  assert.equal(result.ok, false, 'the edited account is verified, not assumed equal');
  assert.ok(result.sampled![0].checked.includes(victim.account));
  const failed = result.rows.filter((r) => !r.ok);
  assert.ok(failed.length > 0);
  assert.ok(failed.every((r) => r.principalAccount === victim.account));
  assert.ok(failed.some((r) => r.action === 'kms:Decrypt'));
});

void test('an account that a shared policy names is checked on its own', () => {
  const pipeline = pipelineWith(40);
  const synth = synthesize(pipeline);
  const base = verifySynthesized(pipeline, synth).sampled![0];
  const named = synth.policies.find(
    (p) =>
      p.name.endsWith('deploy-role-permissions') &&
      p.name !== 'target-prod-eu2-deploy-role-permissions' &&
      !base.checked.includes(p.account),
  )!.account;
  // A deny for that account's roles in the bucket policy: only its own rows can show it.
  const edited = withStatement(synth, 'artifact-bucket', {
    Sid: 'DenyOneAccount',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: '*',
    Condition: { StringEquals: { 'aws:PrincipalAccount': named } },
  });
  const result = verifySynthesized(pipeline, edited);
  assert.ok(result.sampled![0].checked.includes(named));
  assert.equal(result.ok, false);
  assert.ok(result.rows.filter((r) => !r.ok).every((r) => r.principalAccount === named));
});

void test('small OU groups and explicit accounts are checked row by row', () => {
  const pipeline = pipelineWith(3);
  const synth = synthesize(pipeline);
  const result = verifySynthesized(pipeline, synth);
  assert.equal(result.sampled, undefined);
  const full = verifyAccess(buildAccessScript(topologyFromSynth(pipeline, synth)), synth.policies);
  assert.equal(result.rows.length, full.rows.length);
});

void test('the report names the proven accounts once instead of repeating their policies', () => {
  const pipeline = pipelineWith(40);
  const synth = synthesize(pipeline);
  const verify = verifySynthesized(pipeline, synth);
  const html = renderReport(reportInput(pipeline, synth, verify));
  const group = verify.sampled![0];
  assert.match(html, /By OU: 3 of 40 accounts under/);
  assert.match(html, /37 more accounts have these documents but for their account id/);
  const cardOf = (id: string) =>
    synth.policies.find((p) => p.account === id && p.name.endsWith('deploy-role-permissions'))!
      .name;
  for (const id of group.checked) assert.ok(html.includes(`data-policy="${cardOf(id)}"`), id);
  for (const id of group.proven) {
    assert.ok(!html.includes(`data-policy="${cardOf(id)}"`), `${id} has no card of its own`);
    assert.ok(html.includes(id), `${id} is named`);
  }
});
