import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { SSMClient, GetParameterCommand } from '@aws-sdk/client-ssm';
import { S3Client, HeadBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { startFaultProxy, on, type FaultProxy } from './fault-proxy.js';
import { TEST_CREDENTIALS } from './moto.js';

/** A backend that answers 200 and counts what reached it. */
async function backend(): Promise<{ endpoint: string; hits: string[]; stop: () => Promise<void> }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      hits.push(body || `${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('backend-ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    hits,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

function signedPost(
  endpoint: string,
  service: string,
  body: string,
): Promise<{ status: number | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${endpoint}/`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const sdkConfig = (endpoint: string) => ({
  region: 'us-east-1',
  endpoint,
  credentials: TEST_CREDENTIALS,
  maxAttempts: 1,
});

async function withProxy(
  fn: (p: FaultProxy, b: Awaited<ReturnType<typeof backend>>) => Promise<void>,
): Promise<void> {
  const b = await backend();
  const p = await startFaultProxy({ target: b.endpoint });
  try {
    await fn(p, b);
  } finally {
    await p.stop();
    await b.stop();
  }
}

void test('forwards requests it has no rule for, and logs service, action and key', () =>
  withProxy(async (p, b) => {
    const r = await signedPost(
      p.endpoint,
      'cloudformation',
      'Action=DescribeStacks&Version=2010-05-15',
    );
    assert.equal(r.status, 200);
    assert.equal(r.body, 'backend-ok');
    assert.deepEqual(b.hits, ['Action=DescribeStacks&Version=2010-05-15']);
    assert.deepEqual(p.log[0], {
      service: 'cloudformation',
      action: 'DescribeStacks',
      accessKeyId: 'AKIDEXAMPLE',
      outcome: 'forwarded',
      status: 200,
    });
  }));

void test('throttles a Query request the way the SDK recognises (code Throttling), `times` times only', () =>
  withProxy(async (p, b) => {
    const rule = p.addRule({
      match: on('sts', 'GetCallerIdentity'),
      fault: { kind: 'throttle' },
      times: 1,
    });
    const sts = new STSClient(sdkConfig(p.endpoint));
    await assert.rejects(
      sts.send(new GetCallerIdentityCommand({})),
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, 'Throttling');
        assert.equal(e.$metadata?.httpStatusCode, 400);
        return true;
      },
    );
    assert.equal(rule.hits, 1);
    assert.equal(b.hits.length, 0, 'a faulted request never reaches the backend');
    // The second request passes the exhausted rule and reaches the backend.
    await signedPost(p.endpoint, 'sts', 'Action=GetCallerIdentity');
    assert.equal(b.hits.length, 1);
  }));

void test('answers 500 InternalFailure, and ExpiredToken, in the JSON protocol', () =>
  withProxy(async (p) => {
    const ssm = new SSMClient(sdkConfig(p.endpoint));
    const h500 = p.addRule({
      match: on('ssm', 'GetParameter'),
      fault: { kind: 'server-error' },
      times: 1,
    });
    await assert.rejects(
      ssm.send(new GetParameterCommand({ Name: 'x' })),
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, 'InternalFailure');
        assert.equal(e.$metadata?.httpStatusCode, 500);
        return true;
      },
    );
    assert.equal(h500.hits, 1);
    p.addRule({ match: on('ssm'), fault: { kind: 'expired-token' } });
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: 'x' })), {
      name: 'ExpiredTokenException',
    });
  }));

void test('throttles S3 with 503 SlowDown', () =>
  withProxy(async (p) => {
    const s3 = new S3Client({ ...sdkConfig(p.endpoint), forcePathStyle: true });
    p.addRule({ match: on('s3'), fault: { kind: 'throttle' } });
    await assert.rejects(
      s3.send(new ListObjectsV2Command({ Bucket: 'b' })),
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, 'SlowDown');
        assert.equal(e.$metadata?.httpStatusCode, 503);
        return true;
      },
    );
    // HEAD has no body: the SDK still sees a 503.
    await assert.rejects(
      s3.send(new HeadBucketCommand({ Bucket: 'b' })),
      (e: Error & { $metadata?: { httpStatusCode?: number } }) =>
        e.$metadata?.httpStatusCode === 503,
    );
  }));

void test('drops a connection before the backend sees it; drop-response lets the backend act first', () =>
  withProxy(async (p, b) => {
    p.addRule({ match: on('cloudformation', 'CreateStack'), fault: { kind: 'drop' }, times: 1 });
    await assert.rejects(
      signedPost(p.endpoint, 'cloudformation', 'Action=CreateStack'),
      /socket hang up|ECONNRESET/,
    );
    assert.equal(b.hits.length, 0);
    p.addRule({
      match: on('cloudformation', 'CreateStack'),
      fault: { kind: 'drop-response' },
      times: 1,
    });
    await assert.rejects(
      signedPost(p.endpoint, 'cloudformation', 'Action=CreateStack'),
      /socket hang up|ECONNRESET/,
    );
    assert.equal(b.hits.length, 1, 'the backend acted although the client saw no answer');
    assert.deepEqual(
      p.log.map((l) => l.outcome),
      ['drop', 'drop-response'],
    );
  }));

void test('adds latency before forwarding', () =>
  withProxy(async (p) => {
    p.addRule({ match: on('cloudformation'), fault: { kind: 'latency', ms: 150 } });
    const t0 = performance.now();
    const r = await signedPost(p.endpoint, 'cloudformation', 'Action=DescribeStacks');
    assert.equal(r.status, 200);
    assert.ok(performance.now() - t0 >= 140, 'the answer came after the added latency');
  }));

void test('removed and cleared rules stop applying', () =>
  withProxy(async (p) => {
    const rule = p.addRule({ match: () => true, fault: { kind: 'server-error' } });
    assert.equal((await signedPost(p.endpoint, 'sts', 'Action=X')).status, 500);
    rule.remove();
    assert.equal((await signedPost(p.endpoint, 'sts', 'Action=X')).status, 200);
    p.addRule({ match: () => true, fault: { kind: 'server-error' } });
    p.clearRules();
    assert.equal((await signedPost(p.endpoint, 'sts', 'Action=X')).status, 200);
  }));

void test('answers with a canned response instead of forwarding', () =>
  withProxy(async (p, b) => {
    p.addRule({
      match: on('cloudformation', 'DescribeStacks'),
      fault: { kind: 'respond', status: 200, body: '<x/>' },
      times: 1,
    });
    const r = await signedPost(p.endpoint, 'cloudformation', 'Action=DescribeStacks');
    assert.deepEqual([r.status, r.body], [200, '<x/>']);
    assert.equal(b.hits.length, 0);
  }));
