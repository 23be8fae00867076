import { join } from 'node:path';
import { IO, type IoHost } from '../io/index.js';
import type { Pipeline } from '../model/index.js';
import { stableJson, synthesize, type SynthResult } from '../synth/index.js';
import {
  buildAccessScript,
  renderVerifyTable,
  sampleTargets,
  topologyFromSynth,
  verifyAccess,
  type VerifyResult,
} from '../verify/index.js';
import type { PlanStep } from './plan-step-types.js';
import { readPolicyFolder } from './policy-folder.js';

export { readPolicyFolder } from './policy-folder.js';
import { writeFileAtomic } from './files.js';

/** The access script of a synthesized pipeline, evaluated against its generated policies. */
export function verifySynthesized(pipeline: Pipeline, synth: SynthResult): VerifyResult {
  const full = topologyFromSynth(pipeline, synth);
  // Generated policies only: accounts of an OU proven equal to a checked sample but for their
  // id are not checked again one by one (src/verify/symmetry.ts).
  const { topology, groups } = sampleTargets(full, synth.policies);
  const script = { ...buildAccessScript(topology), accounts: full.accounts };
  const result = verifyAccess(script, synth.policies);
  return groups.length === 0 ? result : { ...result, sampled: groups };
}

/**
 * The verify step of `plan`: verify.json joins the output folder (same atomic replace), the
 * table joins the summary, and a failing check makes plan exit 1 (after writing).
 */
export function verifyPlanStep(): PlanStep {
  return {
    name: 'verify',
    run: ({ pipeline, synth, io }) => {
      const started = Date.now();
      const result = verifySynthesized(pipeline, synth);
      io.notify(
        IO.VERIFY_DONE.msg(
          `verified ${result.counts.total} requests in ${Date.now() - started} ms`,
        ),
      );
      let table: readonly string[] | undefined;
      return {
        ok: result.ok,
        files: new Map([['verify.json', verifyJson(result)]]),
        // Only `plan --all` and `plan --json` print the table: rendered when first read.
        get lines() {
          return (table ??= renderVerifyTable(result).split('\n'));
        },
        data: result,
        verify: result,
      };
    },
  };
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

export interface VerifyOptions {
  /** Write verify.json here. */
  readonly outDir?: string;
  /**
   * Verify the policies in this output folder (`<dir>/policies/index.json` and the files it
   * lists, e.g. after editing them) instead of synthesizing them.
   */
  readonly from?: string;
}

/**
 * `crossline verify`: synthesize in memory (or read `from`), verify, and write verify.json
 * only when asked. Expected failures are values (`result.ok`), never exceptions.
 */
export function runVerify(pipeline: Pipeline, io: IoHost, options: VerifyOptions = {}): VerifyRun {
  const started = Date.now();
  const synth = synthesize(pipeline);
  let result: VerifyResult;
  if (options.from === undefined) {
    result = verifySynthesized(pipeline, synth);
  } else {
    const policies = readPolicyFolder(options.from);
    io.notify(IO.VERIFY_POLICIES.msg(`verifying ${policies.length} policies from ${options.from}`));
    result = verifyAccess(
      buildAccessScript(
        topologyFromSynth(pipeline, { policies, pipelineJson: synth.pipelineJson }),
      ),
      policies,
    );
  }
  io.notify(
    IO.VERIFY_DONE.msg(`verified ${result.counts.total} requests in ${Date.now() - started} ms`),
  );
  if (options.outDir === undefined) return { pipeline, result };
  const file = join(options.outDir, 'verify.json');
  writeFileAtomic(file, verifyJson(result));
  io.notify(IO.VERIFY_WRITTEN.msg(`wrote ${file}`));
  return { pipeline, result, written: file };
}
