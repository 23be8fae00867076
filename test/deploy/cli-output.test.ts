/**
 * `crossline deploy` as a user runs it, against a stub AWS endpoint that denies every request
 * (so the run stops at the credential check, after writing its output folder):
 * - `-o DIR` is replaced as a whole, like `plan` does: templates, verify.json and the report,
 *   no file of an earlier run left behind, no temporary folder;
 * - on Node 20 the AWS SDK's NodeVersionSupportWarning does not reach the user (the CLI sets
 *   AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED, bin/crossline.js).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { awsTestEnv } from '../support/aws-env.js';
import { crossline, REPO } from '../support/cli.js';

const config = join(REPO, 'examples/four-accounts.yml');
const WARNING = /NodeVersionSupportWarning|will require node >=/;
const nodeMajor = Number(process.versions.node.split('.')[0]);

/** Answers every request with STS's AccessDenied: the SDK fails at once, without retries. */
async function denyingEndpoint(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(403, { 'content-type': 'text/xml' });
      res.end(
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>' +
          '<Code>AccessDenied</Code><Message>the stub denies every request</Message></Error>' +
          '<RequestId>stub</RequestId></ErrorResponse>',
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return { url: `http://127.0.0.1:${address.port}`, server };
}

/** The test environment as a user has it: no variable that silences the SDK. */
function userEnv(endpoint: string): Record<string, string> {
  const env = awsTestEnv(endpoint);
  delete env.AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING;
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  return env;
}

void test('deploy -o replaces the folder as a whole and prints no SDK Node-version warning', async (t) => {
  const { url, server } = await denyingEndpoint();
  const dir = mkdtempSync(join(tmpdir(), 'crossline-deploy-out-'));
  t.after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const out = join(dir, 'out');
  // An earlier run's output, with a file this run no longer produces.
  mkdirSync(join(out, 'templates'), { recursive: true });
  writeFileSync(join(out, 'plan.json'), '{}');
  writeFileSync(join(out, 'templates', 'gone.template.json'), '{}');

  const args = ['deploy', '-c', config, '-o', out, '--yes', '--assume-role', 'Admin'];
  const run = await crossline(args, userEnv(url));
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /the stub denies every request/, 'it reached the SDK');
  assert.doesNotMatch(run.stderr + run.stdout, WARNING);

  const files = readdirSync(out);
  for (const f of ['plan.json', 'pipeline.json', 'verify.json', 'report.html', 'diagram.mmd'])
    assert.ok(files.includes(f), `${f} in ${files.join(', ')}`);
  assert.deepEqual(readdirSync(join(out, 'templates')).sort(), [
    'prod',
    'source',
    'staging',
    'tools',
  ]);
  assert.equal(existsSync(join(out, 'templates', 'gone.template.json')), false, 'stale file gone');
  assert.deepEqual(
    readdirSync(dirname(out)).filter((f) => f !== 'out'),
    [],
    'no temporary folder left beside it',
  );

  // A folder that is not crossline output is refused, not overwritten.
  const foreign = join(dir, 'notes');
  mkdirSync(foreign);
  writeFileSync(join(foreign, 'todo.txt'), 'mine');
  const refused = await crossline(
    ['deploy', '-c', config, '-o', foreign, '--yes', '--assume-role', 'Admin'],
    userEnv(url),
  );
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /not crossline output/);
  assert.deepEqual(readdirSync(foreign), ['todo.txt']);

  // The control: the same run with the SDK's warning switched back on shows it on Node < 22,
  // so the assertion above is about a warning that would otherwise be printed.
  if (nodeMajor >= 22) {
    t.diagnostic(`Node ${process.versions.node}: the SDK does not warn on this version`);
    return;
  }
  const loud = await crossline(args, {
    ...userEnv(url),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false',
  });
  assert.match(loud.stderr, WARNING);
});
