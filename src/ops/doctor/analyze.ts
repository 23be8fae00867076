import {
  buildAccessScript,
  verifyAccess,
  type AccessResult,
  type VerifyResult,
} from '../../verify/index.js';
import { dependsOn } from './depends-on.js';
import { DOCUMENTED_MINIMUM_STEPS } from './documented-minimum.js';
import { atStatements, sortFindings, statementRef, type Finding } from './findings.js';
import { liveModel } from './live-topology.js';
import { RULES } from './rules/index.js';
import { unreadMessage } from './rules/unread.js';
import type { LiveSnapshot } from './snapshot.js';

export interface DoctorReport {
  readonly pipeline: string;
  readonly region: string;
  readonly capturedAt: string;
  readonly accounts: readonly { readonly alias: string; readonly id: string }[];
  /** No error-level finding. */
  readonly ok: boolean;
  readonly counts: { readonly error: number; readonly warning: number; readonly info: number };
  readonly findings: readonly Finding[];
  /**
   * The access script run against the live policies: the rows doctor could evaluate. A row
   * that depends on a document doctor could not read (or that did not parse) is in
   * `unverified` instead, neither passed nor failed.
   */
  readonly verify: VerifyResult;
  readonly unverified: readonly UnverifiedCheck[];
}

/** A check of the access script that depends on what doctor could not read. */
export interface UnverifiedCheck {
  readonly row: AccessResult;
  /** The document it depends on and why it is not verified (`could not read role …: …`). */
  readonly because: string;
}

/**
 * The offline half of doctor: the live snapshot → the same access script verify runs for a
 * generated pipeline (positive and negative rows) → findings, plus the patterns of the
 * manual recipe that rows do not name (managed policies, wildcards, key alias, triggers).
 * Pure: `doctor --snapshot FILE` runs exactly this.
 */
export function analyzeSnapshot(s: LiveSnapshot): DoctorReport {
  const model = liveModel(s);
  const script = buildAccessScript(model.topology);
  const all = verifyAccess(script, model.policies);
  const unverified: UnverifiedCheck[] = [];
  const rows: AccessResult[] = [];
  for (const r of all.rows) {
    const u = dependsOn(r, s.unread, model.packages.steps);
    if (u) unverified.push({ row: r, because: unreadMessage(u) });
    else rows.push(r);
  }
  const passed = rows.filter((r) => r.ok).length;
  const verify: VerifyResult = {
    ok: passed === rows.length,
    rows,
    counts: { total: rows.length, passed, failed: rows.length - passed },
  };

  const findings: Finding[] = [
    // The package-read rule reports the deployed templates' reads, naming what references them.
    ...rowFindings(rows.filter((r) => !r.ok && !model.packages.steps.has(r.step))),
    ...Object.values(RULES).flatMap((rule) => rule(s, model, script)),
  ];
  const sorted = sortFindings(dedupe(findings));
  const count = (sev: Finding['severity']): number =>
    sorted.filter((f) => f.severity === sev).length;
  return {
    pipeline: model.topology.pipelineName,
    region: s.region,
    capturedAt: s.capturedAt,
    accounts: model.topology.accounts,
    ok: count('error') === 0,
    counts: { error: count('error'), warning: count('warning'), info: count('info') },
    findings: sorted,
    verify,
    unverified,
  };
}

/**
 * Failing rows as findings. A positive row that fails is a run-time failure at its step; a
 * negative row that passes its request is access beyond need (an error when an outside
 * account gets in). Rows failing for the same reason merge into one finding.
 */
function rowFindings(failed: readonly AccessResult[]): Finding[] {
  const groups = new Map<string, AccessResult[]>();
  for (const r of failed) {
    const key = `${r.step}|${r.principal}|${r.resource}|${r.expect}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()].map((rows) => {
    const r = rows[0];
    const actions = [...new Set(rows.map((x) => x.action))].join(', ');
    const refs = (xs: readonly { policy: string; statement: string }[]) =>
      xs.map((d) => statementRef(d.policy, d.statement));
    if (r.expect === 'allow') {
      const closest = unique(rows.flatMap((x) => refs(x.closest ?? [])));
      if (DOCUMENTED_MINIMUM_STEPS.has(r.step)) {
        return {
          severity: 'warning',
          category: 'documented',
          step: r.step,
          account: r.resourceAccount || r.principalAccount,
          message: `${r.principal} is not allowed ${actions} on ${r.resource}, which ${r.source} lists in the service role's policy (no known run fails without it)`,
          fix: [...new Set(rows.map((x) => x.reason))].join('; '),
          ...(closest.length > 0 ? { statements: closest } : {}),
        } satisfies Finding;
      }
      return {
        severity: 'error',
        category: 'runtime',
        step: r.step,
        account: r.resourceAccount || r.principalAccount,
        message: `${r.principal} will be denied ${actions} on ${r.resource}`,
        // The reason names the statement to change; `deciding` holds the side that did allow.
        fix: [...new Set(rows.map((x) => x.reason))].join('; '),
        // The statements the fix names: the Deny that matched, or the closest grants.
        ...(closest.length > 0 ? { statements: closest } : {}),
      } satisfies Finding;
    }
    return {
      severity: r.step.startsWith('negative.outsider') ? 'error' : 'warning',
      category: 'broad',
      step: r.step,
      account: r.resourceAccount || r.principalAccount,
      message: `${r.principal} can call ${actions} on ${r.resource}, which it must not`,
      fix: [...new Set(rows.map((x) => x.reason))].join('; '),
      ...atStatements(refs(r.deciding)),
    } satisfies Finding;
  });
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.severity}|${f.step}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function unique<T>(xs: readonly T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const key = JSON.stringify(x);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
