/**
 * One deploy (or destroy) of a pipeline at a time. The lock is an SSM parameter in the tools
 * account (see aws/lock-api.ts), holding who took it and when:
 *
 *   /crossline/<pipeline>/deploy-lock = {"id":"3f9c…","holder":"ana@laptop pid 4242","since":"…"}
 *
 * A deploy that finds it held fails at once, naming the holder; `--force-unlock ID` removes a
 * stale lock (only with its exact id, so a typo cannot break a running deploy's lock).
 */
import type { LockApi } from '../aws/index.js';
import { CrosslineError, usageError } from '../errors/index.js';

export interface LockRecord {
  readonly id: string;
  readonly holder: string;
  readonly since: string;
  readonly operation: string;
}

export interface HeldLock {
  readonly record: LockRecord;
  release(): Promise<void>;
}

export function lockName(pipeline: string): string {
  return `/crossline/${pipeline}/deploy-lock`;
}

export async function acquireLock(
  api: LockApi,
  pipeline: string,
  record: LockRecord,
  forceUnlock?: string,
): Promise<HeldLock> {
  const name = lockName(pipeline);
  if (forceUnlock !== undefined) await forceUnlockPipeline(api, pipeline, forceUnlock);
  const value = JSON.stringify(record);
  if (
    !(await api.tryCreate(
      name,
      value,
      `crossline ${record.operation} lock of pipeline ${pipeline}`,
    ))
  ) {
    const held = parseRecord(await api.read(name));
    throw new CrosslineError(
      'LockHeld',
      'external',
      held
        ? `pipeline ${pipeline} is locked by another ${held.operation}: ${held.holder}, since ${held.since} (lock ${held.id})`
        : `pipeline ${pipeline} is locked (${name})`,
      {
        hint: held
          ? `wait for it to finish; if it is no longer running: crossline deploy --force-unlock ${held.id}`
          : `if no deploy is running, delete the SSM parameter ${name} in the tools account`,
        details: held ?? { parameter: name },
      },
    );
  }
  let released = false;
  return {
    record,
    async release() {
      if (released) return;
      released = true;
      // Only remove our own record (a --force-unlock by someone else may have replaced it).
      const now = parseRecord(await api.read(name));
      if (now?.id === record.id) await api.remove(name);
    },
  };
}

export async function forceUnlockPipeline(
  api: LockApi,
  pipeline: string,
  id: string,
): Promise<LockRecord | undefined> {
  const name = lockName(pipeline);
  const held = parseRecord(await api.read(name));
  if (held === undefined) return undefined;
  if (held.id !== id) {
    throw usageError(
      `--force-unlock ${id}: the lock of ${pipeline} has id ${held.id} (${held.holder}, since ${held.since})`,
      'pass the id the lock error printed',
    );
  }
  await api.remove(name);
  return held;
}

function parseRecord(value: string | undefined): LockRecord | undefined {
  if (value === undefined) return undefined;
  try {
    const r = JSON.parse(value) as Partial<LockRecord>;
    if (typeof r.id === 'string' && typeof r.holder === 'string' && typeof r.since === 'string') {
      return { id: r.id, holder: r.holder, since: r.since, operation: r.operation ?? 'deploy' };
    }
  } catch {
    // Not ours to interpret: reported as an unreadable lock.
  }
  return undefined;
}
