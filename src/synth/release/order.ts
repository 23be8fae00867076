import type { Stage, Target } from '../../model/types.js';

/**
 * The deploy level of each target of a stage (docs/design.md §2): 1 for a target that waits
 * for nothing, otherwise one more than the highest level of the stacks in its `after`.
 * Validation has ruled out unknown stacks and cycles (config/release.ts).
 *
 * A stack deployed in several regions (docs/design.md "Regions"): a target waits for the named
 * stack in its own region when the stage deploys it there (regions release side by side), and
 * for every region of it otherwise (a stack of one region, such as a global DNS stack, comes
 * first everywhere). `region` undefined is the pipeline region, as in the model.
 */
export function afterLevels(stage: Stage): Map<Target, number> {
  const levels = new Map<Target, number>();
  const byStack = (t: Target, stack: string): Target[] => {
    const all = stage.targets.filter((d) => d.stack === stack);
    const sameRegion = all.filter((d) => d.region === t.region);
    return sameRegion.length > 0 ? sameRegion : all;
  };
  const level = (t: Target, depth: number): number => {
    const known = levels.get(t);
    if (known !== undefined) return known;
    // A cycle cannot pass validation; the depth bound keeps a hand-built model finite.
    if (depth > stage.targets.length) throw new Error(`stage ${stage.name}: after has a cycle`);
    const deps = (t.after ?? []).flatMap((stack) => byStack(t, stack)).filter((d) => d !== t);
    const own = 1 + Math.max(0, ...deps.map((d) => level(d, depth + 1)));
    levels.set(t, own);
    return own;
  };
  for (const t of stage.targets) level(t, 0);
  return levels;
}
