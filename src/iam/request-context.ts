/**
 * The request context, normalized once per request: key names are case-insensitive
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html),
 * values become strings, and the keys AWS always sets for a signed request are filled in.
 */
import type { CallerIdentity } from './arn.js';
import type { ContextValue } from './types.js';

export interface RequestContext {
  /** The key's values, or `undefined` when the key is absent. Single-valued keys give one value. */
  values(key: string): readonly string[] | undefined;
  /** Whether the key was supplied as an array (a multi-valued key). */
  isMultiValued(key: string): boolean;
  /** A single-valued key as a string, for policy variables. */
  variable(key: string): string | undefined;
}

class ContextMap implements RequestContext {
  private readonly map = new Map<string, readonly string[]>();
  private readonly multi = new Set<string>();

  set(key: string, value: ContextValue): void {
    const lower = key.toLowerCase();
    if (Array.isArray(value)) {
      this.map.set(lower, value as readonly string[]);
      this.multi.add(lower);
    } else {
      this.map.set(lower, [String(value)]);
      this.multi.delete(lower);
    }
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  values(key: string): readonly string[] | undefined {
    return this.map.get(key);
  }

  isMultiValued(key: string): boolean {
    return this.multi.has(key);
  }

  variable(key: string): string | undefined {
    const values = this.map.get(key);
    return values !== undefined && values.length === 1 && !this.multi.has(key)
      ? values[0]
      : undefined;
  }
}

/** Builds the context: the caller's keys win over the derived ones. */
export function requestContext(
  identity: CallerIdentity,
  supplied: Readonly<Record<string, ContextValue>> | undefined,
): RequestContext {
  const context = new ContextMap();
  if (identity.kind === 'service') {
    context.set('aws:PrincipalServiceName', identity.arn);
  } else {
    context.set('aws:PrincipalArn', identity.principalArn);
    if (identity.account !== undefined) context.set('aws:PrincipalAccount', identity.account);
    if (identity.userName !== undefined) context.set('aws:username', identity.userName);
  }
  if (supplied !== undefined) {
    for (const key in supplied) {
      const value = supplied[key];
      if (value !== undefined) context.set(key, value);
    }
  }
  return context;
}
