/** `source.provider: codeconnections` in-process: the model a valid config resolves to. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/index.js';
import { ConfigInvalidError } from '../../src/errors/index.js';
import type { CodeConnectionsSource, Pipeline } from '../../src/model/index.js';
import { BASE } from './base-config.js';
import { CONNECTION_ARN, GITHUB, withConnectionSource } from './codeconnections-base.js';

function connectionSource(p: Pipeline): CodeConnectionsSource {
  assert.equal(p.source.provider, 'codeconnections');
  return p.source;
}

void test('a connection source: no source account, the action in the pipeline account', () => {
  const { pipeline: p } = parseConfig(GITHUB, 'c.yml');
  const s = connectionSource(p);
  assert.deepEqual(s.connection, { kind: 'existing', arn: CONNECTION_ARN });
  assert.equal(s.repository, 'acme/storefront');
  assert.equal(s.branch, 'main');
  assert.equal(s.account.alias, 'tools');
  // The alias 'source' is now only an account with no part to play.
  assert.deepEqual(p.accounts.find((a) => a.alias === 'source')?.parts, []);
  assert.ok(p.accounts.every((a) => !a.parts.includes('source')));
});

void test('without triggers, a push to the branch starts the pipeline', () => {
  const s = connectionSource(parseConfig(GITHUB, 'c.yml').pipeline);
  assert.deepEqual(s.triggers, {
    push: [{ branches: { includes: ['main'], excludes: [] } }],
    pullRequest: [],
  });
});

void test('triggers: push branches/tags/filePaths and pull-request events resolve as given', () => {
  const text = withConnectionSource(`source:
  provider: codeconnections
  connection: ${CONNECTION_ARN}
  repository: acme/storefront
  branch: main
  triggers:
    push:
      branches: { includes: [main, "release/*"], excludes: [] }
      tags: { includes: ["v*"] }
      filePaths: { excludes: ["docs/**"] }
    pullRequest:
      events: [OPEN, UPDATED, CLOSED]
      branches: { includes: [main] }
`);
  const s = connectionSource(parseConfig(text, 'c.yml').pipeline);
  assert.deepEqual(s.triggers.push, [
    {
      branches: { includes: ['main', 'release/*'], excludes: [] },
      tags: { includes: ['v*'], excludes: [] },
      filePaths: { includes: [], excludes: ['docs/**'] },
    },
  ]);
  assert.deepEqual(s.triggers.pullRequest, [
    {
      events: ['OPEN', 'UPDATED', 'CLOSED'],
      branches: { includes: ['main'], excludes: [] },
      filePaths: undefined,
    },
  ]);
});

void test('connection: { create: true, provider } and the older codestar-connections ARN', () => {
  const created = connectionSource(
    parseConfig(
      withConnectionSource(`source:
  provider: codeconnections
  connection: { create: true, provider: GitLab }
  repository: group/sub/app
  branch: main
`),
      'c.yml',
    ).pipeline,
  );
  assert.deepEqual(created.connection, { kind: 'create', provider: 'GitLab', host: undefined });
  assert.equal(created.repository, 'group/sub/app');

  const old = CONNECTION_ARN.replace(':codeconnections:', ':codestar-connections:');
  const s = connectionSource(
    parseConfig(
      withConnectionSource(`source:
  provider: codeconnections
  connection: ${old}
  repository: acme/storefront
  branch: main
`),
      'c.yml',
    ).pipeline,
  );
  assert.deepEqual(s.connection, { kind: 'existing', arn: old });
});

void test('a connection in another account of the partition (shared through AWS RAM) is accepted', () => {
  const shared = CONNECTION_ARN.replace('111111111111', '999999999999');
  const s = connectionSource(parseConfig(GITHUB.replace(CONNECTION_ARN, shared), 'c.yml').pipeline);
  assert.equal(s.connection.kind === 'existing' ? s.connection.arn : '', shared);
});

void test('CodeCommit configs are unchanged; provider: codecommit is the default spelled out', () => {
  const implicit = parseConfig(BASE, 'c.yml').pipeline;
  const explicit = parseConfig(
    BASE.replace(
      'source:\n  account: source',
      'source:\n  provider: codecommit\n  account: source',
    ),
    'c.yml',
  ).pipeline;
  assert.deepEqual(explicit, implicit);
  assert.equal(implicit.source.provider, 'codecommit');
  assert.deepEqual(implicit.accounts.find((a) => a.alias === 'source')?.parts, ['source']);
});

void test('an unknown provider is located at source.provider', () => {
  try {
    parseConfig(
      BASE.replace('  account: source\n', '  provider: github\n  account: source\n'),
      'c.yml',
    );
    assert.fail('expected ConfigInvalidError');
  } catch (e) {
    assert.ok(e instanceof ConfigInvalidError, String(e));
    assert.deepEqual(
      e.problems.map((p) => [p.line, p.path]),
      [[10, 'source.provider']],
    );
  }
});
