/**
 * doctor reads AWS RAM for a connection of another account: the RAM client (ListResources
 * through @aws-sdk/client-ram, against a local server that answers as the ListResources
 * reference describes, since moto has no ListResources) and the snapshot reader that asks it
 * in the pipeline account, whose answer the `connection-share` rule judges.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createRamReadApi } from '../../src/aws/ram-api.js';
import type { PipelineApi } from '../../src/aws/pipeline-api.js';
import { analyzeSnapshot, readLiveSnapshot, type LiveReaders } from '../../src/ops/index.js';
import { ramFake } from '../fakes/ram-fake.js';
import { ACCOUNTS, MY_APP_DECLARATION, connectionSourceAction } from '../fakes/pipelines.js';
import { DUMMY_CREDENTIALS, MY_APP_REF, recordingIo } from './helpers.js';

const OWNER = '999999999999';
const SHARED =
  'arn:aws:codeconnections:us-east-1:999999999999:connection/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

void describe('RAM client: ListResources shared with this account', () => {
  void it('asks for OTHER-ACCOUNTS and this ARN, signed for ram, and reads every page', async () => {
    const seen: { url: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const body = JSON.parse(text) as Record<string, unknown>;
        seen.push({ url: req.url ?? '', headers: req.headers, body });
        const first = body['nextToken'] === undefined;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            resources: [
              {
                arn: SHARED,
                type: 'codeconnections:Connection',
                resourceShareArn: `arn:aws:ram:us-east-1:${OWNER}:resource-share/${first ? 'a' : 'b'}`,
                status: first ? 'AVAILABLE' : 'PENDING',
              },
            ],
            ...(first ? { nextToken: 'page-2' } : {}),
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const ram = await createRamReadApi({
        config: { region: 'us-east-1', endpoint, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 },
        retry: { maxAttempts: 1 },
        expire: () => undefined,
      });
      const got = await ram.sharedWithMe(SHARED);
      assert.deepEqual(
        got.map((r) => r.status),
        ['AVAILABLE', 'PENDING'],
      );
      assert.equal(seen.length, 2);
      assert.equal(seen[0]?.url, '/listresources');
      assert.deepEqual(seen[0]?.body, { resourceOwner: 'OTHER-ACCOUNTS', resourceArns: [SHARED] });
      assert.equal(seen[1]?.body['nextToken'], 'page-2');
      assert.match(String(seen[0]?.headers.authorization), /\/us-east-1\/ram\/aws4_request/);
    } finally {
      server.close();
    }
  });
});

void describe('doctor: a connection of another account', () => {
  const declaration = {
    ...MY_APP_DECLARATION,
    name: 'my-app-shared',
    stages: [
      {
        name: 'Source',
        actions: [connectionSourceAction(SHARED)],
      },
      ...MY_APP_DECLARATION.stages.slice(1),
    ],
  };
  const api = {
    getPipeline: () => Promise.resolve({ pipeline: declaration }),
  } as unknown as PipelineApi;
  const ref = { ...MY_APP_REF, name: 'my-app-shared' };
  const unreadable = (): Promise<never> => Promise.reject(new Error('no credentials (test)'));
  const readers = (ram: ReturnType<typeof ramFake>, regions: string[]): LiveReaders => ({
    iam: unreadable,
    s3: unreadable,
    kms: unreadable,
    events: unreadable,
    codebuild: unreadable,
    ram: (account, region) => {
      regions.push(region);
      return Promise.resolve(ram.api(account));
    },
  });
  const shareFindings = (s: Parameters<typeof analyzeSnapshot>[0]) =>
    analyzeSnapshot(s).findings.filter((f) => f.message.includes(`connection ${SHARED}`));

  void it('reads the share in the pipeline account, in us-east-1: shared is quiet', async () => {
    const ram = ramFake([{ owner: OWNER, principals: [ACCOUNTS.tools], resources: [SHARED] }]);
    const regions: string[] = [];
    const s = await readLiveSnapshot(api, ref, readers(ram, regions), recordingIo());
    assert.deepEqual(ram.requests, [{ account: ACCOUNTS.tools, resourceArn: SHARED }]);
    assert.deepEqual(regions, ['us-east-1']);
    assert.equal(s.connectionShare?.resources.length, 1);
    assert.deepEqual(shareFindings(s), []);
  });

  void it('not shared with the pipeline account: an error naming both accounts', async () => {
    const ram = ramFake([{ owner: OWNER, principals: ['123456789012'], resources: [SHARED] }]);
    const s = await readLiveSnapshot(api, ref, readers(ram, []), recordingIo());
    const found = shareFindings(s);
    assert.equal(found.length, 1);
    assert.equal(found[0]?.severity, 'error');
    assert.match(found[0]?.message ?? '', /is not shared with the pipeline account/);
  });

  void it('RAM unreadable: recorded as unread, and the rule says not verified', async () => {
    const s = await readLiveSnapshot(
      api,
      ref,
      { ...readers(ramFake(), []), ram: unreadable },
      recordingIo(),
    );
    assert.ok(s.unread.some((u) => u.what.startsWith('AWS RAM shares of')));
    const found = shareFindings(s);
    assert.equal(found[0]?.severity, 'warning');
    assert.match(found[0]?.message ?? '', /not verified/);
  });
});
