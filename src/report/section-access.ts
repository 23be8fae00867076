/**
 * The access script as a table: one row per request, filterable by account, verdict,
 * expectation and text; a click opens the deciding statements, the reason and the source.
 */
import type { AccessResult, VerifyResult } from '../verify/types.js';
import { worstFinding } from './edge-status.js';
import { esc, jsonText, token } from './escape.js';
import type { Finding, SubjectAccount } from './types.js';

/** Links only for http(s) sources; anything else is shown as text. */
function sourceHtml(source: string): string {
  return /^https?:\/\/[^\s"'<>]+$/.test(source)
    ? `<a href="${esc(source)}" rel="noreferrer noopener">${esc(source)}</a>`
    : esc(source);
}

function accountTag(accounts: ReadonlyMap<string, SubjectAccount>, id: string): string {
  const a = accounts.get(id);
  return `<span class="acct">${esc(a ? `${a.alias} · ${id}` : id)}</span>`;
}

function deciding(r: AccessResult): string {
  if (r.deciding.length === 0)
    return '<span class="muted">no statement applies (implicit deny)</span>';
  return (
    '<ul class="plain">' +
    r.deciding
      .map(
        (d) =>
          `<li><span class="effect-${esc(d.effect)}">${esc(d.effect)}</span> · <a href="#policy-${esc(token(d.policy))}" class="mono">${esc(d.policy)}</a> · statement <code>${esc(d.statement)}</code></li>`,
      )
      .join('') +
    '</ul>'
  );
}

function row(
  r: AccessResult,
  i: number,
  accounts: ReadonlyMap<string, SubjectAccount>,
  findings: readonly Finding[],
): string {
  const verdict = r.ok ? 'pass' : 'fail';
  const finding = worstFinding(findings, [r.step]);
  const id = `check-${i + 1}`;
  const ids =
    r.principalAccount === r.resourceAccount
      ? r.principalAccount
      : `${r.principalAccount} ${r.resourceAccount}`;
  const context =
    Object.keys(r.context).length === 0
      ? '<span class="muted">none</span>'
      : `<pre class="json">${esc(jsonText(r.context))}</pre>`;
  return (
    `<tr class="row ${verdict}" tabindex="0" aria-expanded="false" aria-controls="${id}" data-accounts="${esc(ids)}" data-verdict="${verdict}" data-expect="${esc(r.expect)}" data-step="${esc(r.step)}"${finding ? ` data-finding="${finding}"` : ''}>` +
    `<td><button class="toggle" type="button" tabindex="-1" aria-label="details">▶</button></td>` +
    `<td><span class="badge b-${verdict}">${r.ok ? '✔ pass' : '✘ fail'}</span></td>` +
    `<td><code>${esc(r.step)}</code></td>` +
    `<td><span class="badge b-${esc(r.expect)}">must ${esc(r.expect)}</span></td>` +
    `<td class="arn">${esc(r.principal)}${accountTag(accounts, r.principalAccount)}</td>` +
    `<td><code>${esc(r.action)}</code></td>` +
    `<td class="arn">${esc(r.resource)}${accountTag(accounts, r.resourceAccount)}</td>` +
    `<td>${esc(r.decision)}</td></tr>` +
    `<tr class="detail" id="${id}" hidden><td colspan="8"><dl class="kv">` +
    `<dt>Reason</dt><dd>${esc(r.reason)}</dd>` +
    `<dt>Deciding</dt><dd>${deciding(r)}</dd>` +
    `<dt>Context</dt><dd>${context}</dd>` +
    `<dt>Source</dt><dd>${sourceHtml(r.source)}</dd>` +
    `</dl></td></tr>`
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
  return (
    `<section id="access">${head}` +
    `<div class="filters">` +
    `<label>Account<select id="f-account"><option value="">All accounts</option>${options}</select></label>` +
    `<label>Verdict<select id="f-verdict"><option value="">All verdicts</option><option value="pass">Passed</option><option value="fail">Failed</option></select></label>` +
    `<label>Expectation<select id="f-expect"><option value="">Allow and deny</option><option value="allow">Must allow</option><option value="deny">Must deny</option></select></label>` +
    `<label>Search<input type="search" id="f-search" placeholder="step, action, ARN…"></label>` +
    `<button type="button" id="f-reset">Reset</button></div></header>` +
    `<p class="count" id="f-count">Showing ${verify.rows.length} of ${verify.rows.length} checks</p>` +
    `<table class="access"><thead><tr><th></th><th>Verdict</th><th>Step</th><th>Expect</th><th>Principal</th><th>Action</th><th>Resource</th><th>Decision</th></tr></thead><tbody>` +
    verify.rows.map((r, i) => row(r, i, accounts, findings)).join('') +
    `</tbody></table></section>`
  );
}
