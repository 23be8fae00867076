/**
 * The live topology of a pipeline with actions in two regions, offline: from the snapshot doctor
 * saved of fixtures/multi_region_pipeline.py's `correct` variant in moto
 * (fixtures/snapshot-multi-region.json), read again through fake readers that record the region
 * each store is read in. The pipeline region's store is the main one whatever order
 * `artifactStores` lists; a regional key doctor cannot read leaves that region's key checks
 * unverified and no other.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { PipelineApi } from '../../src/aws/pipeline-api.js';
import {
  analyzeSnapshot,
  liveModel,
  parseSnapshot,
  readLiveSnapshot,
  type LiveReaders,
  type LiveSnapshot,
  type PipelineRef,
} from '../../src/ops/index.js';
import { REPO } from '../cli/run-cli.js';
import { recordingIo } from './helpers.js';
import { readerApi, snapshotReaders } from './snapshot-readers.js';

const FILE = join(REPO, 'test/ops/fixtures/snapshot-multi-region.json');
const EU = 'eu-west-1';
const saved: LiveSnapshot = parseSnapshot(JSON.parse(readFileSync(FILE, 'utf8')) as unknown, FILE);
const euStore = saved.regionalStores!.find((s) => s.region === EU)!;
const EU_KEY = euStore.key!.key!.arn;

/** Readers answering from the saved snapshot by region; `failKeyIn`: KMS of that region fails. */
function readers(calls: string[], failKeyIn?: string): LiveReaders {
  const home = saved.region;
  return snapshotReaders(saved, {
    s3: (account, region = home) => {
      calls.push(`s3 ${account} ${region}`);
      return readerApi({
        readBucket: () =>
          Promise.resolve(region === home ? saved.bucket! : storeIn(region).bucket!),
      });
    },
    kms: (account, region = home) => {
      calls.push(`kms ${account} ${region}`);
      if (region === failKeyIn)
        return Promise.reject(new Error(`AccessDenied: kms:DescribeKey in ${region}`));
      return readerApi({
        readKey: () => Promise.resolve((region === home ? saved.key : storeIn(region).key)!.key!),
      });
    },
  });
}

function storeIn(region: string) {
  const s = saved.regionalStores?.find((x) => x.region === region);
  if (s === undefined) throw new Error(`no store read in ${region}`);
  return s;
}

function reread(calls: string[], failKeyIn?: string): Promise<LiveSnapshot> {
  const pipeline = { getPipeline: () => Promise.resolve(saved.pipeline) } as unknown as PipelineApi;
  const ref: PipelineRef = {
    name: saved.pipeline.pipeline.name,
    region: saved.region,
    partition: 'aws',
    account: saved.pipelineAccount,
    aliases: new Map<string, string>(),
  };
  return readLiveSnapshot(pipeline, ref, readers(calls, failKeyIn), recordingIo());
}

void describe('doctor: the live topology of a pipeline in two regions', () => {
  void it('reads the eu-west-1 store with eu-west-1 clients, the main one in the pipeline region', async () => {
    const calls: string[] = [];
    const s = await reread(calls);
    assert.deepEqual(calls.filter((c) => c.startsWith('s3') || c.startsWith('kms')).sort(), [
      'kms 111111111111 eu-west-1',
      'kms 111111111111 us-east-1',
      's3 111111111111 eu-west-1',
      's3 111111111111 us-east-1',
    ]);
    assert.deepEqual(s.regionalStores, saved.regionalStores);
    assert.equal(s.bucket?.name, saved.bucket?.name);
  });

  void it('the topology: targets with their region, the eu-west-1 store, its policies by region', () => {
    const { topology: t, policies } = liveModel(saved);
    assert.deepEqual(
      t.targets.map((x) => `${x.stage} ${x.stack} ${x.region ?? '-'}`),
      ['staging mr-ok-staging -', 'prod mr-ok-prod -', `prod mr-ok-prod ${EU}`],
    );
    assert.deepEqual(t.regionalStores, [
      {
        region: EU,
        bucket: euStore.location,
        bucketArn: `arn:aws:s3:::${euStore.location}`,
        keyArn: EU_KEY,
      },
    ]);
    assert.equal(t.bucket, saved.bucket?.name);
    const names = policies.filter((p) => p.kind === 'key' || p.kind === 'bucket');
    assert.deepEqual(names.map((p) => `${p.kind} ${p.name} ${p.attachedTo}`).sort(), [
      `bucket bucket ${euStore.location} arn:aws:s3:::${euStore.location}`,
      `bucket bucket ${saved.bucket!.name} arn:aws:s3:::${saved.bucket!.name}`,
      `key key policy ${saved.key!.key!.arn}`,
      `key key policy ${EU} ${EU_KEY}`,
    ]);
  });

  void it('the pipeline region is the main store whatever order artifactStores lists', () => {
    const stores = saved.pipeline.pipeline.artifactStores!;
    const reordered: LiveSnapshot = {
      ...saved,
      pipeline: {
        ...saved.pipeline,
        pipeline: {
          ...saved.pipeline.pipeline,
          artifactStores: { [EU]: stores[EU], 'us-east-1': stores['us-east-1'] },
        },
      },
    };
    assert.equal(liveModel(reordered).topology.bucket, stores['us-east-1'].location);
    assert.equal(analyzeSnapshot(reordered).ok, true);
  });

  void it('a snapshot keeps the regional stores through --save and --snapshot', () => {
    const again = parseSnapshot(JSON.parse(JSON.stringify(saved)) as unknown, 'again.json');
    assert.deepEqual(again.regionalStores, saved.regionalStores);
    assert.equal(
      analyzeSnapshot(again).verify.counts.total,
      analyzeSnapshot(saved).verify.counts.total,
    );
  });

  void it('an eu-west-1 key doctor cannot read: its checks unverified, the others verified', async () => {
    const s = await reread([], EU);
    assert.equal(s.regionalStores?.[0].key, undefined);
    assert.ok(s.unread.some((u) => u.what.startsWith('key ') && u.arn === euStore.key!.reference));
    const full = analyzeSnapshot(saved);
    const r = analyzeSnapshot(s);
    assert.deepEqual(
      r.findings.filter((f) => f.severity === 'error'),
      [],
    );
    assert.ok(r.unverified.length > 0);
    for (const u of r.unverified)
      assert.equal(u.row.resourcePolicy?.arn, EU_KEY, JSON.stringify(u.row));
    // The main key's checks still run.
    const mainKey = saved.key!.key!.arn;
    assert.equal(
      r.verify.rows.filter((x) => x.resourcePolicy?.arn === mainKey).length,
      full.verify.rows.filter((x) => x.resourcePolicy?.arn === mainKey).length,
    );
  });
});
