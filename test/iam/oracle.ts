// Maps engine inputs to @cloud-copilot/iam-simulate (AGPL; a dev-only test oracle, never
// imported from src/) and its result back to our outcome.
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import type { Simulation } from '@cloud-copilot/iam-simulate';
import type { Outcome, PolicySet, Request } from '../../src/iam/index.js';

/** The context keys our engine derives from the principal; the oracle is given them explicitly. */
export function derivedContext(principal: string): Record<string, string> {
  if (!principal.startsWith('arn:')) return { 'aws:PrincipalServiceName': principal };
  const [, partition, service, , account = '', resource = ''] = principal.split(':');
  const out: Record<string, string> = { 'aws:PrincipalAccount': account };
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    out['aws:PrincipalArn'] = `arn:${partition}:iam::${account}:role/${resource.split('/')[1]}`;
  } else {
    out['aws:PrincipalArn'] = principal;
  }
  if (service === 'iam' && resource.startsWith('user/'))
    out['aws:username'] = resource.slice(resource.lastIndexOf('/') + 1);
  return out;
}

function contextFor(request: Request): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = { ...derivedContext(request.principal) };
  for (const [key, value] of Object.entries(request.context ?? {})) {
    out[key] = Array.isArray(value) ? [...(value as string[])] : String(value);
  }
  return out;
}

function resourceAccount(request: Request): string {
  if (request.resourceAccount !== undefined) return request.resourceAccount;
  const account = request.resource.split(':')[4];
  return account ?? '';
}

export function toSimulation(request: Request, policies: PolicySet): Simulation {
  const levels = [...(policies.scpLevels ?? []), ...(policies.scps ? [policies.scps] : [])].filter(
    (l) => l.length > 0,
  );
  return {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: resourceAccount(request) },
      contextVariables: contextFor(request),
    },
    identityPolicies: policies.identity.map((p) => ({ name: p.name, policy: p.document })),
    serviceControlPolicies: levels.map((level, i) => ({
      orgIdentifier: `ou-level-${i}`,
      policies: level.map((p) => ({ name: p.name, policy: p.document })),
    })),
    resourceControlPolicies: [],
    // The unsafe runner loads the resource policy without a name and then reads it; a
    // pre-validated wrapper (iam-policy's own shape) carries the name.
    resourcePolicy: policies.resource
      ? {
          __validated: true,
          policyDocument: policies.resource.policy.document,
          metadata: { name: policies.resource.policy.name },
          errors: [],
        }
      : undefined,
    permissionBoundaryPolicies: policies.permissionBoundary
      ? [{ name: policies.permissionBoundary.name, policy: policies.permissionBoundary.document }]
      : undefined,
  };
}

const OUTCOMES = {
  Allowed: 'allow',
  ExplicitlyDenied: 'explicit-deny',
  ImplicitlyDenied: 'implicit-deny',
} as const;

/** The oracle's outcome for the same request and policies. */
export function oracleOutcome(request: Request, policies: PolicySet): Outcome {
  return OUTCOMES[runUnsafeSimulation(toSimulation(request, policies), {})];
}
