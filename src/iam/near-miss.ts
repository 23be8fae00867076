/**
 * Near misses: for an implicit deny, the Allow statements on the side that fell short which
 * came closest to applying, each with the elements that did not match. This is what lets
 * a caller say what to change ("add kms:Decrypt to statement Writers of key policy K").
 */
import { compilePolicy } from './compile-policy.js';
import type { Shortfall } from './explain.js';
import { mismatches } from './statement.js';
import type { Mismatch, PreparedRequest } from './statement.js';
import type { NamedPolicy, NearMiss, PolicySet } from './types.js';

const LIMIT = 10;

export function nearMisses(
  shortfall: Shortfall,
  request: PreparedRequest,
  policies: PolicySet,
  scpLevels: readonly (readonly NamedPolicy[])[],
): NearMiss[] {
  const resource = policies.resource ? [policies.resource.policy] : [];
  switch (shortfall.kind) {
    case 'service':
      return closest(resource, request, false);
    case 'authoritative':
      return shortfall.delegates.length > 0 && !shortfall.identityAllows
        ? closest(policies.identity, request, false)
        : closest(resource, request, false);
    case 'same-account':
      return [
        ...closest(policies.identity, request, false),
        ...closest(resource, request, false),
      ].slice(0, LIMIT);
    case 'cross-account':
      return [
        ...(shortfall.identityAllows ? [] : closest(policies.identity, request, false)),
        ...(shortfall.resourceAllows ? [] : closest(resource, request, true)),
      ].slice(0, LIMIT);
    case 'boundary':
      return policies.permissionBoundary
        ? closest([policies.permissionBoundary], request, false)
        : [];
    case 'scp':
      return closest(scpLevels[shortfall.level] ?? [], request, false);
  }
}

/**
 * The Allow statements with the fewest mismatching elements, one near miss per element. On a
 * tie, a statement that already names the caller wins: "add the action to the statement that
 * names you" is the most useful advice.
 */
function closest(
  policies: readonly NamedPolicy[],
  request: PreparedRequest,
  accountIsEnough: boolean,
): NearMiss[] {
  let best = Number.POSITIVE_INFINITY;
  let found: NearMiss[] = [];
  for (const policy of policies) {
    for (const statement of compilePolicy(policy.document).statements) {
      if (statement.effect !== 'Allow') continue;
      const misses: Mismatch[] = mismatches(statement, request, accountIsEnough);
      if (misses.length === 0) continue;
      const score =
        misses.length * 2 + (misses.some((m) => m.element.endsWith('Principal')) ? 1 : 0);
      if (score > best) continue;
      if (score < best) {
        best = score;
        found = [];
      }
      const ref = { policy: policy.name, statement: statement.id, effect: statement.effect };
      for (const miss of misses) found.push({ ref, element: miss.element, detail: miss.detail });
    }
  }
  return found.slice(0, LIMIT);
}
