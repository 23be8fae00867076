// Proof at scale for targets listed one by one (src/verify/symmetry.ts): when every shared
// policy treats a stage's accounts alike (the key policy lists each one's role, the pipeline
// role may assume each one's deploy role), verify checks a sample row by row and proves the
// others equal by swapping account ids. The shortcut must never hide a difference: whatever
// singles one account out in a shared or its own policy makes verify check it, and fail as the
// full script does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../src/config/index.js';
import { synthesize, type SynthResult } from '../../src/synth/index.js';
import { verifySynthesized } from '../../src/toolkit/verify.js';
import { buildAccessScript, topologyFromSynth, verifyAccess } from '../../src/verify/index.js';
import { ALL_KINDS, mutants, withPolicy, withStatement } from './mutate.js';

const ids = Array.from({ length: 8 }, (_, i) => String(500000000000 + i));

function pipelineWith(targets: number) {
  const text = `version: 1
name: fleet
region: us-east-1
accounts:
  tools: "111111111111"
${ids
  .slice(0, targets)
  .map((id, i) => `  c${i}: "${id}"\n`)
  .join('')}source: { account: tools, repository: fleet, branch: main }
build: { commands: [make] }
stages:
  - name: prod
    targets:
${ids
  .slice(0, targets)
  .map((_, i) => `      - { account: c${i}, stack: app, template: t.yaml }\n`)
  .join('')}execution:
  policies: [arn:aws:iam::aws:policy/PowerUserAccess]
`;
  return parseConfig(text, 'fleet.yml').pipeline;
}

/** Every string of a document, edited; lists drop the strings `edit` maps to undefined. */
function editStrings(doc: unknown, edit: (s: string) => string | undefined): unknown {
  if (typeof doc === 'string') return edit(doc);
  if (Array.isArray(doc)) {
    return doc.map((d) => editStrings(d, edit)).filter((d) => d !== undefined);
  }
  if (doc !== null && typeof doc === 'object') {
    return Object.fromEntries(
      Object.entries(doc).map(([k, v]) => [k, editStrings(v, edit)] as const),
    );
  }
  return doc;
}

function fullVerify(pipeline: ReturnType<typeof pipelineWith>, synth: SynthResult) {
  return verifyAccess(buildAccessScript(topologyFromSynth(pipeline, synth)), synth.policies);
}

void test('8 listed accounts of one stage: 3 are checked row by row, 5 proven equal', () => {
  const pipeline = pipelineWith(8);
  const synth = synthesize(pipeline);
  const result = verifySynthesized(pipeline, synth);
  const full = fullVerify(pipeline, synth);
  assert.equal(result.ok, true);
  assert.equal(full.ok, true);
  assert.equal(result.sampled?.length, 1);
  const group = result.sampled[0];
  assert.deepEqual(group.checked, [ids[0], ids[3], ids[7]]);
  assert.equal(group.equivalent, 5);
  assert.equal(group.orgPath, '');
  for (const r of result.rows) {
    assert.ok(!group.proven.includes(r.principalAccount), r.step);
    assert.ok(!group.proven.includes(r.resourceAccount), r.step);
  }
  assert.ok(result.rows.length < full.rows.length * 0.6, 'the sample is smaller');
});

void test('whatever singles out one listed account makes verify check it, and fail as the full script does', () => {
  const pipeline = pipelineWith(8);
  const synth = synthesize(pipeline);
  const victim = ids[5]; // proven equal without the edit
  const other = '999999999999';
  const shared = synth.policies.filter(
    (p) => !ids.includes(p.account) && JSON.stringify(p.document).includes(victim),
  );
  assert.ok(shared.length >= 2, 'the key and the pipeline role name every account');
  const edits: [string, SynthResult][] = [];
  for (const p of shared) {
    edits.push([
      `${p.name} without the account`,
      withPolicy(synth, p.name, (d) => editStrings(d, (s) => (s.includes(victim) ? undefined : s))),
    ]);
    edits.push([
      `${p.name} naming another account instead`,
      withPolicy(synth, p.name, (d) => editStrings(d, (s) => s.replaceAll(victim, other))),
    ]);
  }
  const own = synth.policies.find(
    (p) => p.account === victim && p.name.endsWith('deploy-role-permissions'),
  )!;
  edits.push([
    'its deploy role without kms:Decrypt',
    withPolicy(synth, own.name, (d) => {
      const doc = d as { Statement: { Action: string | string[] }[] };
      doc.Statement = doc.Statement.filter((s) => ![s.Action].flat().includes('kms:Decrypt'));
      return doc;
    }),
  ]);
  edits.push([
    'a deny for it in the bucket policy',
    withStatement(synth, 'artifact-bucket', {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': victim } },
    }),
  ]);
  let failing = 0;
  for (const [what, edited] of edits) {
    const result = verifySynthesized(pipeline, edited);
    const full = fullVerify(pipeline, edited);
    assert.equal(result.ok, full.ok, what);
    assert.ok(!(result.sampled ?? []).some((g) => g.proven.includes(victim)), what);
    if (!full.ok) {
      failing++;
      const victimFails = (rows: typeof full.rows) =>
        rows.some((r) => !r.ok && (r.principalAccount === victim || r.resourceAccount === victim));
      assert.equal(victimFails(result.rows), victimFails(full.rows), what);
    }
  }
  assert.ok(failing >= 4, `most edits break a check (${failing} of ${edits.length})`);
});

void test('a wildcard next to a digit in any policy: every account is checked row by row', () => {
  const pipeline = pipelineWith(8);
  const synth = synthesize(pipeline);
  const edited = withStatement(synth, 'artifact-bucket', {
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:DeleteObject',
    Resource: '*',
    Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::50000000000*:role/x' } },
  });
  const result = verifySynthesized(pipeline, edited);
  assert.equal(result.sampled, undefined);
  assert.equal(result.rows.length, fullVerify(pipeline, edited).rows.length);
});

void test('fewer than 5 listed accounts are checked row by row', () => {
  const pipeline = pipelineWith(4);
  const synth = synthesize(pipeline);
  assert.equal(verifySynthesized(pipeline, synth).sampled, undefined);
});

void test('every mutant of every policy: the sampled proof and the full script agree', () => {
  const pipeline = pipelineWith(8);
  const synth = synthesize(pipeline);
  const all = mutants(synth.policies, ALL_KINDS);
  assert.ok(all.length > 100, `${all.length} mutants`);
  let killed = 0;
  for (const m of all) {
    const edited = { ...synth, policies: m.policies };
    const sampled = verifySynthesized(pipeline, edited);
    const full = fullVerify(pipeline, edited);
    assert.equal(sampled.ok, full.ok, m.id);
    if (!full.ok) killed++;
  }
  assert.ok(killed > all.length / 2, `${killed} of ${all.length} mutants fail verify`);
});
