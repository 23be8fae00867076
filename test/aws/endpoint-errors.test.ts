/**
 * An endpoint that is not an AWS API (HTML 500s) or does not answer: the CLI names the service
 * call, the HTTP status and what it means, never the SDK's `$response` text, and ends in bounded
 * time. Needs a build: `npx tsc -p tsconfig.build.json`.
 */
import assert from 'node:assert/strict';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { describeCallError, errorMessage, classifyError } from '../../src/aws/sdk-errors.js';
import { FAKE_AWS_ENV, REPO, runCli } from '../cli/run-cli.js';

const ENV = FAKE_AWS_ENV;

function listen(handler: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((res) =>
    server.listen(0, '127.0.0.1', () =>
      res({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

let html: { server: Server; url: string };
let hang: { server: Server; url: string };

void before(async () => {
  html = await listen((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<html><body><h1>500 Internal Server Error</h1></body></html>');
    });
  });
  hang = await listen((req) => req.resume());
});

void after(() => {
  html.server.closeAllConnections();
  hang.server.closeAllConnections();
  html.server.close();
  hang.server.close();
});

void describe('the error mapper', () => {
  void it('words an unparsable 500 by its status, naming the call and the endpoint host', () => {
    const sdk = Object.assign(
      new SyntaxError(
        'Unexpected token \'<\', "<html>" is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
      ),
      { $metadata: { httpStatusCode: 500 } },
    );
    const text = describeCallError('cloudformation:DescribeStacks', sdk, 'http://127.0.0.1:4566');
    assert.match(text, /^CloudFormation DescribeStacks at 127\.0\.0\.1:4566 failed: HTTP 500: /);
    assert.match(text, /internal error, or is not an AWS API/);
    assert.doesNotMatch(text, /\$response|SyntaxError|Unexpected token/);
    assert.equal(classifyError(sdk), 'transient');
  });

  void it('keeps a real AWS message and names refused connections and 404s', () => {
    assert.equal(
      errorMessage({
        name: 'ValidationError',
        message: 'Stack x does not exist',
        $metadata: { httpStatusCode: 400 },
      }),
      'Stack x does not exist',
    );
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    assert.match(errorMessage(refused), /connection refused/);
    assert.match(
      errorMessage({
        name: 'Unknown',
        message: 'UnknownError',
        $metadata: { httpStatusCode: 404 },
      }),
      /HTTP 404: the endpoint does not serve this API/,
    );
  });
});

void describe('CLI against an endpoint that is not an AWS API', () => {
  void it('status on an HTML 500 endpoint names the call and status, within a bound', async () => {
    const t0 = Date.now();
    const run = await runCli(
      ['status', '-c', `${REPO}/examples/four-accounts.yml`, '--endpoint-url', html.url],
      { env: ENV },
    );
    const elapsed = Date.now() - t0;
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /STS GetCallerIdentity at 127\.0\.0\.1:\d+ failed: HTTP 500/);
    assert.doesNotMatch(run.stderr + run.stdout, /\$response|SyntaxError/);
    assert.ok(elapsed < 15_000, `took ${elapsed} ms`);
  });

  void it('status on an endpoint that never answers gives up in bounded time, naming the call', async () => {
    const t0 = Date.now();
    const run = await runCli(
      ['status', '-v', '-c', `${REPO}/examples/four-accounts.yml`, '--endpoint-url', hang.url],
      { env: ENV },
    );
    const elapsed = Date.now() - t0;
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /^sts:GetCallerIdentity: no answer in time \(transient\); retry 1 /m);
    assert.match(
      run.stderr,
      /STS GetCallerIdentity at 127\.0\.0\.1:\d+ failed: no answer within \d+ s/,
    );
    assert.match(run.stderr, /hint: check --endpoint-url/);
    assert.doesNotMatch(run.stderr, /@smithy|TimeoutError|requestHandler/);
    // One call's budget is 20 s, retries included (src/aws/retry.ts); a start-up on top.
    assert.ok(elapsed < 30_000, `took ${elapsed} ms`);
  });

  void it('watch --timeout 3 on a hanging endpoint ends within 3 s and says why', async () => {
    const t0 = Date.now();
    const run = await runCli(
      [
        'watch',
        '--timeout',
        '3',
        '-c',
        `${REPO}/examples/four-accounts.yml`,
        '--endpoint-url',
        hang.url,
      ],
      { env: ENV },
    );
    const elapsed = Date.now() - t0;
    assert.equal(run.status, 1, run.stderr);
    // The credential check never answers: the request is aborted at the deadline.
    assert.match(run.stderr, /watch gave up after --timeout 3 s: an AWS call did not answer/);
    // The bound counts from the process start; the margin is spawning Node, printing and
    // exiting on a busy machine (before the deadline was wall-clock this took about 4.8 s).
    assert.ok(elapsed < 4_200, `took ${elapsed} ms`);
  });
});
