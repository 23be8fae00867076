/**
 * A CodeConnections source whose connection is not AVAILABLE (issue 14): the GetConnection
 * adapter, `start` refusing, `status` saying so, and doctor's connection-state rule, against
 * the GetConnection fake (test/fakes/connections-fake.ts) and the CodePipeline fake.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createConnectionsReadApi } from '../../src/aws/connections-api.js';
import { createPipelineApi, type PipelineApi } from '../../src/aws/pipeline-api.js';
import type { CrosslineError } from '../../src/errors/index.js';
import {
  warnUnavailableConnection,
  type ConnectionsReader,
} from '../../src/ops/connection-state.js';
import {
  analyzeSnapshot,
  parseSnapshot,
  pipelineStatus,
  readLiveSnapshot,
  startPipeline,
  type LiveReaders,
} from '../../src/ops/index.js';
import { FAKE_AWS_ENV, runCli } from '../cli/run-cli.js';
import { startCodePipelineFake, type CodePipelineFake } from '../fakes/codepipeline-fake.js';
import {
  connectionsFakeState,
  startConnectionsFake,
  type ConnectionsFake,
  type ConnectionsFakeState,
} from '../fakes/connections-fake.js';
import { ACCOUNTS, MY_APP_DECLARATION, connectionSourceAction } from '../fakes/pipelines.js';
import { DUMMY_CREDENTIALS, MY_APP_REF, recordingIo } from './helpers.js';

const CONNECTION = `arn:aws:codeconnections:us-east-1:${ACCOUNTS.tools}:connection/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`;
const CONSOLE =
  'https://us-east-1.console.aws.amazon.com/codesuite/settings/connections?region=us-east-1';

const DECLARATION = {
  ...MY_APP_DECLARATION,
  name: 'my-app-conn',
  stages: [
    {
      name: 'Source',
      actions: [connectionSourceAction(CONNECTION)],
    },
    ...MY_APP_DECLARATION.stages.slice(1),
  ],
};
const REF = { ...MY_APP_REF, name: 'my-app-conn' };
const ENV = FAKE_AWS_ENV;

let connections: ConnectionsFake;
let state: ConnectionsFakeState;
let pipelines: CodePipelineFake;
let api: PipelineApi;

const session = (endpoint: string) => ({
  config: { region: 'us-east-1', endpoint, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 },
  retry: { maxAttempts: 1 },
  expire: () => undefined,
});
const reader =
  (endpoint: string): ConnectionsReader =>
  () =>
    createConnectionsReadApi(session(endpoint));

void before(async () => {
  connections = await startConnectionsFake({
    [CONNECTION]: { status: 'PENDING', provider: 'GitHub', name: 'acme' },
  });
  state = connectionsFakeState({ [CONNECTION]: { status: 'PENDING', provider: 'GitHub' } });
  pipelines = await startCodePipelineFake({
    pipelines: [{ declaration: DECLARATION, account: ACCOUNTS.tools }],
    connections: state,
  });
  api = await createPipelineApi({
    region: 'us-east-1',
    endpoint: pipelines.endpoint,
    credentials: DUMMY_CREDENTIALS,
    maxAttempts: 1,
  });
});
void after(async () => {
  await connections.close();
  await pipelines.close();
});

void describe('GetConnection adapter (real SDK client against the fake)', () => {
  void it('reads the status, provider and owner; a missing connection is deleted', async () => {
    const read = await createConnectionsReadApi(session(connections.endpoint));
    assert.deepEqual(await read.readConnection(CONNECTION), {
      arn: CONNECTION,
      status: 'PENDING',
      provider: 'GitHub',
      ownerAccount: ACCOUNTS.tools,
      name: 'acme',
    });
    connections.connections.get(CONNECTION)!.status = 'AVAILABLE';
    assert.equal((await read.readConnection(CONNECTION)).status, 'AVAILABLE');
    const gone = CONNECTION.replace(/[0-9a-f]{12}$/, '000000000000');
    assert.deepEqual(await read.readConnection(gone), { arn: gone, status: 'deleted' });
    assert.deepEqual(
      connections.requests.map((r) => [r.operation, r.body.ConnectionArn]),
      [
        ['codeconnections:GetConnection', CONNECTION],
        ['codeconnections:GetConnection', CONNECTION],
        ['codeconnections:GetConnection', gone],
      ],
    );
    connections.connections.get(CONNECTION)!.status = 'PENDING';
  });
});

void describe('start and status with a connection source', () => {
  void it('start refuses while the connection is PENDING, with the console link; starts once AVAILABLE', async () => {
    await assert.rejects(
      startPipeline(api, REF, recordingIo(), reader(pipelines.endpoint)),
      (e: CrosslineError) =>
        e.code === 'ConnectionNotAvailable' &&
        e.exitCode === 2 &&
        e.message.includes(`connection ${CONNECTION} is PENDING`) &&
        e.message.includes(CONSOLE),
    );
    assert.ok(
      !pipelines.requests.some((r) => r.operation === 'StartPipelineExecution'),
      'no run was started',
    );
    state.connections.get(CONNECTION)!.status = 'AVAILABLE';
    const started = await startPipeline(api, REF, recordingIo(), reader(pipelines.endpoint));
    assert.match(started.executionId, /^[0-9a-f-]{36}$/);
    state.connections.get(CONNECTION)!.status = 'PENDING';
  });

  void it('start refuses a deleted connection too; an unreadable one is a warning, not a refusal', async () => {
    state.connections.delete(CONNECTION);
    await assert.rejects(
      startPipeline(api, REF, recordingIo(), reader(pipelines.endpoint)),
      /does not exist/,
    );
    state.connections.set(CONNECTION, { status: 'PENDING' });
    const io = recordingIo();
    const unreachable: ConnectionsReader = () => Promise.reject(new Error('AccessDenied'));
    await startPipeline(api, REF, io, unreachable);
    assert.ok(io.messages.some((m) => m.code === 'ops.connection-unread' && m.level === 'warn'));
  });

  void it('status reports the connection state and the problem', async () => {
    const report = await pipelineStatus(api, REF, recordingIo(), {
      connections: reader(pipelines.endpoint),
    });
    assert.equal(report.connection?.status, 'PENDING');
    assert.equal(report.connection?.consoleUrl, CONSOLE);
    assert.match(report.connection?.problem ?? '', /until a person completes the handshake/);
  });

  void it('the CLI: status prints the line, start exits 2 saying why', async () => {
    const args = ['--pipeline', 'my-app-conn', '--region', 'us-east-1'];
    const endpoint = ['--endpoint-url', pipelines.endpoint];
    const status = await runCli(['status', ...args, ...endpoint], { env: ENV });
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`connection ${CONNECTION} is PENDING`));
    assert.ok(status.stdout.includes(CONSOLE));
    const start = await runCli(['start', ...args, ...endpoint], { env: ENV });
    assert.equal(start.status, 2, start.stderr);
    assert.match(start.stderr, /not starting: connection .* is PENDING/);
  });
});

void describe('deploy: the connection after the pipeline stack', () => {
  void it('warns with the console link while PENDING, and is quiet once AVAILABLE', async () => {
    const doc = { pipeline: DECLARATION } as unknown as Parameters<
      typeof warnUnavailableConnection
    >[0];
    const io = recordingIo();
    await warnUnavailableConnection(doc, REF, reader(pipelines.endpoint), io);
    const warned = io.messages.filter((m) => m.code === 'deploy.connection');
    assert.equal(warned.length, 1);
    assert.equal(warned[0].level, 'warn');
    assert.ok(warned[0].message.includes(CONSOLE));
    assert.match(warned[0].message, /is PENDING.*start refuses/);
    state.connections.get(CONNECTION)!.status = 'AVAILABLE';
    const quiet = recordingIo();
    const c = await warnUnavailableConnection(doc, REF, reader(pipelines.endpoint), quiet);
    assert.equal(c?.status, 'AVAILABLE');
    assert.equal(quiet.messages.filter((m) => m.code === 'deploy.connection').length, 0);
    state.connections.get(CONNECTION)!.status = 'PENDING';
  });
});

void describe('doctor: connection-state', () => {
  const unreadable = (): Promise<never> => Promise.reject(new Error('no credentials (test)'));
  const readers = (endpoint: string): LiveReaders => ({
    iam: unreadable,
    s3: unreadable,
    kms: unreadable,
    events: unreadable,
    codebuild: unreadable,
    connections: () => createConnectionsReadApi(session(endpoint)),
  });

  void it('reads the connection into the snapshot, and a PENDING one is an error with the link', async () => {
    const s = await readLiveSnapshot(api, REF, readers(pipelines.endpoint), recordingIo());
    assert.equal(s.connection?.status, 'PENDING');
    assert.equal(s.connection?.account, ACCOUNTS.tools);
    // The snapshot round-trips through its schema with the connection.
    const again = parseSnapshot(JSON.parse(JSON.stringify(s)) as unknown, 'saved.json');
    assert.deepEqual(again.connection, s.connection);
    const found = analyzeSnapshot(s).findings.filter((f) =>
      f.message.startsWith(`connection ${CONNECTION}`),
    );
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'error');
    assert.match(found[0].message, /is PENDING.*welcome-connections-workflow/);
    assert.ok(found[0].fix.includes(CONSOLE));
  });

  void it('ERROR and deleted are errors; AVAILABLE is quiet', async () => {
    const s = await readLiveSnapshot(api, REF, readers(pipelines.endpoint), recordingIo());
    const about = (status: 'AVAILABLE' | 'ERROR' | 'deleted') =>
      analyzeSnapshot({ ...s, connection: { ...s.connection!, status } }).findings.filter((f) =>
        f.message.startsWith(`connection ${CONNECTION}`),
      );
    assert.equal(about('AVAILABLE').length, 0);
    assert.match(about('ERROR')[0]?.message ?? '', /is in ERROR/);
    assert.equal(about('ERROR')[0]?.severity, 'error');
    assert.match(about('deleted')[0]?.message ?? '', /does not exist/);
  });

  void it('a snapshot with an unknown connection status is refused', () => {
    assert.throws(
      () =>
        parseSnapshot(
          {
            kind: 'crossline-doctor-snapshot',
            version: 1,
            capturedAt: '2026-01-01T00:00:00Z',
            region: 'us-east-1',
            partition: 'aws',
            pipelineAccount: ACCOUNTS.tools,
            pipeline: { pipeline: DECLARATION },
            roles: {},
            connection: { arn: CONNECTION, account: ACCOUNTS.tools, status: 'WAITING' },
            unread: [],
          },
          'bad.json',
        ),
      /connection\.status/,
    );
  });
});
