import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { DeployProgressHost } from '../../src/cli/commands/deploy-progress.js';
import { StackMonitor } from '../../src/deploy/index.js';
import type { IoMessage } from '../../src/io/index.js';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(c: Buffer, _e, done) {
      text += c.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

const plan = (alias: string, id: string) => ({
  id: `${alias}/app`,
  name: 'app',
  account: { alias, id },
});
const clock = { now: () => 0, sleep: () => Promise.resolve() };

void test('without a terminal every status and event is one plain line, passed to the CLI host', () => {
  const seen: IoMessage[] = [];
  const out = sink();
  const host = new DeployProgressHost({ notify: (m) => void seen.push(m) }, out.stream, false);
  const m = new StackMonitor(plan('staging', '333333333333'), host, clock);
  m.status('CREATE_IN_PROGRESS');
  m.events([
    {
      id: 'e1',
      timestamp: new Date(0),
      logicalId: 'DeployRole',
      resourceType: 'AWS::IAM::Role',
      status: 'CREATE_COMPLETE',
    },
  ]);
  m.status('CREATE_COMPLETE', true);
  host.finish();
  assert.deepEqual(
    seen.map((x) => x.code),
    ['deploy.stack', 'deploy.event', 'deploy.stack'],
  );
  assert.match(seen[0].message, /^staging\s+app\s+CREATE_IN_PROGRESS \(0s\)$/);
  assert.match(seen[1].message, /CREATE_COMPLETE \| AWS::IAM::Role DeployRole/);
  assert.equal(out.text(), '', 'the printer itself writes nothing');
});

void test('on a terminal one live line per stack is redrawn in place, events scroll above', () => {
  const seen: IoMessage[] = [];
  const out = sink();
  const host = new DeployProgressHost({ notify: (m) => void seen.push(m) }, out.stream, true);
  const a = new StackMonitor(plan('staging', '333333333333'), host, clock);
  const b = new StackMonitor(plan('prod', '444444444444'), host, clock);
  a.status('CREATE_IN_PROGRESS');
  b.status('CREATE_IN_PROGRESS');
  a.events([
    {
      id: 'e1',
      timestamp: new Date(0),
      logicalId: 'R',
      resourceType: 'AWS::IAM::Role',
      status: 'CREATE_COMPLETE',
    },
  ]);
  a.status('CREATE_COMPLETE', true);
  host.finish();
  const text = out.text();
  assert.ok(text.includes('\u001b[2A\u001b[J'), 'the two stack lines are cleared and redrawn');
  const finalBlock = text.split('\u001b[J').pop()!;
  assert.match(finalBlock, /staging\s+app\s+CREATE_COMPLETE 0s/);
  assert.match(finalBlock, /prod\s+app\s+CREATE_IN_PROGRESS/);
  assert.deepEqual(
    seen.map((x) => x.code),
    ['deploy.event'],
    'status lines are drawn live, not logged',
  );
});
