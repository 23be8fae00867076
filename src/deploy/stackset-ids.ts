/**
 * What `diff` needs of a StackSet without the AWS SDK: its node id in the deploy graph and its
 * template as synth wrote it. Kept apart from stackset-deploy.ts, which loads the SDK clients,
 * so that the CLI's start-up bundle (diff's printer imports diff-plan.ts) stays without them.
 */
import { CrosslineError } from '../errors/index.js';
import type { StackSetPlan, SynthResult } from '../synth/types.js';

export const stackSetNodeId = (name: string): string => `stackset/${name}`;

/** The template of a StackSet as synth wrote it (stacksets/<name>.template.json). */
export function stackSetTemplate(synth: SynthResult, set: StackSetPlan): Record<string, unknown> {
  const text = synth.files.get(set.templateFile);
  if (text === undefined)
    throw new CrosslineError('Internal', 'internal', `no template for StackSet ${set.name}`);
  return JSON.parse(text) as Record<string, unknown>;
}
