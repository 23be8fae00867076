import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALL_REGIONS,
  REGIONS,
  dnsSuffix,
  isKnownRegion,
  partitionOf,
  servicePrincipal,
  type Partition,
} from '../../src/model/index.js';

void test('the partition comes from the region', () => {
  const cases: [string, Partition][] = [
    ['us-east-1', 'aws'],
    ['eu-west-1', 'aws'],
    ['ap-southeast-2', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-gov-east-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
  ];
  for (const [region, partition] of cases) assert.equal(partitionOf(region), partition, region);
});

void test('an unknown region has no partition (and is not guessed)', () => {
  for (const region of ['us-east-7', 'mars-1', '', 'US-EAST-1', 'us-east-1 ']) {
    assert.equal(partitionOf(region), undefined, JSON.stringify(region));
    assert.equal(isKnownRegion(region), false);
  }
});

void test('every listed region maps back to its own partition, once', () => {
  for (const [partition, regions] of Object.entries(REGIONS)) {
    for (const r of regions) assert.equal(partitionOf(r), partition);
  }
  assert.equal(new Set(ALL_REGIONS).size, ALL_REGIONS.length);
  assert.deepEqual([...ALL_REGIONS], [...ALL_REGIONS].sort());
});

void test('DNS suffix and service principals per partition', () => {
  assert.equal(dnsSuffix('aws'), 'amazonaws.com');
  assert.equal(dnsSuffix('aws-us-gov'), 'amazonaws.com');
  assert.equal(dnsSuffix('aws-cn'), 'amazonaws.com.cn');
  assert.equal(servicePrincipal('codepipeline'), 'codepipeline.amazonaws.com');
});
