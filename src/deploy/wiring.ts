import { CrosslineError } from '../errors/index.js';
import type { PlanDocument, StackId, StackPlan } from '../synth/types.js';

/** A stack's parameters: literals from synth, the rest from outputs of stacks deployed before it. */
export function stackParameters(
  plan: Pick<StackPlan, 'id' | 'parameters'>,
  outputs: ReadonlyMap<StackId, Readonly<Record<string, string>>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of plan.parameters) {
    if (p.value !== undefined) {
      out[p.name] = p.value;
    } else if (p.fromOutput !== undefined) {
      const v = outputs.get(p.fromOutput.stack)?.[p.fromOutput.output];
      if (v === undefined) {
        throw new CrosslineError(
          'StackFailed',
          'external',
          `parameter ${p.name} of ${plan.id} needs output ${p.fromOutput.output} of ${p.fromOutput.stack}, which it does not have`,
          {
            hint: `check the outputs of ${p.fromOutput.stack} (aws cloudformation describe-stacks)`,
          },
        );
      }
      out[p.name] = v;
    }
  }
  return out;
}

/**
 * pipeline.json with every placeholder replaced by the stack output that resolves it.
 * Returns undefined while some output is missing (a failed or partial deploy).
 */
export function resolvePlaceholders<T>(
  doc: T,
  plan: Pick<PlanDocument, 'placeholders'>,
  outputs: ReadonlyMap<StackId, Readonly<Record<string, string>>>,
): T | undefined {
  let text = JSON.stringify(doc);
  for (const ph of plan.placeholders) {
    const v = outputs.get(ph.stack)?.[ph.output];
    if (v === undefined) return undefined;
    text = text.split(ph.text).join(v);
  }
  return JSON.parse(text) as T;
}
