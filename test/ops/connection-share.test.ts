/**
 * The `connection-share` doctor rule: a connection whose ARN names another account is usable
 * only through an AWS RAM share to the pipeline account. RAM answers through the specified
 * fake (test/fakes/ram-fake.ts; moto cannot share a connection); the rest is a snapshot of a
 * synthesized connection pipeline, analysed as doctor does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/index.js';
import { readConnectionShare } from '../../src/ops/doctor/read-share.js';
import { analyzeSnapshot, parseSnapshot, type LiveSnapshot } from '../../src/ops/index.js';
import { synthesize } from '../../src/synth/index.js';
import { ramFake, type FakeShare } from '../fakes/ram-fake.js';
import { EXISTING, OLD_PREFIX, SHARED } from '../synth/sources/codeconnections-config.js';

const TOOLS = '111111111111';
const OWNER = '999999999999';
const SHARED_ARN =
  'arn:aws:codeconnections:us-east-1:999999999999:connection/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

function snapshot(yaml: string, extra: Partial<LiveSnapshot> = {}): LiveSnapshot {
  const synth = synthesize(parseConfig(yaml, 'test.yml').pipeline);
  const declaration = (JSON.parse(synth.files.get('pipeline.json')!) as { pipeline: unknown })
    .pipeline;
  return parseSnapshot(
    {
      kind: 'crossline-doctor-snapshot',
      version: 1,
      capturedAt: '2026-12-01T12:00:00.000Z',
      region: 'us-east-1',
      partition: 'aws',
      pipelineAccount: TOOLS,
      pipeline: { pipeline: declaration },
      roles: {},
      unread: [],
      ...extra,
    },
    'test.json',
  );
}

async function shareFindings(shares: FakeShare[], yaml = SHARED) {
  const ram = ramFake(shares);
  const connectionShare = await readConnectionShare(ram.api(TOOLS), SHARED_ARN);
  const report = analyzeSnapshot(snapshot(yaml, { connectionShare }));
  return {
    ram,
    findings: report.findings.filter((f) => /AWS RAM/.test(f.message)),
  };
}

void describe('connection-share: a connection of another account needs a RAM share', () => {
  void it('shared with the pipeline account and AVAILABLE: no finding; RAM asked in the pipeline account', async () => {
    const { ram, findings } = await shareFindings([
      { owner: OWNER, principals: [TOOLS], resources: [SHARED_ARN] },
    ]);
    assert.deepEqual(findings, []);
    assert.deepEqual(ram.requests, [{ account: TOOLS, resourceArn: SHARED_ARN }]);
  });

  void it('not shared (no share, a share to another account, an invitation not accepted): an error with the source', async () => {
    for (const shares of [
      [],
      [{ owner: OWNER, principals: ['222222222222'], resources: [SHARED_ARN] }],
      [{ owner: OWNER, principals: [TOOLS], resources: [SHARED_ARN], accepted: false }],
    ]) {
      const { findings } = await shareFindings(shares);
      assert.equal(findings.length, 1, JSON.stringify(shares));
      assert.equal(findings[0].severity, 'error');
      assert.match(findings[0].message, /is not shared with the pipeline account 111111111111/);
      assert.match(findings[0].message, /connections-share\.html/);
      assert.match(findings[0].fix, /--resource-owner OTHER-ACCOUNTS/);
    }
  });

  void it('shared but not AVAILABLE: an error naming the status', async () => {
    const { findings } = await shareFindings([
      { owner: OWNER, principals: [TOOLS], resources: [SHARED_ARN], status: 'UNAVAILABLE' },
    ]);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /not AVAILABLE \(UNAVAILABLE\)/);
  });

  void it('RAM not read: a warning that it is not verified', () => {
    const findings = analyzeSnapshot(snapshot(SHARED)).findings.filter((f) =>
      /AWS RAM/.test(f.message),
    );
    assert.deepEqual(
      findings.map((f) => [f.severity, f.category]),
      [['warning', 'unchecked']],
    );
  });

  void it("the pipeline account's own connection: no RAM finding", () => {
    const findings = analyzeSnapshot(snapshot(EXISTING)).findings;
    assert.ok(!findings.some((f) => /AWS RAM/.test(f.message)));
  });

  void it('an older codestar-connections ARN of another account cannot be shared: an error', () => {
    const yaml = OLD_PREFIX.replace(':111111111111:connection/', ':999999999999:connection/');
    const findings = analyzeSnapshot(snapshot(yaml)).findings.filter((f) =>
      /AWS RAM/.test(f.message),
    );
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'error');
    assert.match(findings[0].message, /shares only codeconnections connections/);
  });
});
