/**
 * doctor and the CodeBuild project, offline, from a snapshot `doctor --save` wrote for the
 * correct-but-for-the-key moto fixture (fixtures/snapshot-build-role-no-key.json), edited in
 * memory: the build role comes from the project, and what doctor says when the project or
 * its role is missing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  analyzeSnapshot,
  liveModel,
  parseSnapshot,
  type LiveSnapshot,
} from '../../src/ops/index.js';
import { REPO } from '../cli/run-cli.js';

const FILE = join(REPO, 'test/ops/fixtures/snapshot-build-role-no-key.json');
const BUILD_ROLE = 'arn:aws:iam::111111111111:role/app-bk-build';

function snapshot(edit: (s: Record<string, unknown>) => void = () => {}): LiveSnapshot {
  const raw = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
  edit(raw);
  return parseSnapshot(raw, FILE);
}

const errors = (s: LiveSnapshot): string[] =>
  analyzeSnapshot(s)
    .findings.filter((f) => f.severity === 'error')
    .map((f) => `${f.step}: ${f.message}`);

void describe('doctor: the build project and its role', () => {
  void it('the build role, project and log group come from the project as read', () => {
    const t = liveModel(snapshot()).topology;
    assert.equal(t.buildRole, BUILD_ROLE);
    assert.equal(
      t.buildProjectArn,
      'arn:aws:codebuild:us-east-1:111111111111:project/app-bk-build',
    );
    assert.equal(
      t.buildLogGroupArn,
      'arn:aws:logs:us-east-1:111111111111:log-group:/aws/codebuild/app-bk-build',
    );
    const steps = new Set(analyzeSnapshot(snapshot()).verify.rows.map((r) => r.step));
    for (const step of [
      'build.read',
      'build.write',
      'build.inspect',
      'build.logs',
      'service.codebuild',
    ])
      assert.ok(steps.has(step), `${step} rows run against the live build role`);
  });

  void it('a build role that cannot use the key fails build.read and build.write', () => {
    const e = errors(snapshot());
    assert.equal(e.length, 2, e.join('\n'));
    assert.match(e[0], /^build\.read: .*app-bk-build will be denied kms:Decrypt/);
    assert.match(e[1], /^build\.write: .*app-bk-build will be denied kms:GenerateDataKey/);
  });

  void it('the same role with the key statement back is clean', () => {
    const fixed = snapshot((s) => {
      const roles = s.roles as Record<string, { inline: { document: { Statement: unknown[] } }[] }>;
      roles[BUILD_ROLE].inline[0].document.Statement.push({
        Sid: 'UseArtifactKey',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*'],
        Resource: (s.key as { key: { arn: string } }).key.arn,
      });
    });
    assert.deepEqual(analyzeSnapshot(fixed).findings, []);
  });

  void it('a build role without logs:CreateLogGroup fails build.logs (doctor does not know the group exists)', () => {
    const e = errors(
      snapshot((s) => {
        const roles = s.roles as Record<
          string,
          { inline: { document: { Statement: { Sid?: string; Action: string[] }[] } }[] }
        >;
        const logs = roles[BUILD_ROLE].inline[0].document.Statement.find(
          (x) => x.Sid === 'WriteBuildLogs',
        );
        assert.ok(logs);
        logs.Action = logs.Action.filter((a) => a !== 'logs:CreateLogGroup');
      }),
    );
    assert.ok(
      e.some((x) => /^build\.logs: .*denied logs:CreateLogGroup/.test(x)),
      e.join('\n'),
    );
  });

  void it('a missing project is an error at build.start; no build role, no build rows', () => {
    const s = snapshot((raw) => {
      (raw.buildProjects as { project: unknown }[])[0].project = null;
    });
    const e = errors(s);
    assert.ok(
      e.includes(
        'build.start: the build project app-bk-build does not exist in account 111111111111',
      ),
      e.join('\n'),
    );
    assert.equal(liveModel(s).topology.buildRole, undefined);
    assert.ok(!analyzeSnapshot(s).verify.rows.some((r) => r.step === 'build.read'));
  });

  void it('a snapshot written before doctor read projects still analyses (no build rows)', () => {
    const s = snapshot((raw) => {
      delete raw.buildProjects;
    });
    assert.equal(liveModel(s).topology.buildRole, undefined);
    assert.deepEqual(errors(s), []);
  });
});
