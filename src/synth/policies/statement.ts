import type { PolicyDocument, PolicyStatement } from '../types.js';

/** A statement together with the AWS request that needs it (shown by `plan`, kept in policies/). */
export interface Grant {
  readonly statement: PolicyStatement & { readonly Sid: string };
  readonly reason: string;
}

/** A list with one element collapses to a string, as AWS prints single values. */
export function oneOrMany(values: readonly string[]): string | readonly string[] {
  const sorted = [...new Set(values)].sort();
  return sorted.length === 1 ? sorted[0] : sorted;
}

export function awsPrincipal(arns: readonly string[]): { AWS: string | readonly string[] } {
  return { AWS: oneOrMany(arns) };
}

/**
 * The principal pattern of docs/design.md §4: resource policies and cross-account trusts grant the
 * account root (roles may not exist yet when the policy is deployed, and KMS, S3 and IAM reject
 * principals that do not exist) and pin the exact role with `aws:PrincipalArn`.
 */
export function pinnedTo(roleArns: readonly string[]): PolicyStatement['Condition'] {
  return { ArnEquals: { 'aws:PrincipalArn': oneOrMany(roleArns) } };
}

export interface AllowOptions {
  readonly sid: string;
  readonly reason: string;
  readonly actions: readonly string[];
  /** Empty for trust policies. */
  readonly resources: readonly string[];
  readonly principal?: unknown;
  readonly condition?: PolicyStatement['Condition'];
}

export function allow(o: AllowOptions): Grant {
  return grant('Allow', o);
}

export function deny(o: AllowOptions): Grant {
  return grant('Deny', o);
}

function grant(effect: 'Allow' | 'Deny', o: AllowOptions): Grant {
  const statement: PolicyStatement & { Sid: string } = {
    Sid: o.sid,
    Effect: effect,
    ...(o.principal === undefined ? {} : { Principal: o.principal }),
    Action: oneOrMany(o.actions),
    // Trust policies have no Resource element: the resource is the role itself.
    ...(o.resources.length === 0 ? {} : { Resource: oneOrMany(o.resources) }),
    ...(o.condition === undefined ? {} : { Condition: o.condition }),
  };
  return { statement, reason: o.reason };
}

export function policyDocument(grants: readonly Grant[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: grants.map((g) => g.statement) };
}

export function reasonsOf(grants: readonly Grant[]): Record<string, string> {
  const reasons: Record<string, string> = {};
  for (const g of grants) reasons[g.statement.Sid] = g.reason;
  return reasons;
}
