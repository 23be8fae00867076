/**
 * Starts a private moto_server (an AWS emulator) on 127.0.0.1 with a free port.
 *
 *   const moto = await startMoto();   // { endpoint: 'http://127.0.0.1:PORT', stop, reset }
 *   ... AWS_ENDPOINT_URL=moto.endpoint ...
 *   await moto.stop();
 *
 * moto is multi-account: sts:AssumeRole into arn:aws:iam::<acct>:role/<any> returns
 * credentials that act in <acct>; plain dummy keys act in 123456789012.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';

export const MOTO_DEFAULT_ACCOUNT = '123456789012';

/** Dummy base credentials: what tests scan their captured output for. */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIACROSSLINETEST0001',
  secretAccessKey: 'crossline/test/secret/do-not-print/0001',
} as const;

export interface MotoServer {
  readonly endpoint: string;
  readonly port: number;
  /** Forget every resource in every account (POST /moto-api/reset). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** Milliseconds to wait for the server to listen. Default 30 s. */
  readonly timeoutMs?: number;
}

export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  const port = await listeningPort(child, options.timeoutMs ?? 30_000);
  const endpoint = `http://127.0.0.1:${port}`;
  // Keep draining the request log so the child never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    endpoint,
    port,
    reset: () => post(`${endpoint}/moto-api/reset`),
    stop: () => stopChild(child),
  };
}

function listeningPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => fail(new Error(`moto_server did not start within ${timeoutMs} ms:\n${seen}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      const m = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (m) {
        cleanup();
        resolve(Number(m[1]));
      }
    };
    const onExit = (code: number | null): void =>
      fail(new Error(`moto_server exited (${code}) before listening:\n${seen}`));
    const fail = (e: Error): void => {
      cleanup();
      child.kill('SIGKILL');
      reject(e);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', fail);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', onExit);
    child.on('error', fail);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function post(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST' }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`${url}: HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Whether a test that needs moto can run: yes once moto is started; without moto_server the
 * test is skipped with a note on stderr, except under CI=true, where that is a failure.
 */
export function motoReady(
  moto: MotoServer | undefined,
  t: { skip: (m: string) => void },
  what: string,
): moto is MotoServer {
  if (moto) return true;
  if (process.env.CI === 'true') throw new Error('moto_server is required when CI=true');
  console.error(`skipping ${what}: moto_server is not installed`);
  t.skip('moto_server missing');
  return false;
}
