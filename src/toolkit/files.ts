import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where synth, plan, deploy and report write when no `-o` is given. */
export const DEFAULT_OUT_DIR = 'crossline.out';

/**
 * Write to a temporary file, then rename: a reader never sees a half-written file. The
 * temporary name needs to be unique, not secret: Math.random, because node:crypto is slow to
 * load; `wx` refuses to write through a name some other writer holds.
 */
export function writeFileAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${Math.random().toString(16).slice(2, 10)}.tmp`;
  writeFileSync(tmp, content, { flag: 'wx' });
  renameSync(tmp, file);
}
