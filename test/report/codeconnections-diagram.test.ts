/** A CodeConnections source in the diagram: its repository outside every account, no source plumbing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDiagram, renderMermaid } from '../../src/report/index.js';
import { pipelineFrom } from '../synth/helpers.js';
import { EXISTING } from '../synth/sources/codeconnections-config.js';

void test('the source lane is outside the accounts; the tools lane has no start rule or source role', () => {
  const d = buildDiagram({ subject: pipelineFrom(EXISTING) });
  const source = d.lanes.find((l) => l.kind === 'source');
  assert.ok(source, 'a source lane');
  assert.deepEqual(source.accounts, [], 'no AWS account');
  assert.match(source.subtitle, /outside your AWS accounts/);
  assert.deepEqual(
    source.nodes.map((n) => [n.tag, n.label]),
    [['GIT', 'acme/shop@main']],
  );
  const tools = d.lanes.find((l) => l.kind === 'tools')!;
  const labels = tools.nodes.map((n) => n.label);
  for (const gone of ['shop-start', 'shop-trigger', 'shop-source', 'shop-forward'])
    assert.ok(!labels.includes(gone), `${gone} is not drawn`);
  assert.ok(!d.edges.some((e) => e.lane === 'source'), 'no cross-account source edges');
  assert.equal(d.columns[0]?.detail, 'CodeConnections acme/shop');
  assert.match(
    renderMermaid({ subject: pipelineFrom(EXISTING) }),
    /Git provider · outside your AWS accounts/,
  );
});
