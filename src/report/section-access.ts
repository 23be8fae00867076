/**
 * The access script as a table: one row per request, filterable by account, verdict,
 * expectation and text; a click opens the deciding statements, the reason and the source.
 *
 * The rows travel as compact JSON (every string once, in a table, rows as index arrays) and
 * the page script builds them on load with textContent only: a 50-target script has 2,356
 * rows, and per-row HTML made its page 2.4 MB and cost `plan` a tenth of a second to render.
 */
import { sampledLines } from '../verify/sampled-lines.js';
import type { AccessResult, VerifyResult } from '../verify/types.js';
import { worstFinding } from './edge-status.js';
import { esc, jsonText, token } from './escape.js';
import { rowRegion } from './regions.js';
import type { Finding, SubjectAccount } from './types.js';

/** Every string of the table once; rows refer to them by index. */
class Strings {
  private readonly index = new Map<string, number>();
  readonly list: string[] = [];
  of(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.list.push(value) - 1;
      this.index.set(value, i);
    }
    return i;
  }
}

/** Sources are cited by number (from 1): many rows share one documentation page. */
class Sources extends Strings {
  number(source: string): number {
    return this.of(source) + 1;
  }
  html(): string {
    // Links only for http(s) sources; anything else is shown as text.
    const item = (s: string, i: number): string =>
      `<li id="src-${i + 1}">${/^https?:\/\/[^\s"'<>]+$/.test(s) ? `<a href="${esc(s)}" rel="noreferrer noopener">${esc(s)}</a>` : esc(s)}</li>`;
    // Folded: each row's details already quote its source, and the list is a screen long.
    return `<details class="sources" id="sources"><summary>Sources (${this.list.length})</summary><ol class="sources">${this.list.map(item).join('')}</ol></details>`;
  }
}

/**
 * One row of the table, every string an index into {@link AccessData.s}. The order is the
 * page script's contract (src/report/page-script.ts reads it by position).
 */
export type AccessRow = readonly [
  ok: 0 | 1,
  step: number,
  expect: number,
  principal: number,
  principalAccount: number,
  action: number,
  resource: number,
  resourceAccount: number,
  decision: number,
  /** Severity of the worst finding about the row's step, or -1. */
  finding: number,
  reason: number,
  /** Footnote number of the source. */
  source: number,
  /** Deciding statements, four indices each: effect, policy, statement, anchor of the policy card. */
  deciding: readonly number[],
  /** Context keys and values, two indices each. */
  context: readonly number[],
];

/** The `access-data` block of the page. */
export interface AccessData {
  /** Strings. */
  readonly s: readonly string[];
  /** Account id index -> alias index, for the account names shown under each ARN. */
  readonly a: Readonly<Record<number, number>>;
  readonly rows: readonly AccessRow[];
  /**
   * Targets in several regions only: the region each row acts in (a string index), or -1
   * for a global request (IAM, STS). The table groups and filters rows by it.
   */
  readonly g?: readonly number[];
}

/** The access script as the page's compact data block. */
export function accessData(
  verify: VerifyResult,
  accounts: ReadonlyMap<string, SubjectAccount>,
  findings: readonly Finding[],
  /** Footnote number of a source (the page lists the sources once). */
  cite: (source: string) => number,
  /** The pipeline's regions when there are several (report/regions.ts), else []. */
  regions: readonly string[] = [],
): AccessData {
  const s = new Strings();
  const aliases: Record<number, number> = {};
  const account = (id: string): number => {
    const i = s.of(id);
    if (aliases[i] === undefined) aliases[i] = s.of(accounts.get(id)?.alias ?? id);
    return i;
  };
  const row = (r: AccessResult): AccessRow => {
    const finding = findings.length > 0 ? worstFinding(findings, [r.step]) : undefined;
    const deciding: number[] = [];
    for (const d of r.deciding)
      deciding.push(
        s.of(d.effect),
        s.of(d.policy),
        s.of(d.statement),
        s.of(`policy-${token(d.policy)}`),
      );
    const context: number[] = [];
    for (const [k, v] of Object.entries(r.context))
      context.push(s.of(k), s.of(typeof v === 'string' ? v : JSON.stringify(v)));
    return [
      r.ok ? 1 : 0,
      s.of(r.step),
      s.of(r.expect),
      s.of(r.principal),
      account(r.principalAccount),
      s.of(r.action),
      s.of(r.resource),
      account(r.resourceAccount),
      s.of(r.decision),
      finding === undefined ? -1 : s.of(finding),
      s.of(r.reason),
      cite(r.source),
      deciding,
      context,
    ];
  };
  const rows = verify.rows.map(row);
  if (regions.length === 0) return { s: s.list, a: aliases, rows };
  const g = verify.rows.map((r) => {
    const region = rowRegion(r, regions);
    return region === undefined ? -1 : s.of(region);
  });
  return { s: s.list, a: aliases, rows, g };
}

export function accessSection(
  verify: VerifyResult | undefined,
  accounts: ReadonlyMap<string, SubjectAccount>,
  findings: readonly Finding[],
  regions: readonly string[] = [],
): string {
  const sampled = sampledLines(verify ?? {})
    .map((l) => `<p class="sub">${esc(l.charAt(0).toUpperCase() + l.slice(1))}.</p>`)
    .join('');
  const head = `<header><div><h2>Access script</h2><p class="sub">Every request the running pipeline makes must be allowed, and every request from anyone else must be denied.</p>${sampled}</div>`;
  if (!verify) {
    return `<section id="access">${head}</header><p class="notice">Verify has not run for this report, so no request is proven yet: every edge of the diagram is marked “?”. Run <code>crossline verify</code> or <code>crossline plan</code> to fill this table.</p></section>`;
  }
  const used = new Set(verify.rows.flatMap((r) => [r.principalAccount, r.resourceAccount]));
  const known = [...accounts.values()].filter((a) => used.has(a.id));
  const unknown = [...used].filter((id) => !accounts.has(id)).sort();
  const options = [
    ...known.map((a) => `<option value="${esc(a.id)}">${esc(`${a.alias} (${a.id})`)}</option>`),
    ...unknown.map((id) => `<option value="${esc(id)}">${esc(id)}</option>`),
  ].join('');
  const sources = new Sources();
  const data = accessData(verify, accounts, findings, (x) => sources.number(x), regions);
  const regionFilter =
    regions.length === 0
      ? ''
      : `<label>Region<select id="f-region"><option value="">All regions</option>${regions.map((r) => `<option value="${esc(r)}">${esc(r)}</option>`).join('')}<option value="global">global (IAM, STS)</option></select></label>`;
  return (
    `<section id="access">${head}` +
    `<div class="filters">` +
    `<label>Account<select id="f-account"><option value="">All accounts</option>${options}</select></label>` +
    regionFilter +
    `<label>Verdict<select id="f-verdict"><option value="">All verdicts</option><option value="pass">Passed</option><option value="fail">Failed</option></select></label>` +
    `<label>Expectation<select id="f-expect"><option value="">Allow and deny</option><option value="allow">Must allow</option><option value="deny">Must deny</option></select></label>` +
    `<label>Search<input type="search" id="f-search" placeholder="step, action, ARN…"></label>` +
    `<button type="button" id="f-reset">Reset</button></div></header>` +
    `<p class="count" id="f-count">Showing ${verify.rows.length} of ${verify.rows.length} checks</p>` +
    `<noscript><p class="notice">The table of ${verify.rows.length} checks is built by the page's inline script; verify.json beside this page holds the same rows.</p></noscript>` +
    `<table class="access"><thead><tr><th></th><th>Verdict</th><th>Step</th><th>Must</th><th>Principal</th><th>Action</th><th>Resource</th><th>Decision</th></tr></thead><tbody id="access-rows"></tbody></table>` +
    sources.html() +
    `<script type="application/json" id="access-data">${jsonText(data)}</script></section>`
  );
}
