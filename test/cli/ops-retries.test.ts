/**
 * Retried AWS requests of `status` and `watch` are visible at -v: one line per retry naming
 * the call, the error and the delay; without -v they stay quiet. The endpoint is a local server
 * answering HTTP 500 with HTML (a transient error to the SDK). Needs a build.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FAKE_AWS_ENV, REPO, runCli } from './run-cli.js';

const ENV = FAKE_AWS_ENV;
const CONFIG = `${REPO}/examples/four-accounts.yml`;
const RETRY = /^(sts|codepipeline):\w+: .+; retry \d+ in \d+ ms$/gm;

let server: Server;
let url: string;

void before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<html><body><h1>500 Internal Server Error</h1></body></html>');
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

void after(() => {
  server.closeAllConnections();
  server.close();
});

void describe('retries at -v (status, watch)', { concurrency: 3 }, () => {
  for (const command of [['status'], ['watch', '--timeout', '20']]) {
    void it(`${command[0]} -v: a line per retry; the run still fails with the readable error`, async () => {
      const run = await runCli(['-v', ...command, '-c', CONFIG, '--endpoint-url', url], {
        env: ENV,
      });
      assert.notEqual(run.status, 0);
      const retries = run.stderr.match(RETRY) ?? [];
      assert.ok(retries.length >= 1, run.stderr);
      assert.match(retries[0] ?? '', /retry 1 in \d+ ms$/);
      // The retry names what the endpoint answered, not the SDK's placeholder error name.
      for (const line of retries) assert.match(line, /: HTTP 500 \(transient\); retry/, line);
      assert.match(run.stderr, /HTTP 500/);
    });
  }

  void it('status without -v: no retry lines', async () => {
    const run = await runCli(['status', '-c', CONFIG, '--endpoint-url', url], { env: ENV });
    assert.notEqual(run.status, 0);
    assert.equal((run.stderr.match(RETRY) ?? []).length, 0, run.stderr);
    assert.match(run.stderr, /HTTP 500/);
  });
});
