import type { z } from 'zod';
import type { Path } from './locate.js';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The keys an object at `path` of the schema accepts (for "did you mean" on unknown keys). */
export function knownKeysAt(schema: z.ZodType, path: Path): string[] {
  const keys = new Set<string>();
  const visit = (s: z.ZodType, rest: Path): void => {
    const def = defOf(s);
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
        return visit(def.innerType!, rest);
      case 'union':
        return def.options!.forEach((o) => visit(o, rest));
      case 'object':
        if (rest.length === 0) Object.keys(def.shape!).forEach((k) => keys.add(k));
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
