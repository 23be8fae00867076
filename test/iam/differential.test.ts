// Differential test against @cloud-copilot/iam-simulate (AGPL: a dev-only oracle, never
// imported from src/). (a) pipeline-shaped requests, (b) 10,000 seeded random policy/request
// pairs. Every disagreement must belong to a category documented in docs/iam-differences.md,
// and must vanish once the oracle's input is adjusted to the AWS rule that category cites.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { evaluate } from '../../src/iam/index.js';
import type { PolicySet, Request } from '../../src/iam/index.js';
import { adjustForOracle, applicableCategories } from './differences.js';
import type { DifferenceCategory } from './differences.js';
import { oracleOutcome } from './oracle.js';
import { pipelineRequests } from './pipeline-requests.js';
import { generateCase, prng } from './random-policies.js';

const SEED = 20240611;
const COUNT = 10_000;

/** Whether ours and the oracle agree, directly or once a documented category's rule is applied. */
function compare(
  request: Request,
  policies: PolicySet,
): { agree: boolean; category?: DifferenceCategory; detail: string } {
  const ours = evaluate(request, policies).outcome;
  const oracle = oracleOutcome(request, policies);
  if (ours === oracle) return { agree: true, detail: '' };
  for (const category of applicableCategories(request, policies)) {
    if (oracleOutcome(request, adjustForOracle(category, request, policies)) === ours) {
      return { agree: false, category, detail: '' };
    }
  }
  return {
    agree: false,
    detail: `ours ${ours}, oracle ${oracle}: ${JSON.stringify({ request, policies })}`,
  };
}

void test('documented categories are all described in docs/iam-differences.md', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../docs/iam-differences.md'), 'utf8');
  const categories: DifferenceCategory[] = [
    'root-user',
    'service-principal-principal-side',
    'notprincipal-chain',
    'variable-outside-resource-field',
  ];
  for (const category of categories)
    assert.ok(doc.includes(`\`${category}\``), `${category} is not documented`);
});

void test('pipeline-shaped requests: the expected verdict, and the oracle agrees', () => {
  const rows = pipelineRequests();
  assert.ok(rows.length >= 30);
  for (const row of rows) {
    const decision = evaluate(row.request, row.policies);
    assert.equal(decision.allowed, row.expect === 'allow', `${row.step}: ${decision.explanation}`);
    const result = compare(row.request, row.policies);
    assert.ok(result.agree || result.category !== undefined, `${row.step}: ${result.detail}`);
  }
});

void test(`${COUNT} random policy/request pairs agree with the oracle outside documented categories`, () => {
  const random = prng(SEED);
  const byCategory = new Map<string, number>();
  const outcomes = new Map<string, number>();
  const unexplained: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const { request, policies } = generateCase(random);
    const outcome = evaluate(request, policies).outcome;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    const result = compare(request, policies);
    if (result.agree) continue;
    if (result.category === undefined) unexplained.push(`#${i} ${result.detail}`);
    else byCategory.set(result.category, (byCategory.get(result.category) ?? 0) + 1);
  }
  const disagreements = [...byCategory.values()].reduce((a, b) => a + b, 0);
  console.log(
    `differential: ${COUNT} cases, outcomes ${JSON.stringify(Object.fromEntries(outcomes))}, ` +
      `documented disagreements ${disagreements} ${JSON.stringify(Object.fromEntries(byCategory))}, unexplained ${unexplained.length}`,
  );
  assert.deepEqual(unexplained.slice(0, 3), []);
  // The generator must exercise every outcome, or agreement would prove little.
  for (const outcome of ['allow', 'explicit-deny', 'implicit-deny'])
    assert.ok((outcomes.get(outcome) ?? 0) > COUNT / 20, outcome);
  assert.ok(disagreements < COUNT * 0.05, `too many documented disagreements: ${disagreements}`);
});
