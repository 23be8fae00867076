/**
 * What doctor could not read is "not verified": neither passed nor failed, counted apart,
 * named with the document and why, grey "?" on the report's edges. From the saved snapshot
 * of a moto fixture (fixtures/snapshot-build-role-no-key.json), read again through fake
 * readers in which one role cannot be read and one role's trust policy does not parse.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeDocument } from '../../src/aws/iam-api.js';
import type { PipelineApi } from '../../src/aws/pipeline-api.js';
import {
  analyzeSnapshot,
  parseSnapshot,
  readLiveSnapshot,
  type LiveReaders,
  type LiveSnapshot,
  type PipelineRef,
} from '../../src/ops/index.js';
import { renderReport } from '../../src/report/index.js';
import { doctorReportInput } from '../../src/toolkit/doctor-report.js';
import { REPO } from '../cli/run-cli.js';
import { recordingIo } from './helpers.js';
import { readerApi, snapshotReaders } from './snapshot-readers.js';

const FILE = join(REPO, 'test/ops/fixtures/snapshot-build-role-no-key.json');
const PROD = '444444444444';
const STAGING = '333333333333';
const PROD_DEPLOY = `arn:aws:iam::${PROD}:role/app-bk-deploy`;
const STAGING_DEPLOY = `arn:aws:iam::${STAGING}:role/app-bk-deploy`;

const saved: LiveSnapshot = parseSnapshot(JSON.parse(readFileSync(FILE, 'utf8')) as unknown, FILE);

/** Readers answering from the saved snapshot, except for the two deploy roles. */
function readers(): LiveReaders {
  return snapshotReaders(saved, {
    iam: (account) =>
      readerApi({
        readRole: (name: string) => {
          const arn = `arn:aws:iam::${account}:role/${name}`;
          // The read succeeds, the trust policy is not JSON (a proxy mangled it).
          if (arn === PROD_DEPLOY)
            return Promise.resolve(decodeDocument('{"Statement": [', 'trust policy') as never);
          if (arn === STAGING_DEPLOY)
            return Promise.reject(
              new Error(`AccessDenied: not authorized to perform iam:GetRole on ${arn}`),
            );
          return Promise.resolve(saved.roles[arn] ?? undefined);
        },
      }),
  });
}

async function reread(custom: LiveReaders = readers()): Promise<LiveSnapshot> {
  const pipeline = { getPipeline: () => Promise.resolve(saved.pipeline) } as unknown as PipelineApi;
  const ref: PipelineRef = {
    name: saved.pipeline.pipeline.name,
    region: saved.region,
    partition: 'aws',
    account: saved.pipelineAccount,
    aliases: new Map<string, string>(),
  };
  return readLiveSnapshot(pipeline, ref, custom, recordingIo());
}

void describe('doctor: what it could not read is not verified', () => {
  void it('tells a failed read from a document that did not parse', async () => {
    const s = await reread();
    const prod = s.unread.find((u) => u.arn === PROD_DEPLOY);
    const staging = s.unread.find((u) => u.arn === STAGING_DEPLOY);
    assert.equal(prod?.reason, 'parse');
    assert.match(prod.error, /^trust policy is not a JSON document: /);
    assert.equal(staging?.reason, 'read');
    assert.match(staging.error, /AccessDenied/);
  });

  void it('counts the checks apart, names the document and why, and fixes the right thing', async () => {
    const s = await reread();
    const full = analyzeSnapshot(saved);
    const r = analyzeSnapshot(s);
    assert.ok(r.unverified.length > 0);
    // Every check is in exactly one place: verified (passed or failed) or not verified.
    assert.equal(r.verify.counts.total + r.unverified.length, full.verify.counts.total);
    assert.equal(
      r.verify.counts.failed,
      full.verify.counts.failed,
      'no unread row counts as failed',
    );
    for (const u of r.unverified) {
      const about = [u.row.principal, u.row.resourcePolicy?.arn];
      assert.ok(
        about.includes(PROD_DEPLOY) || about.includes(STAGING_DEPLOY),
        JSON.stringify(u.row),
      );
      assert.match(u.because, /app-bk-deploy/);
    }
    assert.ok(
      r.unverified.some((u) =>
        /^read role .*444444444444.*, but trust policy is not a JSON document/.test(u.because),
      ),
    );
    assert.ok(
      r.unverified.some((u) => /^could not read role .*333333333333.*AccessDenied/.test(u.because)),
    );
    // No finding about the two roles' requests: they are not verified, not failed.
    assert.deepEqual(
      r.findings.filter((f) => f.severity === 'error' && /app-bk-deploy/.test(f.message)),
      [],
    );
    const read = r.findings.filter((f) => f.step === 'read');
    assert.equal(read.length, 2);
    const parse = read.find((f) => f.account === PROD)!;
    assert.match(parse.message, /but trust policy is not a JSON document.*not verified/);
    assert.doesNotMatch(parse.fix, /read access/, 'the read succeeded: access is not the fix');
    assert.match(
      read.find((f) => f.account === STAGING)!.fix,
      /give doctor read access in account 333333333333/,
    );
  });

  void it('the report draws the edges it could not verify grey "?", the others as they are', async () => {
    const s = await reread();
    const html = renderReport(doctorReportInput(s, analyzeSnapshot(s)));
    const edges = [
      ...html.matchAll(
        /<g class="edge [^"]*"[^>]*data-from="([^"]*)" data-to="([^"]*)" data-status="([^"]*)"/g,
      ),
    ].map((m) => ({ from: m[1], to: m[2], status: m[3] }));
    assert.ok(edges.length > 0);
    const prodAssume = edges.find((e) => e.to === PROD);
    assert.equal(prodAssume?.status, 'unverified', JSON.stringify(edges));
    assert.equal(edges.find((e) => e.to === STAGING)?.status, 'unverified');
    // The source account's edges depend on nothing unread.
    assert.ok(
      edges.some((e) => e.status === 'pass'),
      JSON.stringify(edges),
    );
    assert.ok(!edges.some((e) => (e.to === PROD || e.from === PROD) && e.status === 'fail'));
  });

  void it('an artifact key it cannot read leaves the key checks not verified, not dropped', async () => {
    // DescribeKey answers, GetKeyPolicy is refused: the key is unread as a whole.
    const denied = new Error(
      'AccessDeniedException: User is not authorized to perform: kms:GetKeyPolicy on this resource',
    );
    const s = await reread({
      ...readers(),
      iam: (account) =>
        Promise.resolve({
          readRole: (name: string) =>
            Promise.resolve(saved.roles[`arn:aws:iam::${account}:role/${name}`] ?? undefined),
        }),
      kms: () => Promise.resolve({ readKey: () => Promise.reject(denied) }),
    });
    assert.equal(s.key, undefined);
    assert.deepEqual(
      s.unread.map((u) => u.what),
      [`key ${saved.key!.reference}`],
    );
    const full = analyzeSnapshot(saved);
    const r = analyzeSnapshot(s);
    const usesKey = (row: { resourcePolicy?: { kind: string } | undefined }): boolean =>
      row.resourcePolicy?.kind === 'key';
    const keyRows = full.verify.rows.filter(usesKey);
    assert.ok(keyRows.length > 10, `the fixture has key checks (${keyRows.length})`);
    // Every key check is still there, not verified; none is counted as passed or failed.
    assert.equal(r.verify.counts.total + r.unverified.length, full.verify.counts.total);
    assert.deepEqual(
      r.unverified.map((u) => `${u.row.step} ${u.row.principal} ${u.row.action}`).sort(),
      keyRows.map((row) => `${row.step} ${row.principal} ${row.action}`).sort(),
    );
    assert.equal(r.verify.rows.filter(usesKey).length, 0);
    for (const u of r.unverified) assert.match(u.because, /^could not read key .*GetKeyPolicy/);
    // The fixture's one key error (the build role may not decrypt) is now not verified either.
    assert.ok(full.findings.some((f) => f.severity === 'error' && /kms:Decrypt/.test(f.message)));
    assert.deepEqual(
      r.findings.filter((f) => /kms:/.test(f.message) && f.step !== 'read'),
      [],
    );
  });

  void it('a key referenced by alias that cannot be read: its checks are not verified either', () => {
    const alias = 'alias/app-bk-artifacts';
    const raw = JSON.parse(readFileSync(FILE, 'utf8')) as {
      key?: unknown;
      pipeline: { pipeline: { artifactStore: { encryptionKey: { id: string } } } };
      unread: unknown[];
    };
    raw.pipeline.pipeline.artifactStore.encryptionKey.id = alias;
    delete raw.key;
    raw.unread = [
      { what: `key ${alias}`, account: '111111111111', error: 'AccessDeniedException' },
    ];
    const r = analyzeSnapshot(parseSnapshot(raw, FILE));
    const full = analyzeSnapshot(saved);
    assert.equal(r.verify.counts.total + r.unverified.length, full.verify.counts.total);
    const keyRows = r.unverified.filter((u) => u.row.resourcePolicy?.kind === 'key');
    assert.equal(
      keyRows.length,
      full.verify.rows.filter((x) => x.resourcePolicy?.kind === 'key').length,
    );
    // The rows name the alias in the pipeline account, where doctor asked for it.
    assert.ok(
      keyRows.every(
        (u) => u.row.resource === 'arn:aws:kms:us-east-1:111111111111:alias/app-bk-artifacts',
      ),
    );
  });
});
