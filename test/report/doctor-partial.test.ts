/**
 * Issue 15: an edge doctor could verify only in part is not ✔. From the saved snapshot of a
 * moto fixture (test/ops/fixtures/snapshot-build-role-no-key.json), read again through fake
 * readers in which the artifact bucket cannot be read: a target's "read artifacts" edge then
 * has a verified check (kms:Decrypt, decided by the key policy) and one doctor could not
 * evaluate (s3:GetObject, decided by the bucket policy).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { PipelineApi } from '../../src/aws/pipeline-api.js';
import {
  analyzeSnapshot,
  parseSnapshot,
  readLiveSnapshot,
  type LiveReaders,
  type LiveSnapshot,
  type PipelineRef,
} from '../../src/ops/index.js';
import { buildDiagram, renderReport } from '../../src/report/index.js';
import { doctorReportInput } from '../../src/toolkit/doctor-report.js';
import { REPO } from '../cli/run-cli.js';
import { recordingIo } from '../ops/helpers.js';
import { readerApi, snapshotReaders } from '../ops/snapshot-readers.js';

const FILE = join(REPO, 'test/ops/fixtures/snapshot-build-role-no-key.json');
const TOOLS = '111111111111';
const STAGING = '333333333333';
const PROD = '444444444444';

const saved: LiveSnapshot = parseSnapshot(JSON.parse(readFileSync(FILE, 'utf8')) as unknown, FILE);

/** Readers answering from the saved snapshot, except that the artifact bucket is not readable. */
function readers(): LiveReaders {
  return snapshotReaders(saved, {
    s3: () =>
      readerApi({
        readBucket: (name: string) =>
          Promise.reject(
            new Error(`AccessDenied: not authorized to perform s3:GetBucketPolicy on ${name}`),
          ),
      }),
  });
}

async function withoutBucket(): Promise<LiveSnapshot> {
  const pipeline = { getPipeline: () => Promise.resolve(saved.pipeline) } as unknown as PipelineApi;
  const ref: PipelineRef = {
    name: saved.pipeline.pipeline.name,
    region: saved.region,
    partition: 'aws',
    account: saved.pipelineAccount,
    aliases: new Map<string, string>(),
  };
  return readLiveSnapshot(pipeline, ref, readers(), recordingIo());
}

const svgEdge = (html: string, kind: string, from: string, to: string): string | undefined =>
  new RegExp(
    `<g class="edge [^"]*"[^>]*data-edge="${kind}" data-from="${from}" data-to="${to}"[^>]*>`,
  ).exec(html)?.[0];

void describe('doctor report: an edge verified only in part', () => {
  void it('is drawn grey "?" with how many of its checks were verified', async () => {
    const s = await withoutBucket();
    assert.ok(
      s.unread.some((u) => u.what.startsWith('bucket ')),
      'the bucket was not read',
    );
    const report = analyzeSnapshot(s);
    const input = doctorReportInput(s, report);
    assert.deepEqual(
      input.unverified,
      report.unverified.map((u) => u.row),
      'the report receives what doctor could not evaluate',
    );
    const d = buildDiagram(input);
    for (const target of [STAGING, PROD]) {
      const e = d.edges.find(
        (x) => x.kind === 'artifact-read' && x.from[0] === target && x.to[0] === TOOLS,
      );
      assert.ok(e, target);
      // The key side was verified and passes; the bucket side could not be evaluated.
      assert.ok(e.total > 0 && e.passed === e.total, `${target}: ${e.passed}/${e.total}`);
      assert.ok(
        e.rows.every((r) => r.action === 'kms:Decrypt'),
        target,
      );
      assert.ok(e.unverified.length > 0 && e.unverified.every((r) => r.action === 's3:GetObject'));
      assert.equal(e.status, 'unverified', target);

      const html = renderReport(input);
      const g = svgEdge(html, 'artifact-read', target, TOOLS);
      assert.ok(g, target);
      assert.match(g, /data-status="unverified"/);
      assert.match(g, new RegExp(`data-passed="${e.passed}" data-total="${e.total}"`));
      assert.match(g, new RegExp(`data-unverified="${e.unverified.length}"`));
      assert.ok(
        html.includes(
          `read artifacts: ${target} → ${TOOLS} · ${e.passed}/${e.total} verified rows as expected, ${e.unverified.length} not verified`,
        ),
        'the tooltip says how many checks were verified',
      );
    }
    // The same checks without the unverified ones passed to the report: the old ✔.
    const blind = buildDiagram({ ...input, unverified: undefined });
    assert.equal(
      blind.edges.find((x) => x.kind === 'artifact-read' && x.from[0] === STAGING)?.status,
      'pass',
    );
  });

  void it('a failing check still fails the edge; an edge with nothing unread still passes', async () => {
    const s = await withoutBucket();
    const input = doctorReportInput(s, analyzeSnapshot(s));
    // The assume-role edges depend on the pipeline role and the trust policies, all read.
    const assume = buildDiagram(input).edges.filter(
      (x) => x.kind === 'assume-role' && x.from[0] === TOOLS,
    );
    assert.ok(assume.length > 0);
    for (const e of assume) assert.deepEqual([e.status, e.unverified.length], ['pass', 0]);
    // Staging's verified kms:Decrypt denied: a known denial is ✘, whatever is not known.
    const rows = input.verify!.rows.map((r) =>
      r.step === 'deploy.staging.read' && r.action === 'kms:Decrypt' ? { ...r, ok: false } : r,
    );
    const broken = buildDiagram({ ...input, verify: { ...input.verify!, rows } });
    const read = broken.edges.find((x) => x.kind === 'artifact-read' && x.from[0] === STAGING);
    assert.ok(read && read.unverified.length > 0);
    assert.deepEqual([read.status, read.passed, read.total], ['fail', 0, 1]);
  });
});
