import * as z from 'zod/mini';
import type { Path } from './locate.js';

interface Def {
  type: string;
  shape?: Record<string, z.ZodMiniType>;
  element?: z.ZodMiniType;
  valueType?: z.ZodMiniType;
  options?: z.ZodMiniType[];
  innerType?: z.ZodMiniType;
  discriminator?: string;
}

const defOf = (s: z.ZodMiniType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Keys a branch declares only to refuse them with a reason (e.g. `triggers` on CodeCommit). */
const refused = (s: z.ZodMiniType): boolean =>
  z.globalRegistry.get(s)?.description?.startsWith('Not allowed') === true;

/**
 * The keys an object at `path` of the schema accepts (for "did you mean" on unknown keys).
 * `valueAt` (the document's value at a path) picks the branch of a discriminated union.
 */
export function knownKeysAt(
  schema: z.ZodMiniType,
  path: Path,
  valueAt?: (path: Path) => unknown,
): string[] {
  const keys = new Set<string>();
  const visit = (s: z.ZodMiniType, rest: Path): void => {
    const def = defOf(s);
    const here = path.slice(0, path.length - rest.length);
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
        return visit(def.innerType!, rest);
      case 'union': {
        const d = def.discriminator;
        const value = d === undefined ? undefined : valueAt?.([...here, d]);
        const chosen =
          d === undefined || valueAt === undefined
            ? def.options!
            : def.options!.filter((o) => defOf(o).shape?.[d]?.safeParse(value).success === true);
        return (chosen.length > 0 ? chosen : def.options!).forEach((o) => visit(o, rest));
      }
      case 'object':
        if (rest.length === 0)
          Object.entries(def.shape!).forEach(([k, v]) => (refused(v) ? undefined : keys.add(k)));
        else if (def.shape![String(rest[0])]) visit(def.shape![String(rest[0])], rest.slice(1));
        return;
      case 'array':
        if (rest.length > 0) visit(def.element!, rest.slice(1));
        return;
      case 'record':
        if (rest.length > 0) visit(def.valueType!, rest.slice(1));
        return;
      default:
        return;
    }
  };
  visit(schema, path);
  return [...keys].filter((k) => k !== '$schema');
}
