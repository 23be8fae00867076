/**
 * The request context, normalized once per request: key names are case-insensitive
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html),
 * values become strings, and the keys AWS always sets for a signed request are filled in.
 */
import type { CallerIdentity } from './arn.js';
import type { ContextValue } from './types.js';

export interface RequestContext {
  /**
   * The key's value: a string for a single-valued key, an array for a multi-valued one,
   * `undefined` when absent. `key` must be lower case.
   */
  get(key: string): string | readonly string[] | undefined;
  /** A single-valued key as a string, for policy variables. */
  variable(key: string): string | undefined;
}

class ContextMap implements RequestContext {
  private readonly map = new Map<string, string | readonly string[]>();

  set(key: string, value: ContextValue): void {
    this.map.set(
      key.toLowerCase(),
      typeof value === 'string'
        ? value
        : Array.isArray(value)
          ? (value as readonly string[])
          : String(value),
    );
  }

  get(key: string): string | readonly string[] | undefined {
    return this.map.get(key);
  }

  variable(key: string): string | undefined {
    const value = this.map.get(key);
    return typeof value === 'string' ? value : undefined;
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
