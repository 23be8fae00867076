/**
 * Runs the real CLI (`node bin/crossline.js`, as users do) with the Node that runs the tests,
 * so the Node 22/24 legs of CI exercise the CLI on those versions too.
 * Needs a build (`npm run build`, or `npx tsc -p tsconfig.build.json`).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
export const BIN = join(REPO, 'bin/crossline.js');

/**
 * Credentials for a CLI run against a local fake: static keys, and none of the machine's
 * profiles, files or instance metadata.
 */
export const FAKE_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'not-a-secret',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent/crossline-test/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/crossline-test/credentials',
};

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  readonly cwd?: string;
  /** Added to a clean environment (no AWS variables, no colour forcing). */
  readonly env?: Readonly<Record<string, string>>;
}

export function runCli(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: tmpdir() };
  Object.assign(env, options.env);
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd ?? REPO, env, encoding: 'utf8', timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        done({ status: typeof code === 'number' ? code : error ? -1 : 0, stdout, stderr });
      },
    );
  });
}

/** A fresh temporary directory, removed by the returned `cleanup`. */
export function tempDir(prefix = 'crossline-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `text` to `dir/name` and returns the path. */
export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A stack trace in output means an unhandled crash. */
export const STACK_TRACE = /\n\s+at .+[(:]\d+/;
