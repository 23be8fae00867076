/**
 * A statement's Condition block, compiled once: operators AND, keys AND, values OR
 * (NOR for negated operators), `IfExists`, `ForAnyValue:` / `ForAllValues:`, `Null`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import { template } from '../policy-variables.js';
import type { Template } from '../policy-variables.js';
import type { RequestContext } from '../request-context.js';
import { OPERATORS } from './operators.js';
import type { Compare, OperatorFamily } from './operators.js';

type SetOperator = 'any' | 'all' | undefined;

/** One operator applied to one key, e.g. `StringEquals` on `aws:SourceAccount`. */
export interface KeyCondition {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string;
  /** The key as written (for messages); lookups use the lower-case form. */
  readonly key: string;
  readonly policyValues: readonly string[];
  test(context: RequestContext): boolean;
}

/** Compiles a Condition block; unknown operators are reported and never match. */
export function compileConditions(block: unknown, warn: (message: string) => void): KeyCondition[] {
  if (block === undefined || block === null) return [];
  if (typeof block !== 'object' || Array.isArray(block)) {
    warn('Condition is not an object');
    return [neverMatches('Condition', '?', [])];
  }
  const out: KeyCondition[] = [];
  for (const [operator, keys] of Object.entries(block as Record<string, unknown>)) {
    if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) {
      warn(`condition operator ${operator} has no key/value object`);
      out.push(neverMatches(operator, '?', []));
      continue;
    }
    for (const [key, raw] of Object.entries(keys as Record<string, unknown>)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map((v) => String(v as string));
      out.push(compileKeyCondition(operator, key, values, warn));
    }
  }
  return out;
}

function compileKeyCondition(
  operator: string,
  key: string,
  policyValues: string[],
  warn: (message: string) => void,
): KeyCondition {
  let name = operator.toLowerCase();
  let setOperator: SetOperator;
  if (name.startsWith('foranyvalue:')) {
    setOperator = 'any';
    name = name.slice('foranyvalue:'.length);
  } else if (name.startsWith('forallvalues:')) {
    setOperator = 'all';
    name = name.slice('forallvalues:'.length);
  }
  const ifExists = name.endsWith('ifexists');
  if (ifExists) name = name.slice(0, -'ifexists'.length);
  const lowerKey = key.toLowerCase();

  if (name === 'null') {
    return {
      operator,
      key,
      policyValues,
      test(context) {
        // An empty list is still a key that is present.
        const present = context.get(lowerKey) !== undefined;
        return policyValues.some((v) => (v.toLowerCase() === 'true' ? !present : present));
      },
    };
  }
  const family = OPERATORS.get(name);
  if (family === undefined) {
    warn(`unsupported condition operator ${operator}`);
    return neverMatches(operator, key, policyValues);
  }
  const compares = valueComparisons(family, policyValues);
  const negated = family.negated;
  // AWS: a missing key makes the condition false, except negated operators (true),
  // ...IfExists (true), ForAllValues (true) and ForAnyValue (false).
  const whenMissing = ifExists || setOperator === 'all' || (setOperator === undefined && negated);
  return {
    operator,
    key,
    policyValues,
    test(context) {
      const value = context.get(lowerKey);
      if (value === undefined) return whenMissing;
      const comparisons = compares(context);
      if (typeof value === 'string') {
        // A single value: the set operators treat it as a set of one.
        return matchesAny(comparisons, value) !== negated;
      }
      if (setOperator === 'all') {
        for (const v of value) if (matchesAny(comparisons, v) === negated) return false;
        return true;
      }
      if (setOperator === 'any') {
        for (const v of value) if (matchesAny(comparisons, v) !== negated) return true;
        return false;
      }
      // A multi-valued key needs ForAnyValue/ForAllValues; without one the condition is false.
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
      return false;
    },
  };
}

function matchesAny(comparisons: readonly Compare[], requestValue: string): boolean {
  for (const compare of comparisons) if (compare(requestValue)) return true;
  return false;
}

/** The comparisons for the policy values; static values compile once, variables per request. */
function valueComparisons(
  family: OperatorFamily,
  policyValues: readonly string[],
): (context: RequestContext) => Compare[] {
  const templates: Template[] = family.variables ? policyValues.map((v) => template(v)) : [];
  if (templates.every((t) => t.isStatic)) {
    const compiled = policyValues.map((v) => family.compiler(v));
    return () => compiled;
  }
  return (context) =>
    templates.map((t) => {
      const resolved = t.resolve(context);
      // A variable that is missing and has no default matches nothing.
      return resolved === undefined ? () => false : family.compiler(resolved);
    });
}

function neverMatches(
  operator: string,
  key: string,
  policyValues: readonly string[],
): KeyCondition {
  return { operator, key, policyValues, test: () => false };
}
