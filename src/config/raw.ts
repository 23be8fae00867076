/**
 * Reading the raw config document (what YAML parsed, before the schema checked it): the checks
 * that run on it must not trust any shape.
 */
export type Obj = Record<string, unknown>;

/** A mapping (not null, not a list). */
export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value when it is a string. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
