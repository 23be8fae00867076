/** Writes a synthesis to a fresh temporary folder, as `crossline synth` lays it out. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SynthResult } from '../../src/synth/index.js';

export function writeSynth(synth: SynthResult, prefix = 'crossline-synth-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [rel, content] of synth.files) {
    const file = join(dir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}
