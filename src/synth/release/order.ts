import type { Stage, Target } from '../../model/types.js';

/**
 * The deploy level of each target of a stage (docs/design.md §2): 1 for a target that waits
 * for nothing, otherwise one more than the highest level of the stacks in its `after`.
 * Validation has ruled out unknown stacks and cycles (config/release.ts).
 */
export function afterLevels(stage: Stage): Map<Target, number> {
  const levels = new Map<Target, number>();
  const byStack = (stack: string): Target[] => stage.targets.filter((t) => t.stack === stack);
  const level = (t: Target, depth: number): number => {
    const known = levels.get(t);
    if (known !== undefined) return known;
    // A cycle cannot pass validation; the depth bound keeps a hand-built model finite.
    if (depth > stage.targets.length) throw new Error(`stage ${stage.name}: after has a cycle`);
    const deps = (t.after ?? []).flatMap(byStack).filter((d) => d !== t);
    const own = 1 + Math.max(0, ...deps.map((d) => level(d, depth + 1)));
    levels.set(t, own);
    return own;
  };
  for (const t of stage.targets) level(t, 0);
  return levels;
}
