/**
 * Live against generated, policy by policy: the statements added and removed (compared in a
 * canonical form, so reordering and `"a"` vs `["a"]` are not differences), and whether the
 * change broadens access. "Broadens" is decided by the iam engine, never by the text:
 *
 *   1. the access script of the plan (docs/design.md §5) evaluated against the generated and
 *      against the live policies: a deny row (negative, least privilege) that the live ones
 *      allow is broadened access; an allow row they deny is a request the pipeline needs;
 *   2. each added Allow statement turned into requests (its principals × actions ×
 *      resources): one the live policies allow and the generated ones do not broadens.
 */
import { parseArn, roleArn } from '../../model/index.js';
import {
  OUTSIDER_ACCOUNT,
  verifyAccess,
  type AccessRow,
  type AccessScript,
  type PolicyInput,
} from '../../verify/index.js';
import { statementsOf, type LivePolicy } from './live-policies.js';

export interface PolicyDrift {
  readonly policy: string;
  readonly kind: PolicyInput['kind'];
  readonly account: string;
  readonly attachedTo: string;
  /** `missing`: the live resource has no such policy; `unread`: it could not be read. */
  readonly state: 'changed' | 'missing' | 'unread';
  readonly added: readonly unknown[];
  readonly removed: readonly unknown[];
  readonly managedAdded: readonly string[];
  readonly managedRemoved: readonly string[];
  readonly unread?: string | undefined;
}

export interface AccessDrift {
  /** A request the live policies allow and the generated ones do not. */
  readonly broadening: readonly ProbeResult[];
  /** A request the pipeline makes that the live policies deny (generated: allowed). */
  readonly breaking: readonly ProbeResult[];
}

/** A request of the access script (or a probe of an added statement) whose decision changed. */
export interface ProbeResult extends Pick<AccessRow, 'step' | 'principal' | 'action' | 'resource'> {
  /** The live statements that allow (or deny) it. */
  readonly deciding: readonly string[];
}

const PROBE_ROLE = 'crossline-drift-probe';
const LISTS = new Set(['Action', 'NotAction', 'Resource', 'NotResource']);

/** A statement as comparable text: keys sorted, lists sorted, one-element shorthand expanded. */
export function canonical(statement: unknown): string {
  const norm = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => norm(x)).sort(byText);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, norm(x, k)]),
      );
    }
    // Inside Principal and Condition every value may be a string or a list: make it a list.
    if (
      typeof v === 'string' &&
      key !== undefined &&
      !LISTS.has(key) &&
      key !== 'Effect' &&
      key !== 'Sid'
    )
      return [v];
    if (typeof v === 'string' && key !== undefined && LISTS.has(key)) return [v];
    return v;
  };
  return JSON.stringify(norm(statement));
}

function byText(a: unknown, b: unknown): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function comparePolicy(
  live: LivePolicy,
  expectedManaged: readonly string[],
): PolicyDrift | undefined {
  const g = live.generated;
  const base = { policy: g.name, kind: g.kind, account: g.account, attachedTo: g.attachedTo };
  if (live.unread !== undefined)
    return {
      ...base,
      state: 'unread',
      added: [],
      removed: [],
      managedAdded: [],
      managedRemoved: [],
      unread: live.unread,
    };
  const want = statementsOf(g.document);
  const have = live.document === null ? [] : statementsOf(live.document);
  const wantKeys = want.map(canonical);
  const haveKeys = have.map(canonical);
  const added = have.filter((_, i) => !wantKeys.includes(haveKeys[i]));
  const removed = want.filter((_, i) => !haveKeys.includes(wantKeys[i]));
  const managed = live.managed ?? [];
  const managedAdded = managed.filter((m) => !expectedManaged.includes(m));
  const managedRemoved =
    live.managed === undefined ? [] : expectedManaged.filter((m) => !managed.includes(m));
  const missing = live.document === null && want.length > 0;
  if (!missing && added.length + removed.length + managedAdded.length + managedRemoved.length === 0)
    return undefined;
  return {
    ...base,
    state: missing ? 'missing' : 'changed',
    added,
    removed,
    managedAdded,
    managedRemoved,
  };
}

/**
 * The engine's verdict on a drift: the script rows whose outcome changes between the
 * generated and the live policies, and the requests the added statements grant.
 */
export function accessDrift(
  script: AccessScript,
  generated: readonly PolicyInput[],
  live: readonly LivePolicy[],
  drifts: readonly PolicyDrift[],
  partition: string,
): AccessDrift {
  const liveSet = liveInputs(generated, live);
  const probes = drifts.flatMap((d) => probesOf(d, live, partition));
  const rows = [...script.rows, ...probes];
  const was = verifyAccess({ ...script, rows }, generated).rows;
  const now = verifyAccess({ ...script, rows }, liveSet).rows;
  const broadening: ProbeResult[] = [];
  const breaking: ProbeResult[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const before = was[i];
    const after = now[i];
    if (before.decision === after.decision) return;
    const key = `${row.principal} ${row.action} ${row.resource} ${row.layer ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    const result = {
      step: row.step,
      principal: row.principal,
      action: row.action,
      resource: row.resource,
      deciding: after.deciding.map((d) => `${d.policy}/${d.statement}`),
    };
    if (after.decision === 'allowed') broadening.push(result);
    else if (row.expect === 'allow') breaking.push(result);
  });
  return { broadening, breaking };
}

/** The generated set with each policy replaced by what was read live (unread: kept as generated). */
function liveInputs(generated: readonly PolicyInput[], live: readonly LivePolicy[]): PolicyInput[] {
  const byName = new Map(live.map((l) => [l.generated.name, l]));
  return generated.flatMap((g) => {
    const l = byName.get(g.name);
    if (l === undefined || l.unread !== undefined) return [g];
    return l.inputs;
  });
}

/** Requests an added Allow statement grants, evaluated by the engine under both policy sets. */
function probesOf(d: PolicyDrift, live: readonly LivePolicy[], partition: string): AccessRow[] {
  const l = live.find((x) => x.generated.name === d.policy);
  const managedStatements = (l?.inputs ?? [])
    .filter((p) =>
      d.managedAdded.some((m) => p.name.endsWith(`/${m.slice(m.lastIndexOf('/') + 1)}`)),
    )
    .flatMap((p) => statementsOf(p.document));
  const rows: AccessRow[] = [];
  for (const s of [...d.added, ...managedStatements] as Record<string, unknown>[]) {
    if (s.Effect !== 'Allow') continue;
    const actions = list(s.Action ?? (s.NotAction === undefined ? [] : ['*']));
    const principals =
      d.kind === 'identity'
        ? [d.attachedTo]
        : principalsOf(s.Principal ?? s.NotPrincipal, partition);
    const resources =
      d.kind === 'identity' || d.kind === 'trust'
        ? d.kind === 'trust'
          ? [d.attachedTo]
          : list(s.Resource ?? '*')
        : list(s.Resource ?? '*').map((r) => (r === '*' ? d.attachedTo : r));
    for (const principal of principals)
      for (const action of actions)
        for (const resource of resources) {
          const principalAccount = parseArn(principal)?.account ?? '';
          const resourceAccount = parseArn(resource)?.account || d.account;
          rows.push({
            step: `drift.${d.policy}`,
            expect: 'deny',
            principal,
            action,
            resource,
            principalAccount,
            resourceAccount,
            context: { 'aws:SecureTransport': true },
            source:
              'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html',
            ...(d.kind === 'identity'
              ? {}
              : { resourcePolicy: { kind: d.kind, arn: d.attachedTo } }),
          });
        }
  }
  return rows;
}

function list(v: unknown): string[] {
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** A role for each principal a resource statement names: an account (root or id) stands for any role in it. */
function principalsOf(p: unknown, partition: string): string[] {
  const values =
    p === '*'
      ? ['*']
      : p !== null && typeof p === 'object'
        ? list((p as Record<string, unknown>).AWS)
        : [];
  return values.map((v) => {
    if (v === '*') return roleArn(partition, OUTSIDER_ACCOUNT, PROBE_ROLE);
    if (/^\d{12}$/.test(v)) return roleArn(partition, v, PROBE_ROLE);
    const a = parseArn(v);
    if (a && a.resource === 'root') return roleArn(partition, a.account, PROBE_ROLE);
    return v;
  });
}
