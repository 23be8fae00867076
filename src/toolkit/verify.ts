import { join } from 'node:path';
import type { IoHost } from '../io/index.js';
import type { Pipeline } from '../model/index.js';
import { stableJson, synthesize, type SynthResult } from '../synth/index.js';
import {
  buildAccessScript,
  topologyFromSynth,
  verifyAccess,
  type VerifyResult,
} from '../verify/index.js';
import { writeFileAtomic } from './toolkit.js';

/** The access script of a synthesized pipeline, evaluated against its generated policies. */
export function verifySynthesized(pipeline: Pipeline, synth: SynthResult): VerifyResult {
  const script = buildAccessScript(topologyFromSynth(pipeline, synth));
  return verifyAccess(script, synth.policies);
}

/** verify.json: the result, deterministic (same config, same bytes). */
export function verifyJson(result: VerifyResult): string {
  return stableJson(result);
}

export interface VerifyRun {
  readonly pipeline: Pipeline;
  readonly result: VerifyResult;
  /** Where verify.json was written, when an output folder was given. */
  readonly written?: string;
}

/**
 * `crossline verify`: synthesize in memory, verify, and write verify.json only when asked.
 * Expected failures are values (`result.ok`), never exceptions.
 */
export function runVerify(
  pipeline: Pipeline,
  io: IoHost,
  options: { outDir?: string } = {},
): VerifyRun {
  const started = performance.now();
  const result = verifySynthesized(pipeline, synthesize(pipeline));
  io.notify({
    level: 'debug',
    code: 'verify.done',
    message: `verified ${result.counts.total} requests in ${Math.round(performance.now() - started)} ms`,
  });
  if (options.outDir === undefined) return { pipeline, result };
  const file = join(options.outDir, 'verify.json');
  writeFileAtomic(file, verifyJson(result));
  io.notify({ level: 'info', code: 'verify.written', message: `wrote ${file}` });
  return { pipeline, result, written: file };
}
