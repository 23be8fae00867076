import {
  evaluate,
  type ContextValue,
  type Decision,
  type Organization,
  type PolicySet,
  type StatementRef,
} from '../iam/index.js';
import { isArn } from '../model/arns.js';
import { PolicyIndex } from './policy-index.js';
import { knownRequests, reasonFor, type KnownRequests } from './reason.js';
import type {
  AccessResult,
  AccessRow,
  AccessScript,
  DecidingStatement,
  PolicyInput,
  VerifyResult,
} from './types.js';

/**
 * Evaluates every row of the script against the policies (generated or live) plus the
 * script's assumed worst-case principals. A row passes when the decision matches its
 * expectation; a failing row's reason says what to change.
 */
export function verifyAccess(script: AccessScript, policies: readonly PolicyInput[]): VerifyResult {
  const index = new PolicyIndex([...policies, ...script.assumed]);
  const known = knownRequests(script.rows);
  const rows = script.rows.map((row) => verifyRow(row, index, known, script.organization));
  const failed = rows.filter((r) => !r.ok).length;
  return {
    ok: failed === 0,
    rows,
    counts: { total: rows.length, passed: rows.length - failed, failed },
    accounts: script.accounts,
  };
}

function verifyRow(
  row: AccessRow,
  index: PolicyIndex,
  known: KnownRequests,
  organization?: Organization,
): AccessResult {
  const found = index.forRow(row);
  if (found.kind === 'missing') {
    const ok = row.expect === 'deny';
    return {
      ...row,
      decision: 'denied',
      ok,
      deciding: [],
      reason: ok ? `denied: ${found.what}` : `${found.what}: deploy or name it`,
    };
  }
  const decision: Decision = evaluate(
    {
      principal: row.principal,
      ...(row.principalAccount ? { principalAccount: row.principalAccount } : {}),
      action: row.action,
      resource: row.resource,
      // An identity-layer row asks the identity policies alone: as if the resource were local.
      ...(row.layer === 'identity' && row.principalAccount
        ? { resourceAccount: row.principalAccount }
        : row.resourceAccount
          ? { resourceAccount: row.resourceAccount }
          : {}),
      context: row.context as Readonly<Record<string, ContextValue>>,
      ...(organization === undefined ? {} : { organization }),
    },
    found.set,
  );
  const ok = decision.allowed === (row.expect === 'allow');
  return {
    ...row,
    decision: decision.allowed ? 'allowed' : 'denied',
    ok,
    deciding: decision.deciding.map((d) => ({
      policy: d.policy,
      statement: d.statement,
      effect: d.effect,
    })),
    reason: reasonFor(row, decision, found.set, known),
    ...(ok || row.expect !== 'allow' ? {} : { closest: closest(row, decision, found.set) }),
  };
}

/**
 * The statements the reason of a failing allow row names (reason.ts): the Deny that matched,
 * or the closest statement of each side that falls short.
 */
function closest(row: AccessRow, d: Decision, set: PolicySet): DecidingStatement[] {
  if (d.outcome === 'explicit-deny') return d.deciding.map(deciding);
  const out: DecidingStatement[] = [];
  const rp = d.nearMisses.find((m) => m.ref.policy === set.resource?.policy.name);
  if (row.resourcePolicy !== undefined && !d.resourceAllows && rp) out.push(deciding(rp.ref));
  const names = set.identity.map((p) => p.name);
  const id = d.nearMisses.find((m) => names.includes(m.ref.policy));
  if (isArn(row.principal) && !d.identityAllows && id) out.push(deciding(id.ref));
  return out;
}

function deciding(r: StatementRef): DecidingStatement {
  return { policy: r.policy, statement: r.statement, effect: r.effect };
}
