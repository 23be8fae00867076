import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runGraph, reverseGraph } from '../../src/deploy/index.js';

const PLAN = [
  { id: 'artifacts', dependsOn: [] },
  { id: 'source', dependsOn: ['artifacts'] },
  { id: 't1', dependsOn: ['artifacts'] },
  { id: 't2', dependsOn: ['artifacts'] },
  { id: 't3', dependsOn: ['artifacts'] },
  { id: 'pipeline', dependsOn: ['source', 't1', 't2', 't3'] },
];

const tick = () => new Promise((r) => setTimeout(r, 5));

void test('runs in dependency order, independent nodes in parallel, within the bound', async () => {
  const log: string[] = [];
  let running = 0;
  let peak = 0;
  const states = await runGraph(PLAN, 2, async (id) => {
    running++;
    peak = Math.max(peak, running);
    log.push(`start ${id}`);
    await tick();
    log.push(`end ${id}`);
    running--;
    return true;
  });
  assert.equal(peak, 2);
  assert.ok([...states.values()].every((s) => s === 'succeeded'));
  assert.equal(log[0], 'start artifacts');
  assert.ok(log.indexOf('start source') > log.indexOf('end artifacts'));
  assert.equal(log.at(-2), 'start pipeline');
  for (const t of ['source', 't1', 't2', 't3'])
    assert.ok(log.indexOf('start pipeline') > log.indexOf(`end ${t}`));
});

void test('with enough concurrency the critical path is three steps, whatever the fan-out', async () => {
  let maxParallel = 0;
  let running = 0;
  await runGraph(PLAN, 50, async () => {
    running++;
    maxParallel = Math.max(maxParallel, running);
    await tick();
    running--;
    return true;
  });
  assert.equal(maxParallel, 4, 'source and the three targets at once');
});

void test('after a failure nothing new starts; in-flight nodes finish; the rest are not-started', async () => {
  const finished: string[] = [];
  const states = await runGraph(PLAN, 2, async (id) => {
    await tick();
    if (id === 'source') return false;
    if (id === 't1') await tick(); // still in flight when source fails
    finished.push(id);
    return true;
  });
  assert.equal(states.get('source'), 'failed');
  assert.equal(states.get('t1'), 'succeeded', 'in flight when source failed: allowed to finish');
  assert.equal(states.get('t2'), 'not-started');
  assert.equal(states.get('pipeline'), 'not-started');
  assert.ok(!finished.includes('t2'));
});

void test('a throwing worker counts as failed; unknown dependencies are a bug', async () => {
  const states = await runGraph([{ id: 'a', dependsOn: [] }], 1, () =>
    Promise.reject(new Error('boom')),
  );
  assert.equal(states.get('a'), 'failed');
  await assert.rejects(
    runGraph([{ id: 'a', dependsOn: ['x'] }], 1, () => Promise.resolve(true)),
    /unknown x/,
  );
});

void test('reverseGraph deletes dependents first', () => {
  const r = Object.fromEntries(reverseGraph(PLAN).map((n) => [n.id, [...n.dependsOn].sort()]));
  assert.deepEqual(r.pipeline, []);
  assert.deepEqual(r.source, ['pipeline']);
  assert.deepEqual(r.artifacts, ['source', 't1', 't2', 't3']);
});
