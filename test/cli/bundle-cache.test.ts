/**
 * The V8 code cache of the CLI bundle (bin/bundle-loader.js): a damaged cache never fails the
 * command and is rewritten; an accepted one is kept; an install folder that cannot take the
 * cache uses a folder of the user's own under the temp folder. Each test runs a copy of the
 * built package (bin/, dist/bundle/, package.json, the example), so the repository's own cache,
 * which other CLI tests use at the same time, is not touched. Needs `npm run build`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { REPO, tempDir, type CliRun } from './run-cli.js';

const VERSION = (
  JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }
).version;
/** The cache of one of the two bundle files (scripts/bundle.mjs). */
const cacheName = (pack: 'crossline' | 'crossline-commands'): string =>
  `${pack}-${process.version}-${process.arch}.v8cache`;

/** A copy of the built package in `dir`; returns its bundle folder. */
function copyPackage(dir: string): string {
  for (const part of ['bin', 'dist/bundle', 'package.json', 'examples/four-accounts.yml']) {
    cpSync(join(REPO, part), join(dir, part), {
      recursive: true,
      filter: (from) => !from.endsWith('.v8cache'),
    });
  }
  return join(dir, 'dist/bundle');
}

function run(dir: string, args: readonly string[], env: Record<string, string> = {}) {
  return new Promise<CliRun>((done) => {
    execFile(
      process.execPath,
      [join(dir, 'bin/crossline.js'), ...args],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, ...env }, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        done({ status: typeof code === 'number' ? code : error ? -1 : 0, stdout, stderr });
      },
    );
  });
}

/**
 * The builtins a run of the CLI in `dir` loaded, from Node's own list, which a preload writes
 * at exit (the bundle loader writes its caches later, at its own exit handler).
 */
async function loadedBy(dir: string, args: readonly string[]): Promise<string[]> {
  const list = join(dir, 'loaded.txt');
  const preload = join(dir, 'preload.cjs');
  writeFileSync(
    preload,
    `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`,
  );
  const r = await run(dir, [...args], { NODE_OPTIONS: `--require ${preload}` });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(list, 'utf8').split('\n');
}

/** The header line of a cache file, without the spaces that align the data after it. */
const header = (file: string): string => {
  const bytes = readFileSync(file);
  return bytes.toString('latin1', 0, bytes.indexOf(10)).trimEnd();
};

void describe('the code cache of the CLI bundle', { concurrency: 3 }, () => {
  void test('garbage in the cache file: the CLI runs as usual and rewrites it', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const bundle = copyPackage(dir);
      assert.equal((await run(dir, ['--version'])).stdout, `${VERSION}\n`);
      const file = join(bundle, cacheName('crossline'));
      assert.match(header(file), /^crossline-v8-cache 1 [0-9a-f]{64} /);
      writeFileSync(file, 'not a cache\n\u0000\u0001garbage');
      const second = await run(dir, ['--version']);
      assert.deepEqual(second, { status: 0, stdout: `${VERSION}\n`, stderr: '' });
      assert.match(header(file), /^crossline-v8-cache 1 [0-9a-f]{64} /, 'rewritten');
    } finally {
      cleanup();
    }
  });

  void test('damaged data under an intact header (checksum mismatch): ignored and rewritten', async () => {
    // Without the checksum, Node 22 and later abort in V8's deserializer (no exit code 0).
    const { dir, cleanup } = tempDir();
    try {
      const bundle = copyPackage(dir);
      const validate = ['validate', '-c', 'examples/four-accounts.yml'];
      const first = await run(dir, validate);
      assert.equal(first.status, 0, first.stderr);
      const file = join(bundle, cacheName('crossline-commands'));
      const bytes = readFileSync(file);
      const start = bytes.indexOf(10) + 1;
      for (let i = start + 64; i < bytes.length; i += 997) bytes[i] ^= 0x5a;
      writeFileSync(file, bytes);
      const second = await run(dir, validate);
      assert.deepEqual(second, first);
      assert.notDeepEqual(readFileSync(file), bytes, 'rewritten');
    } finally {
      cleanup();
    }
  });

  void test('an accepted cache is kept; a command it has not seen extends it', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const bundle = copyPackage(dir);
      const file = join(bundle, cacheName('crossline-commands'));
      const validate = ['validate', '-c', 'examples/four-accounts.yml'];
      assert.equal((await run(dir, validate)).status, 0);
      assert.match(header(file), / validate \d+$/);
      const kept = readFileSync(file);
      // V8 uses cached data in place only when it starts at an 8-byte boundary (else it copies).
      assert.equal((kept.indexOf(10) + 1) % 8, 0, 'the data after the header is aligned');
      assert.equal((await run(dir, validate)).status, 0);
      assert.deepEqual(readFileSync(file), kept, 'not rewritten after a run it already covers');
      // V8 rejects a cache made under other flags: such a run has a file of its own.
      const flagged = await run(dir, validate, { NODE_OPTIONS: '--stack-trace-limit=20' });
      assert.equal(flagged.status, 0, flagged.stderr);
      assert.deepEqual(readFileSync(file), kept, 'not rewritten by a run under other flags');
      const variants = readdirSync(bundle).filter((f) => /-[0-9a-f]+\.v8cache$/.test(f));
      assert.equal(variants.length, 2, variants.join(', ')); // one per bundle file
      const plan = await run(dir, ['plan', '-c', 'examples/four-accounts.yml', '-o', 'out']);
      assert.equal(plan.status, 0, plan.stderr);
      assert.match(header(file), / validate,plan \d+$/);
      assert.ok(readFileSync(file).length > kept.length, 'holds what plan compiled too');
    } finally {
      cleanup();
    }
  });

  void test('a run that fails does not count its command as seen: the next one fills the cache', async () => {
    // A plan stopped by a bad config compiles a fraction of plan; had it counted, every later
    // plan would compile its verify and report code again at each start.
    const { dir, cleanup } = tempDir();
    try {
      const bundle = copyPackage(dir);
      const file = join(bundle, cacheName('crossline-commands'));
      writeFileSync(join(dir, 'bad.yml'), 'version: 1\nname: Not_A_Name\n');
      const bad = await run(dir, ['plan', '-c', 'bad.yml', '-o', 'out']);
      assert.equal(bad.status, 2, bad.stderr);
      assert.equal(existsSync(file), false, 'no cache from the failed run');
      const good = await run(dir, ['plan', '-c', 'examples/four-accounts.yml', '-o', 'out']);
      assert.equal(good.status, 0, good.stderr);
      assert.match(header(file), / plan \d+$/);
    } finally {
      cleanup();
    }
  });

  void test('commands that talk to AWS keep caches of their own: plan does not deserialize their code', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const bundle = copyPackage(dir);
      const plain = join(bundle, cacheName('crossline-commands'));
      const aws = plain.replace(/\.v8cache$/, '.aws.v8cache');
      const plan = await run(dir, ['plan', '-c', 'examples/four-accounts.yml', '-o', 'out']);
      assert.equal(plan.status, 0, plan.stderr);
      const kept = readFileSync(plain);
      // doctor on a saved snapshot runs offline (it finds the trust policy's wrong account:
      // exit 1); it loads the AWS SDK's modules, from the repository's node_modules.
      symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
      const snapshot = join(REPO, 'test/ops/fixtures/snapshot-trust-wrong-account.json');
      const doctor = await run(dir, ['doctor', '--snapshot', snapshot]);
      assert.equal(doctor.status, 1, doctor.stderr);
      assert.match(header(aws), / doctor \d+$/, 'its own cache, of its own run');
      assert.deepEqual(readFileSync(plain), kept, 'the plain cache is not rewritten');
      assert.match(header(plain), / plan \d+$/);
    } finally {
      cleanup();
    }
  });

  void test('an install folder that cannot take the cache: a private folder under TMPDIR', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const bundle = copyPackage(dir);
      // A folder in the way of each cache file stops even root (for whom chmod does not).
      for (const pack of ['crossline', 'crossline-commands'] as const)
        mkdirSync(join(bundle, cacheName(pack), 'x'), { recursive: true });
      for (const d of [bundle, join(dir, 'bin'), dir]) chmodSync(d, 0o555);
      const tmp = join(dir, '..', `${dir.split('/').pop()}-tmp`);
      mkdirSync(tmp);
      try {
        const env = { TMPDIR: tmp };
        assert.equal((await run(dir, ['--version'], env)).stdout, `${VERSION}\n`);
        const own = join(tmp, `crossline-v8-cache-${process.getuid?.() ?? 'user'}`);
        assert.equal(statSync(own).mode & 0o777, 0o700);
        const [cached] = readdirSync(own).filter((f) => f.endsWith('.v8cache'));
        assert.match(cached ?? '', new RegExp(`^[0-9a-f]{16}-${cacheName('crossline')}$`));
        const kept = readFileSync(join(own, cached ?? ''));
        assert.equal((await run(dir, ['--version'], env)).stdout, `${VERSION}\n`);
        assert.deepEqual(readFileSync(join(own, cached ?? '')), kept, 'read back, not rewritten');

        // A temp folder that others can write is not used: a cache there could be planted.
        chmodSync(own, 0o777);
        rmSync(join(own, cached ?? ''));
        assert.equal((await run(dir, ['--version'], env)).stdout, `${VERSION}\n`);
        assert.equal(existsSync(join(own, cached ?? '')), false);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    } finally {
      for (const d of [dir, join(dir, 'bin'), join(dir, 'dist/bundle')]) chmodSync(d, 0o755);
      cleanup();
    }
  });

  void test('a checked cache is read by its stamp, without node:zlib; a changed one is checked again', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const bundle = copyPackage(dir);
      const validate = ['validate', '-c', 'examples/four-accounts.yml'];
      const zlibLoaded = async (): Promise<boolean> =>
        (await loadedBy(dir, validate)).includes('NativeModule zlib');
      await zlibLoaded(); // writes the caches and their stamps (at exit, after the list)
      const [file] = readdirSync(bundle).filter((f) => /commands.*-[0-9a-f]+\.v8cache$/.test(f));
      assert.ok(file !== undefined && existsSync(join(bundle, `${file}.verified`)));
      assert.equal(await zlibLoaded(), false, 'the stamps match: no checksum, no zlib');
      const bytes = readFileSync(join(bundle, file));
      bytes[bytes.length - 100] ^= 0x5a; // same size, same inode, a later modification time
      writeFileSync(join(bundle, file), bytes);
      assert.equal(await zlibLoaded(), true, 'changed behind its stamp: checked, and rewritten');
      assert.notDeepEqual(readFileSync(join(bundle, file)), bytes);
    } finally {
      cleanup();
    }
  });

  void test('--help loads no heavy builtin (crypto, os, child_process, readline)', async () => {
    // Modules that the command registrations import from use them in actions only; the
    // bundle takes builtins on first use (scripts/bundle.mjs), which this checks.
    const { dir, cleanup } = tempDir();
    try {
      copyPackage(dir);
      await loadedBy(dir, ['--help']); // writes the cache (a first run may look in the temp folder)
      const loaded = await loadedBy(dir, ['--help']);
      for (const name of ['crypto', 'os', 'child_process', 'readline']) {
        assert.ok(!loaded.includes(`NativeModule ${name}`), `--help loaded node:${name}`);
      }
      assert.ok(loaded.includes('NativeModule vm'), 'the bundle went through the loader');
    } finally {
      cleanup();
    }
  });
});
