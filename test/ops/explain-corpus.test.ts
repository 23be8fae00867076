/**
 * The corpus of published run-time error messages (fixtures/explain/messages.json, each with
 * the page or issue it comes from): what explain reads from each, and, against a saved
 * doctor snapshot, the requests it reconstructs and which of them the policies still deny.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSnapshot, type LiveSnapshot } from '../../src/ops/index.js';
import {
  classifyMessage,
  explainMessage,
  type ActionContext,
} from '../../src/ops/explain/index.js';
import { REPO } from '../cli/run-cli.js';

const FIXTURES = join(REPO, 'test/ops/fixtures');

interface Entry {
  readonly id: string;
  readonly source: string;
  readonly message: string;
  readonly classification: Record<string, unknown> & { kind: string | null };
  readonly explain?: {
    readonly snapshot: string;
    readonly action?: ActionContext;
    readonly expect: {
      readonly verdict: string;
      readonly note?: string;
      readonly requests: number;
      readonly denied: readonly Record<string, unknown>[];
    };
  };
}

const corpus = JSON.parse(readFileSync(join(FIXTURES, 'explain/messages.json'), 'utf8')) as {
  messages: Entry[];
};
const snapshots = new Map<string, LiveSnapshot>();
const snapshot = (file: string): LiveSnapshot => {
  let s = snapshots.get(file);
  if (s === undefined) {
    s = parseSnapshot(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')), file);
    snapshots.set(file, s);
  }
  return s;
};

void describe('explain corpus: published error messages', () => {
  void it('holds at least 25 messages, each cited to AWS documentation or a public issue', () => {
    assert.ok(corpus.messages.length >= 25, `${corpus.messages.length} messages`);
    for (const m of corpus.messages)
      assert.match(m.source, /^https:\/\/(docs\.aws\.amazon\.com|github\.com)\//, m.id);
    assert.equal(new Set(corpus.messages.map((m) => m.id)).size, corpus.messages.length);
  });

  for (const m of corpus.messages) {
    void it(`${m.id}: ${m.classification.kind ?? 'not understood'}`, () => {
      const got = classifyMessage(m.message);
      const { kind, recognised, ...fields } = m.classification;
      if (kind === null) {
        assert.equal(got.understood, false, `${m.id} must not be understood`);
        if (!got.understood) assert.deepEqual(got.recognised, recognised);
        return;
      }
      assert.ok(got.understood, `${m.id} not understood`);
      assert.equal(got.classification.kind, kind);
      for (const [k, v] of Object.entries(fields))
        assert.deepEqual(
          (got.classification as unknown as Record<string, unknown>)[k],
          v,
          `${m.id}: ${k}`,
        );
      if (m.explain === undefined) return;
      const e = explainMessage(snapshot(m.explain.snapshot), m.message, m.explain.action);
      const want = m.explain.expect;
      assert.equal(e.verdict, want.verdict, `${m.id}: ${JSON.stringify(e.notes)}`);
      if (want.note !== undefined) assert.equal(e.notes[0], want.note);
      assert.equal(e.requests.length, want.requests);
      assert.deepEqual(
        e.requests
          .filter((r) => !r.allowed)
          .map((r) => ({
            step: r.step,
            principal: r.principal,
            action: r.action,
            resource: r.resource,
            side: r.side,
            statements: r.statements,
          })),
        want.denied,
      );
    });
  }
});
