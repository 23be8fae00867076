import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where synth, plan, deploy and report write when no `-o` is given. */
export const DEFAULT_OUT_DIR = 'crossline.out';

let written = 0;

/**
 * Write to a temporary file, then rename: a reader never sees a half-written file. The
 * temporary name is unique by process and call (not random: node:crypto is slow to load).
 */
export function writeFileAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  written += 1;
  const tmp = `${file}.${process.pid}-${written}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}
