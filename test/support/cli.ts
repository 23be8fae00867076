/**
 * Runs the built CLI (`node bin/crossline.js`, which loads dist/) as a user would, capturing
 * stdout and stderr. Every capture is also kept in `transcript`, so a test can scan all the
 * output of a scenario for secrets at the end.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export const transcript: string[] = [];

export function crossline(
  args: readonly string[],
  env: Record<string, string>,
  cwd = REPO,
): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${REPO}bin/crossline.js`, ...args], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        NO_COLOR: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      transcript.push(stdout, stderr);
      const ms = Math.round(performance.now() - started);
      if (process.env.CROSSLINE_TEST_TIMING) console.error(`crossline ${args.join(' ')}: ${ms} ms`);
      resolve({ code, stdout, stderr, ms });
    });
  });
}
