/* eslint-disable @typescript-eslint/require-await -- fakes of async SDK calls */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffDelay,
  classifyError,
  refreshingCredentials,
  withRetry,
} from '../../src/aws/index.js';

const err = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, ...extra });

void test('classifies throttling, 5xx, network and expired-token errors; others are final', () => {
  assert.equal(classifyError(err('Throttling', 400)), 'throttling');
  assert.equal(classifyError(err('SlowDown', 503)), 'throttling');
  assert.equal(classifyError(err('Whatever', 429)), 'throttling');
  assert.equal(classifyError(err('InternalFailure', 500)), 'transient');
  assert.equal(classifyError(err('Unknown', 502)), 'transient');
  assert.equal(
    classifyError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })),
    'network',
  );
  assert.equal(classifyError(err('ExpiredToken', 400)), 'expired');
  assert.equal(classifyError(err('ValidationError', 400)), 'other');
  assert.equal(classifyError(err('AccessDenied', 403)), 'other');
});

void test('backoff is exponential, capped, and jittered', () => {
  const full = { random: () => 1, baseDelayMs: 100, maxDelayMs: 1000 };
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, full)),
    [100, 200, 400, 800, 1000, 1000],
  );
  assert.equal(backoffDelay(3, { ...full, random: () => 0.5 }), 200);
});

void test('withRetry retries transient failures with the injected sleeper, then succeeds', async () => {
  const slept: number[] = [];
  let calls = 0;
  const result = await withRetry(
    'op',
    async (attempt) => {
      calls++;
      if (attempt < 4)
        throw [
          err('Throttling', 400),
          err('InternalFailure', 500),
          Object.assign(new Error('x'), { code: 'ECONNRESET' }),
        ][attempt - 1];
      return 'done';
    },
    { sleep: async (ms) => void slept.push(ms), random: () => 1, baseDelayMs: 10, maxDelayMs: 25 },
  );
  assert.equal(result, 'done');
  assert.equal(calls, 4);
  assert.deepEqual(slept, [10, 20, 25]);
});

void test('withRetry gives up after maxAttempts and never retries a final error', async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(
      'op',
      async () => {
        calls++;
        throw err('Throttling', 400);
      },
      { maxAttempts: 3, sleep: async () => {} },
    ),
    { name: 'Throttling' },
  );
  assert.equal(calls, 3);
  calls = 0;
  await assert.rejects(
    withRetry(
      'op',
      async () => {
        calls++;
        throw err('ValidationError', 400);
      },
      { sleep: async () => {} },
    ),
    { name: 'ValidationError' },
  );
  assert.equal(calls, 1);
});

void test('a fired signal ends the call: the attempt in flight, the wait before a retry, any new attempt', async () => {
  const reason = new Error('deadline');
  const inFlight = new AbortController();
  let given: AbortSignal | undefined;
  const hanging = withRetry(
    'codepipeline:GetPipelineExecution',
    (_, signal) => {
      given = signal;
      return new Promise<never>(() => undefined);
    },
    { signal: inFlight.signal },
  );
  setTimeout(() => inFlight.abort(reason), 10);
  await assert.rejects(hanging, (e) => e === reason);
  assert.equal(given?.aborted, true, 'the SDK call got the signal, so its request is aborted');

  const backingOff = new AbortController();
  let calls = 0;
  const waiting = withRetry(
    'codepipeline:GetPipelineExecution',
    async () => {
      calls++;
      throw err('InternalFailure', 500);
    },
    { signal: backingOff.signal, sleep: () => new Promise<void>(() => undefined) },
  );
  setTimeout(() => backingOff.abort(reason), 10);
  await assert.rejects(waiting, (e) => e === reason);
  assert.equal(calls, 1, 'no retry after the signal');

  let tried = false;
  await assert.rejects(
    withRetry(
      'codepipeline:GetPipelineExecution',
      async () => {
        tried = true;
        return 1;
      },
      { signal: inFlight.signal },
    ),
    (e) => e === reason,
  );
  assert.equal(tried, false, 'a fired signal starts no attempt');
});

void test('an expired token refreshes the session and retries at once', async () => {
  let expired = 0;
  let calls = 0;
  const r = await withRetry(
    'op',
    async () => {
      calls++;
      if (calls === 1) throw err('ExpiredToken', 400);
      return 'ok';
    },
    {
      onExpired: () => expired++,
      sleep: async () => assert.fail('no backoff for an expired session'),
    },
  );
  assert.equal(r, 'ok');
  assert.equal(expired, 1);
});

void test('refreshingCredentials refreshes before expiry, shares one fetch, and can be invalidated', async () => {
  let now = 0;
  let n = 0;
  const creds = refreshingCredentials(
    async () => {
      n++;
      return { accessKeyId: `K${n}`, secretAccessKey: 's', expiration: new Date(now + 3600_000) };
    },
    { now: () => now, refreshBeforeMs: 300_000 },
  );
  const [a, b] = await Promise.all([creds(), creds()]);
  assert.equal(a.accessKeyId, 'K1');
  assert.equal(b.accessKeyId, 'K1', 'concurrent callers share one fetch');
  now = 3600_000 - 300_001;
  assert.equal((await creds()).accessKeyId, 'K1', 'still outside the refresh window');
  now = 3600_000 - 299_000;
  assert.equal((await creds()).accessKeyId, 'K2', 'refreshed 5 minutes before expiry');
  creds.invalidate();
  assert.equal((await creds()).accessKeyId, 'K3');
  assert.equal(creds.fetches, 3);
  assert.equal(creds.memoized, true);
});
