/**
 * Whether one compiled statement applies to a request, and if not, why (for near misses).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
import { arnMatcher } from './arn-match.js';
import type { CallerIdentity } from './arn.js';
import type { CompiledStatement, NegatableSpec, ResourceSpec } from './compile-policy.js';
import { formatValues } from './compile-policy.js';
import { matchPrincipal } from './principal.js';
import type { PrincipalMatch } from './principal.js';
import type { RequestContext } from './request-context.js';
import type { PolicyElement } from './types.js';

/** The request as the matchers need it, prepared once per evaluation. */
export interface PreparedRequest {
  readonly caller: CallerIdentity;
  /** Lower case: actions are case-insensitive. */
  readonly action: string;
  readonly actionAsWritten: string;
  readonly resource: string;
  readonly context: RequestContext;
  /** Whether the caller has a permissions boundary (changes how Deny + NotPrincipal applies). */
  readonly hasBoundary: boolean;
}

/** How the statement applies: `none` when any element does not match. */
export function statementApplies(
  statement: CompiledStatement,
  request: PreparedRequest,
): PrincipalMatch {
  if (!actionMatches(statement, request)) return 'none';
  if (!resourceMatches(statement.resource, request)) return 'none';
  const principal =
    statement.principal === undefined ||
    // A Deny with NotPrincipal always applies to a caller with a permissions boundary.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
    (statement.principal.not && statement.effect === 'Deny' && request.hasBoundary)
      ? 'direct'
      : matchPrincipal(statement.principal.spec, statement.principal.not, request.caller);
  if (principal === 'none') return 'none';
  for (const condition of statement.conditions) {
    if (!condition.test(request.context)) return 'none';
  }
  return principal;
}

function actionMatches(statement: CompiledStatement, request: PreparedRequest): boolean {
  const spec = statement.action;
  if (spec === undefined) return false;
  let any = false;
  for (const matcher of spec.matchers) {
    if (matcher(request.action)) {
      any = true;
      break;
    }
  }
  return any !== spec.not;
}

function resourceMatches(spec: ResourceSpec | undefined, request: PreparedRequest): boolean {
  if (spec === undefined) return true;
  let any = false;
  for (const pattern of spec.patterns) {
    let matcher = pattern.matcher;
    if (matcher === undefined) {
      const resolved = pattern.template.resolve(request.context);
      // A variable without a value: this pattern matches nothing.
      if (resolved === undefined) continue;
      matcher = arnMatcher(resolved, true);
    }
    if (matcher(request.resource)) {
      any = true;
      break;
    }
  }
  return any !== spec.not;
}

export interface Mismatch {
  readonly element: PolicyElement;
  readonly detail: string;
}

/** `value` against the Action or Resource element (or its Not form) it did not match. */
function elementMismatch(
  name: 'Action' | 'Resource',
  spec: NegatableSpec,
  value: string,
  notIn: string,
): Mismatch {
  const written = formatValues(spec.raw);
  return spec.not
    ? { element: `Not${name}`, detail: `${value} is excluded by Not${name} ${written}` }
    : { element: name, detail: `${value} ${notIn} ${name} ${written}` };
}

/**
 * Every element of the statement that does not match the request, with the request value
 * against the policy value. `accountIsEnough` counts an account-level principal as a match.
 */
export function mismatches(
  statement: CompiledStatement,
  request: PreparedRequest,
  accountIsEnough: boolean,
): Mismatch[] {
  const out: Mismatch[] = [];
  const action = statement.action;
  if (action === undefined)
    out.push({ element: 'Action', detail: 'the statement has neither Action nor NotAction' });
  else if (!actionMatches(statement, request))
    out.push(elementMismatch('Action', action, request.actionAsWritten, 'is not in'));
  const resource = statement.resource;
  if (resource !== undefined && !resourceMatches(resource, request))
    out.push(elementMismatch('Resource', resource, request.resource, 'does not match'));
  const principal = statement.principal;
  if (principal !== undefined) {
    const match = matchPrincipal(principal.spec, principal.not, request.caller);
    if (match === 'none' || (match === 'account' && !accountIsEnough)) {
      const element = principal.not ? 'NotPrincipal' : 'Principal';
      const detail = principal.not
        ? `${request.caller.arn} is excluded by NotPrincipal ${formatValues(principal.spec.raw)}`
        : match === 'account'
          ? `${formatValues(principal.spec.raw)} names only the account of ${request.caller.arn}, which then needs an identity-policy allow`
          : `${request.caller.arn} is not in Principal ${formatValues(principal.spec.raw)}`;
      out.push({ element, detail });
    }
  }
  for (const condition of statement.conditions) {
    if (condition.test(request.context)) continue;
    const values = request.context.get(condition.key.toLowerCase());
    const actual =
      values === undefined
        ? 'missing'
        : formatValues(typeof values === 'string' ? [values] : values);
    out.push({
      element: 'Condition',
      detail: `${condition.key} is ${actual}; the policy wants ${condition.operator} ${formatValues(condition.policyValues)}`,
    });
  }
  return out;
}
