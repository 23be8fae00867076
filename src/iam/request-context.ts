/**
 * The request context, normalized once per request: key names are case-insensitive
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html),
 * values become strings, and the keys AWS always sets for a signed request are filled in.
 */
import type { CallerIdentity } from './arn.js';
import type { ContextValue, Organization } from './types.js';

export interface RequestContext {
  /**
   * The key's value: a string for a single-valued key, an array for a multi-valued one,
   * `undefined` when absent. `key` must be lower case.
   */
  get(key: string): string | readonly string[] | undefined;
  /** A single-valued key as a string, for policy variables. */
  variable(key: string): string | undefined;
}

/**
 * Built on first read: most statements fail on Action or Resource before any condition or
 * policy variable looks at the context, so most requests never pay for the map. (A caller
 * that mutates `request.context` after `evaluate` and then reads near misses sees the change.)
 */
class LazyContext implements RequestContext {
  private map: Map<string, string | readonly string[]> | undefined;

  constructor(
    private readonly identity: CallerIdentity,
    private readonly supplied: Readonly<Record<string, ContextValue>> | undefined,
    private readonly org: OrgScope | undefined,
  ) {}

  get(key: string): string | readonly string[] | undefined {
    return (this.map ??= build(this.identity, this.supplied, this.org)).get(key);
  }

  variable(key: string): string | undefined {
    const value = this.get(key);
    return typeof value === 'string' ? value : undefined;
  }
}

type ContextMap = Map<string, string | readonly string[]>;

function set(map: ContextMap, key: string, value: ContextValue): void {
  map.set(
    key.toLowerCase(),
    typeof value === 'string'
      ? value
      : Array.isArray(value)
        ? (value as readonly string[])
        : String(value),
  );
}

/** The organization and the resource's account, for the organization keys. */
export interface OrgScope {
  readonly organization: Organization;
  readonly resourceAccount: string | undefined;
}

/** Builds the context: the caller's keys win over the derived ones. */
export function requestContext(
  identity: CallerIdentity,
  supplied: Readonly<Record<string, ContextValue>> | undefined,
  org?: OrgScope,
): RequestContext {
  return new LazyContext(identity, supplied, org);
}

function build(
  identity: CallerIdentity,
  supplied: Readonly<Record<string, ContextValue>> | undefined,
  org: OrgScope | undefined,
): ContextMap {
  const context: ContextMap = new Map();
  if (identity.kind === 'service') {
    set(context, 'aws:PrincipalServiceName', identity.arn);
  } else {
    set(context, 'aws:PrincipalArn', identity.principalArn);
    if (identity.account !== undefined) set(context, 'aws:PrincipalAccount', identity.account);
    if (identity.userName !== undefined) set(context, 'aws:username', identity.userName);
  }
  if (org !== undefined) addOrganizationKeys(context, identity, org);
  if (supplied !== undefined) {
    for (const key in supplied) {
      const value = supplied[key];
      if (value !== undefined) set(context, key, value);
    }
  }
  return context;
}

/**
 * The organization keys. Both path keys are multi-valued (a policy must use ForAnyValue or
 * ForAllValues on them) and are present only when the account is a member; the principal
 * keys are never set for a service principal. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths
 */
function addOrganizationKeys(context: ContextMap, identity: CallerIdentity, org: OrgScope): void {
  const { id, accountPaths } = org.organization;
  const principalPath =
    identity.kind === 'service' || identity.account === undefined
      ? undefined
      : memberPath(accountPaths, identity.account);
  if (principalPath !== undefined) {
    set(context, 'aws:PrincipalOrgID', id);
    set(context, 'aws:PrincipalOrgPaths', [principalPath]);
  }
  const resourcePath =
    org.resourceAccount === undefined ? undefined : memberPath(accountPaths, org.resourceAccount);
  if (resourcePath !== undefined) {
    set(context, 'aws:ResourceOrgID', id);
    set(context, 'aws:ResourceOrgPaths', [resourcePath]);
  }
}

function memberPath(paths: Readonly<Record<string, string>>, account: string): string | undefined {
  return Object.hasOwn(paths, account) ? paths[account] : undefined;
}
