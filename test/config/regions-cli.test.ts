/**
 * Bad regions through the real CLI (`crossline validate`): exit code 2, nothing on stdout,
 * `bad.yml:LINE:COL: message` and a hint on stderr, every problem at once.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { STACK_TRACE, runCli, tempDir, writeFile } from '../cli/run-cli.js';
import { withReplaced } from './base-config.js';

const tmp = tempDir();
after(tmp.cleanup);

const PROD = '      - { account: prod, stack: my-app-prod, template: template.yaml }\n';

void test('mixed partition, an unknown region and a duplicate region: exit 2, each located', async () => {
  const text = withReplaced(
    PROD,
    [
      PROD.replace(' }\n', ', region: eu-west-1 }\n'),
      PROD.replace(' }\n', ', region: eu-west-1 }\n'),
      PROD.replace(' }\n', ', region: cn-northwest-1 }\n'),
      PROD.replace(' }\n', ', region: eu-west-9 }\n'),
    ].join(''),
  );
  const dir = mkdtempSync(join(tmp.dir, 'case-'));
  writeFile(dir, 'bad.yml', text);
  const run = await runCli(['validate', '-c', 'bad.yml'], { cwd: dir });
  assert.equal(run.status, 2, `exit code; stderr:\n${run.stderr}`);
  assert.equal(run.stdout, '');
  assert.doesNotMatch(run.stderr, STACK_TRACE);
  const lines = run.stderr.split('\n');
  const heads = lines.filter((l) => l.startsWith('bad.yml:'));
  assert.deepEqual(
    heads.map((h) => h.replace(/: .*/, '')),
    ['bad.yml:25:79', 'bad.yml:26:79', 'bad.yml:27:79'],
    run.stderr,
  );
  assert.match(heads[0], /and region eu-west-1 is deployed twice/);
  assert.match(heads[1], /partition 'aws-cn'/);
  assert.match(heads[2], /'eu-west-9' is not an AWS region/);
  for (const h of heads) assert.match(lines[lines.indexOf(h) + 1] ?? '', /^ {2}hint: /);
  assert.match(run.stderr, /^3 problems$/m);
});

void test('a valid multi-region config validates', async () => {
  const text = withReplaced(PROD, PROD + PROD.replace(' }\n', ', region: eu-west-1 }\n'));
  const dir = mkdtempSync(join(tmp.dir, 'case-'));
  writeFile(dir, 'ok.yml', text);
  const run = await runCli(['validate', '-c', 'ok.yml'], { cwd: dir });
  assert.equal(run.status, 0, run.stderr);
});
