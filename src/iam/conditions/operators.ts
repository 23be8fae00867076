/**
 * The condition operator families and how one request value compares to one policy value.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { arnMatcher } from '../arn-match.js';
import { wildcardMatcher } from '../wildcard.js';
import { parseAddress, parseCidr } from './ip.js';

/** Compares a request value with one (already variable-resolved) policy value. */
export type Compare = (requestValue: string) => boolean;

export interface OperatorFamily {
  /** `Not` operators are evaluated as NOR over the policy values, and are true when the key is missing. */
  readonly negated: boolean;
  /** Whether policy values may contain `${...}` variables (String and Arn operators). */
  readonly variables: boolean;
  /** Builds the comparison for one policy value. */
  compiler(policyValue: string): Compare;
}

const never: Compare = () => false;

function family(
  negated: boolean,
  variables: boolean,
  compiler: (policyValue: string) => Compare,
): OperatorFamily {
  return { negated, variables, compiler };
}

const stringEquals =
  (p: string): Compare =>
  (r) =>
    r === p;
const stringEqualsIgnoreCase = (p: string): Compare => {
  const lower = p.toLowerCase();
  return (r) => r.toLowerCase() === lower;
};
const stringLike = (p: string): Compare => wildcardMatcher(p);
const arnLike = (p: string): Compare => arnMatcher(p);

/**
 * Numeric and Date operators: both sides parsed to numbers, then compared; a value that does
 * not parse compares false.
 */
function ordered(parse: (value: string) => number) {
  return (test: (r: number, p: number) => boolean) =>
    (p: string): Compare => {
      const policy = parse(p);
      if (Number.isNaN(policy)) return never;
      return (r) => {
        const request = parse(r);
        return !Number.isNaN(request) && test(request, policy);
      };
    };
}

const numeric = ordered(toNumber);
const date = ordered(toTime);

/** `true` / `false`, case-insensitively. */
const bool = stringEqualsIgnoreCase;

const ipAddress = (p: string): Compare => {
  const range = parseCidr(p);
  if (range === undefined) return never;
  return (r) => {
    const address = parseAddress(r);
    return address !== undefined && range.contains(address);
  };
};

const eq = (r: number, p: number) => r === p;
const lt = (r: number, p: number) => r < p;
const le = (r: number, p: number) => r <= p;
const gt = (r: number, p: number) => r > p;
const ge = (r: number, p: number) => r >= p;

/** Operator name (lower case, without set prefix and IfExists) → family. `Null` is handled apart. */
export const OPERATORS: ReadonlyMap<string, OperatorFamily> = new Map([
  ['stringequals', family(false, true, stringEquals)],
  ['stringnotequals', family(true, true, stringEquals)],
  ['stringequalsignorecase', family(false, true, stringEqualsIgnoreCase)],
  ['stringnotequalsignorecase', family(true, true, stringEqualsIgnoreCase)],
  ['stringlike', family(false, true, stringLike)],
  ['stringnotlike', family(true, true, stringLike)],
  ['numericequals', family(false, false, numeric(eq))],
  ['numericnotequals', family(true, false, numeric(eq))],
  ['numericlessthan', family(false, false, numeric(lt))],
  ['numericlessthanequals', family(false, false, numeric(le))],
  ['numericgreaterthan', family(false, false, numeric(gt))],
  ['numericgreaterthanequals', family(false, false, numeric(ge))],
  ['dateequals', family(false, false, date(eq))],
  ['datenotequals', family(true, false, date(eq))],
  ['datelessthan', family(false, false, date(lt))],
  ['datelessthanequals', family(false, false, date(le))],
  ['dategreaterthan', family(false, false, date(gt))],
  ['dategreaterthanequals', family(false, false, date(ge))],
  ['bool', family(false, false, bool)],
  ['binaryequals', family(false, false, stringEquals)],
  ['ipaddress', family(false, false, ipAddress)],
  ['notipaddress', family(true, false, ipAddress)],
  ['arnequals', family(false, true, arnLike)],
  ['arnlike', family(false, true, arnLike)],
  ['arnnotequals', family(true, true, arnLike)],
  ['arnnotlike', family(true, true, arnLike)],
]);

function toNumber(value: string): number {
  return value.trim() === '' ? Number.NaN : Number(value);
}

/** Dates are ISO 8601 or epoch seconds (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date). */
function toTime(value: string): number {
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  return Date.parse(value);
}
