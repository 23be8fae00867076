// stages[].onFailure (docs/design.md §2, release flow): the stage's V2 onFailure, in
// pipeline.json and in the pipeline stack; the combinations CodePipeline refuses are errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile, parseConfig } from '../../src/config/index.js';
import { onFailureProblems } from '../../src/config/on-failure.js';
import { synthesize } from '../../src/synth/index.js';
import { BASE, withReplaced } from '../config/base-config.js';
import { pipelineFrom } from './helpers.js';

const RELEASE = loadConfigFile('examples/release-flow.yml').pipeline;
const synth = synthesize(RELEASE);

type ApiStage = { name: string; onFailure?: unknown };
const apiStages = (s = synth): ApiStage[] =>
  (s.pipelineJson as { pipeline: { stages: ApiStage[] } }).pipeline.stages;
type CfnStage = { Name: string; OnFailure?: unknown };
function cfnStages(s = synth): CfnStage[] {
  const id = Object.keys(s.templates).find((k) => k.endsWith('-pipeline'))!;
  const resources = s.templates[id].Resources as Record<
    string,
    { Properties: { Stages: CfnStage[]; ExecutionMode: string; PipelineType: string } }
  >;
  return resources.Pipeline.Properties.Stages;
}

void test('rollback and retry become the stage onFailure, nothing for the others', () => {
  const api = Object.fromEntries(apiStages().map((s) => [s.name, s.onFailure]));
  assert.deepEqual(api, {
    Source: undefined,
    Build: undefined,
    staging: { result: 'RETRY', retryConfiguration: { retryMode: 'FAILED_ACTIONS' } },
    prod: { result: 'ROLLBACK' },
  });
  const cfn = Object.fromEntries(cfnStages().map((s) => [s.Name, s.OnFailure]));
  assert.deepEqual(cfn, {
    Source: undefined,
    Build: undefined,
    staging: { Result: 'RETRY', RetryConfiguration: { RetryMode: 'FAILED_ACTIONS' } },
    prod: { Result: 'ROLLBACK' },
  });
  // onFailure is a V2 field; rollback needs an execution mode other than PARALLEL.
  const p = synth.pipelineJson as { pipeline: { pipelineType: string; executionMode: string } };
  assert.equal(p.pipeline.pipelineType, 'V2');
  assert.notEqual(p.pipeline.executionMode, 'PARALLEL');
});

void test('none, or no onFailure, writes no onFailure', () => {
  const none = synthesize(
    pipelineFrom(withReplaced('    approval: true\n', '    approval: true\n    onFailure: none\n')),
  );
  assert.ok(apiStages(none).every((s) => s.onFailure === undefined));
  assert.ok(cfnStages(none).every((s) => s.OnFailure === undefined));
  assert.equal(pipelineFrom(BASE).stages[1].onFailure, undefined);
});

void test('plan notes: rollback needs an earlier success; waves roll back one by one', () => {
  assert.ok(
    synth.plan.notes.some((n) => /^stage prod rolls back on failure .*never succeeded/.test(n)),
    synth.plan.notes.join('\n'),
  );
  const accounts = Array.from({ length: 51 }, (_, i) => `  p${i}: "${500000000000 + i}"`);
  const targets = accounts.map(
    (_, i) => `      - { account: p${i}, stack: s${i}, template: template.yaml }`,
  );
  const text = withReplaced(
    '  prod: "444444444444"\n',
    `  prod: "444444444444"\n${accounts.join('\n')}\n`,
    withReplaced(
      '    approval: true\n    targets:\n      - { account: prod, stack: my-app-prod, template: template.yaml }\n',
      `    onFailure: rollback\n    targets:\n${targets.join('\n')}\n`,
    ),
  );
  const waves = synthesize(pipelineFrom(text));
  const prod = apiStages(waves).filter((s) => s.name.startsWith('prod-'));
  assert.equal(prod.length, 2);
  for (const s of prod) assert.deepEqual(s.onFailure, { result: 'ROLLBACK' });
  assert.ok(
    waves.plan.notes.some((n) =>
      /prod runs as 2 waves and onFailure rollback applies to each wave/.test(n),
    ),
    waves.plan.notes.join('\n'),
  );
});

void test('rollback in a PARALLEL pipeline is refused, located at the stage onFailure', () => {
  const raw = {
    stages: [
      { name: 'a', onFailure: 'retry' },
      { name: 'b', onFailure: 'rollback' },
    ],
  };
  const found = onFailureProblems(raw, 'PARALLEL');
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].path, ['stages', 1, 'onFailure']);
  assert.match(found[0].message, /execution-modes\.html/);
  // crossline's own mode takes rollback.
  assert.deepEqual(onFailureProblems(raw), []);
  assert.deepEqual(onFailureProblems(raw, 'QUEUED'), []);
});

void test('an unknown onFailure is a located problem', () => {
  assert.throws(
    () =>
      parseConfig(
        withReplaced('    approval: true\n', '    approval: true\n    onFailure: rollbak\n'),
        'x.yml',
      ),
    (e: Error) => /x\.yml:23:16/.test(e.message) && /rollback/.test(e.message),
  );
});
