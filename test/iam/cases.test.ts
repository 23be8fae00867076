// Runs every data-driven case of test/iam/cases/*.json through the engine. A case is a policy
// set, a request and the expected decision, and cites the AWS documentation it follows.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { evaluate, formatRef } from '../../src/iam/index.js';
import type { Decision, Outcome, PolicySet, Request } from '../../src/iam/index.js';

interface Case {
  readonly name: string;
  readonly doc: string;
  readonly request: Request;
  readonly policies: PolicySet;
  readonly expect: {
    readonly outcome: Outcome;
    /** Exactly these statements (as `policy/statement`) decide, in any order. */
    readonly deciding?: readonly string[];
    /** Some near miss names this statement and element (and its detail contains the text). */
    readonly nearMiss?: {
      readonly statement: string;
      readonly element: string;
      readonly detailIncludes?: string;
    };
    /** Some warning contains this text. */
    readonly warning?: string;
  };
}

const dir = join(import.meta.dirname, 'cases');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

void test('there are case files', () => assert.ok(files.length >= 8, `found ${files.length}`));

for (const file of files) {
  const { cases } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { cases: Case[] };
  void describe(file, () => {
    for (const c of cases) {
      void test(c.name, () => {
        assert.match(
          c.doc,
          /^https:\/\/docs\.aws\.amazon\.com\//,
          'every case cites an AWS documentation page',
        );
        const decision = evaluate(c.request, c.policies);
        checkShape(decision);
        assert.equal(decision.outcome, c.expect.outcome, decision.explanation);
        assert.equal(decision.allowed, c.expect.outcome === 'allow');
        if (c.expect.deciding !== undefined) {
          assert.deepEqual(
            decision.deciding.map(formatRef).sort(),
            [...c.expect.deciding].sort(),
            decision.explanation,
          );
        }
        const nearMiss = c.expect.nearMiss;
        if (nearMiss !== undefined) {
          const found = decision.nearMisses.find(
            (m) =>
              formatRef(m.ref) === nearMiss.statement &&
              m.element === nearMiss.element &&
              (nearMiss.detailIncludes === undefined || m.detail.includes(nearMiss.detailIncludes)),
          );
          assert.ok(
            found,
            `near miss ${JSON.stringify(nearMiss)} not in ${JSON.stringify(decision.nearMisses, null, 1)}`,
          );
        }
        if (c.expect.warning !== undefined) {
          assert.ok(
            decision.warnings.some((w) => w.includes(c.expect.warning as string)),
            JSON.stringify(decision.warnings),
          );
        }
      });
    }
  });
}

/** Invariants every decision keeps, whatever the case. */
function checkShape(decision: Decision): void {
  assert.ok(decision.explanation.length > 0);
  if (decision.outcome === 'explicit-deny') {
    assert.ok(decision.deciding.length > 0 && decision.deciding.every((r) => r.effect === 'Deny'));
  }
  if (decision.outcome === 'allow') {
    assert.ok(decision.deciding.every((r) => r.effect === 'Allow'));
    assert.equal(decision.nearMisses.length, 0);
  }
  for (const ref of decision.deciding)
    assert.ok(
      decision.explanation.includes(formatRef(ref)) || decision.outcome === 'implicit-deny',
    );
}
