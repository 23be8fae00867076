import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';

/** Where synth, plan, deploy and report write when no `-o` is given. */
export const DEFAULT_OUT_DIR = 'crossline.out';

/** Write to a temporary file, then rename: a reader never sees a half-written file. */
export function writeFileAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}
