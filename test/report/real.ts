/** The real synth and verify results of a config: what `plan` and `report` render. */
import type { Pipeline } from '../../src/model/index.js';
import { reportInput, type ReportInput } from '../../src/report/index.js';
import { synthesize, type SynthResult } from '../../src/synth/index.js';
import {
  buildAccessScript,
  topologyFromSynth,
  verifyAccess,
  type VerifyResult,
} from '../../src/verify/index.js';
import { pipelineOf } from './support.js';

export interface RealRun {
  readonly pipeline: Pipeline;
  readonly synth: SynthResult;
  readonly verify: VerifyResult;
  readonly input: ReportInput;
}

export function realRun(file: string): RealRun {
  const pipeline = pipelineOf(file);
  const synth = synthesize(pipeline);
  const verify = verifyAccess(
    buildAccessScript(topologyFromSynth(pipeline, synth)),
    synth.policies,
  );
  return { pipeline, synth, verify, input: reportInput(pipeline, synth, verify) };
}
