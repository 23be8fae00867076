/**
 * The access script as a table: one row per request, filterable by account, verdict,
 * expectation and text; a click opens the deciding statements, the reason and the source.
 */
import type { AccessResult, VerifyResult } from '../verify/types.js';
import { worstFinding } from './edge-status.js';
import { esc, jsonText, token } from './escape.js';
import type { Finding, SubjectAccount } from './types.js';

/** Sources are cited by number: many rows share one documentation page. */
class Sources {
  readonly list: string[] = [];
  number(source: string): number {
    const i = this.list.indexOf(source);
    return i < 0 ? this.list.push(source) : i + 1;
  }
  html(): string {
    // Links only for http(s) sources; anything else is shown as text.
    const item = (s: string, i: number): string =>
      `<li id="src-${i + 1}">${/^https?:\/\/[^\s"'<>]+$/.test(s) ? `<a href="${esc(s)}" rel="noreferrer noopener">${esc(s)}</a>` : esc(s)}</li>`;
    return `<h3 class="group-title">Sources</h3><ol class="sources">${this.list.map(item).join('')}</ol>`;
  }
}

const alias = (accounts: ReadonlyMap<string, SubjectAccount>, id: string): string =>
  `<i>${esc(accounts.get(id)?.alias ?? id)}</i>`;

/**
 * A row's details travel as data and are built on first expansion (with textContent, so
 * nothing in them is ever parsed as HTML): it keeps a pipeline's page small.
 */
export interface RowDetail {
  /** reason */
  readonly r: string;
  /** deciding: effect, policy, statement, anchor id of the policy card */
  readonly d: readonly (readonly [string, string, string, string])[];
  /** context: key, value */
  readonly c: readonly (readonly [string, string])[];
  /** source: footnote number */
  readonly s: number;
}

function detail(r: AccessResult, sources: Sources): RowDetail {
  return {
    r: r.reason,
    d: r.deciding.map(
      (d) => [d.effect, d.policy, d.statement, `policy-${token(d.policy)}`] as const,
    ),
    c: Object.entries(r.context).map(
      ([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as const,
    ),
    s: sources.number(r.source),
  };
}

function row(
  r: AccessResult,
  i: number,
  accounts: ReadonlyMap<string, SubjectAccount>,
  findings: readonly Finding[],
): string {
  const verdict = r.ok ? 'pass' : 'fail';
  const finding = worstFinding(findings, [r.step]);
  // The page script creates the detail row `c<i>` on first expansion, from `details[i]`.
  const id = `c${i}`;
  const ids =
    r.principalAccount === r.resourceAccount
      ? r.principalAccount
      : `${r.principalAccount} ${r.resourceAccount}`;
  return (
    `<tr class="row ${verdict}" tabindex="0" aria-expanded="false" aria-controls="${id}" data-accounts="${esc(ids)}" data-verdict="${verdict}" data-expect="${esc(r.expect)}"${finding ? ` data-finding="${finding}"` : ''}>` +
    `<td class="tg"></td><td><b class="badge b-${verdict}">${r.ok ? '✔ pass' : '✘ fail'}</b></td><td><code>${esc(r.step)}</code></td>` +
    `<td><b class="badge b-${esc(r.expect)}">${esc(r.expect)}</b></td>` +
    `<td class="arn">${esc(r.principal)}${alias(accounts, r.principalAccount)}</td><td><code>${esc(r.action)}</code></td>` +
    `<td class="arn">${esc(r.resource)}${alias(accounts, r.resourceAccount)}</td><td>${esc(r.decision)}</td></tr>`
  );
}

export function accessSection(
  verify: VerifyResult | undefined,
  accounts: ReadonlyMap<string, SubjectAccount>,
  findings: readonly Finding[],
): string {
  const head = `<header><div><h2>Access script</h2><p class="sub">Every request the running pipeline makes must be allowed, and every request from anyone else must be denied.</p></div>`;
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
  const body = verify.rows.map((r, i) => row(r, i, accounts, findings)).join('');
  const details = verify.rows.map((r) => detail(r, sources));
  return (
    `<section id="access">${head}` +
    `<div class="filters">` +
    `<label>Account<select id="f-account"><option value="">All accounts</option>${options}</select></label>` +
    `<label>Verdict<select id="f-verdict"><option value="">All verdicts</option><option value="pass">Passed</option><option value="fail">Failed</option></select></label>` +
    `<label>Expectation<select id="f-expect"><option value="">Allow and deny</option><option value="allow">Must allow</option><option value="deny">Must deny</option></select></label>` +
    `<label>Search<input type="search" id="f-search" placeholder="step, action, ARN…"></label>` +
    `<button type="button" id="f-reset">Reset</button></div></header>` +
    `<p class="count" id="f-count">Showing ${verify.rows.length} of ${verify.rows.length} checks</p>` +
    `<table class="access"><thead><tr><th></th><th>Verdict</th><th>Step</th><th>Must</th><th>Principal</th><th>Action</th><th>Resource</th><th>Decision</th></tr></thead><tbody>` +
    body +
    `</tbody></table>${sources.html()}` +
    `<script type="application/json" id="access-details">${jsonText(details)}</script></section>`
  );
}
