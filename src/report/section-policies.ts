/**
 * Every generated policy, readable: one card per document (collapsed), one table row per
 * statement with the reason it exists, and the exact JSON underneath.
 */
import type { PolicyEntry, PolicyStatement } from '../synth/types.js';
import { esc, escBreak, escLinks, jsonText, token } from './escape.js';
import type { StageGroup } from './accounts.js';
import type { SubjectAccount } from './types.js';

const KIND_LABELS: Readonly<Record<string, string>> = {
  key: 'key policy',
  bucket: 'bucket policy',
  bus: 'event bus policy',
  topic: 'topic policy',
  trust: 'trust policy',
  identity: 'permissions',
};

const lines = (items: readonly string[]): string =>
  items.map((i) => `<div class="mono">${escBreak(i)}</div>`).join('');
const asList = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.map(String)
    : v === undefined
      ? []
      : [typeof v === 'string' ? v : JSON.stringify(v)];

function principal(s: PolicyStatement): string {
  const render = (p: unknown, negate: boolean): string => {
    const prefix = negate ? 'everyone but ' : '';
    if (p === '*') return `<div>${prefix}anyone <code>*</code></div>`;
    if (p && typeof p === 'object' && !Array.isArray(p)) {
      return Object.entries(p as Record<string, unknown>)
        .map(([k, v]) => `<div class="muted">${esc(prefix + k)}</div>${lines(asList(v))}`)
        .join('');
    }
    return lines(asList(p));
  };
  if (s.Principal !== undefined) return render(s.Principal, false);
  if (s.NotPrincipal !== undefined) return render(s.NotPrincipal, true);
  return '<span class="muted">the role it is attached to</span>';
}

function listOrNot(
  value: string | readonly string[] | undefined,
  not: string | readonly string[] | undefined,
): string {
  if (value !== undefined) return lines(asList(value));
  if (not !== undefined) return `<div class="muted">all except</div>${lines(asList(not))}`;
  return '<span class="muted">—</span>';
}

function condition(s: PolicyStatement): string {
  if (!s.Condition) return '<span class="muted">—</span>';
  return Object.entries(s.Condition)
    .flatMap(([op, keys]) =>
      Object.entries(keys).map(
        ([key, v]) =>
          `<div><span class="muted">${esc(op)}</span> <code>${esc(key)}</code> = ${asList(v)
            .map((x) => `<code>${esc(x)}</code>`)
            .join(', ')}</div>`,
      ),
    )
    .join('');
}

function statementRow(
  s: PolicyStatement,
  i: number,
  reasons: Readonly<Record<string, string>>,
): string {
  const sid = s.Sid ?? `#${i}`;
  const reason = reasons[sid] ?? (s.Sid === undefined ? undefined : reasons[`#${i}`]);
  return (
    `<tr data-sid="${esc(sid)}"><td><code>${esc(sid)}</code></td><td class="effect-${esc(s.Effect)}">${esc(s.Effect)}</td>` +
    `<td>${principal(s)}</td><td>${listOrNot(s.Action, s.NotAction)}</td><td>${listOrNot(s.Resource, s.NotResource)}</td>` +
    `<td>${condition(s)}</td><td class="reason">${reason === undefined ? '<span class="muted">no reason recorded</span>' : escLinks(reason)}</td></tr>`
  );
}

function card(p: PolicyEntry, accounts: ReadonlyMap<string, SubjectAccount>): string {
  const account = accounts.get(p.account);
  const n = p.document.Statement.length;
  const managed = p.managedPolicies?.length
    ? `<dt>Managed policies</dt><dd>${lines(p.managedPolicies)}</dd>`
    : '';
  return (
    `<details class="policy" id="policy-${esc(token(p.name))}" data-policy="${esc(p.name)}" data-kind="${esc(p.kind)}">` +
    `<summary><span class="name">${esc(p.name)}</span><span class="badge b-kind">${esc(KIND_LABELS[p.kind] ?? p.kind)}</span>` +
    `<span class="muted">${esc(account ? `${account.alias} · ${p.account}` : p.account)} · ${n} statement${n === 1 ? '' : 's'}</span>` +
    (p.managedPolicies?.length
      ? `<span class="badge b-warning">managed: ${esc(p.managedPolicies.map((m) => m.split('/').pop() ?? m).join(', '))}</span>`
      : '') +
    `</summary>` +
    `<div class="body"><dl class="kv"><dt>Attached to</dt><dd class="mono">${escBreak(p.attachedTo)}</dd>${managed}</dl>` +
    `<table class="stmts"><thead><tr><th>Sid</th><th>Effect</th><th>Principal</th><th>Action</th><th>Resource</th><th>Condition</th><th>Why</th></tr></thead><tbody>` +
    p.document.Statement.map((s, i) => statementRow(s, i, p.reasons)).join('') +
    `</tbody></table>` +
    `<details class="raw" data-doc="${esc(p.name)}"><summary>JSON</summary><pre class="json"></pre></details>` +
    `</div></details>`
  );
}

export function policiesSection(
  policies: readonly PolicyEntry[] | undefined,
  accounts: ReadonlyMap<string, SubjectAccount>,
  mode: 'plan' | 'live' = 'plan',
  stageGroups: readonly StageGroup[] = [],
  proven: ReadonlySet<string> = new Set(),
): string {
  const sub =
    mode === 'live'
      ? 'Every policy read from the live accounts, each statement with the checks it decides.'
      : 'Every policy document crossline generates, each statement with the request that needs it.';
  const head = `<header><div><h2>Policies</h2><p class="sub">${sub}</p></div>`;
  if (!policies || policies.length === 0) {
    return `<section id="policies">${head}</header><p class="notice">No policy documents in this report.</p></section>`;
  }
  // Group by account, in lane order; accounts the subject does not know come last.
  const order = new Map([...accounts.keys()].map((id, i) => [id, i]));
  const rank = (id: string): number => order.get(id) ?? order.size;
  const groups = [...new Set(policies.map((p) => p.account))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
  const accountCards = (id: string): string => {
    // Accounts verify proved equal to a checked one but for their id: their documents are
    // those of the checked accounts with the id put in, so they are named, not repeated.
    if (proven.has(id)) return '';
    const a = accounts.get(id);
    return (
      `<div class="group-title">${esc(a ? `${a.alias} · ${id}` : id)}</div>` +
      policies
        .filter((p) => p.account === id)
        .map((p) => card(p, accounts))
        .join('')
    );
  };
  // The accounts of a stage drawn as one lane are folded into one closed group.
  const listed = new Set(groups);
  const folded = new Map<string, StageGroup>();
  for (const g of stageGroups) for (const id of g.ids) folded.set(id, g);
  const body = groups
    .map((id) => {
      const g = folded.get(id);
      if (!g) return accountCards(id);
      if (g.ids[0] !== id) return '';
      const ids = g.ids.filter((x) => listed.has(x));
      const inGroup = new Set(ids);
      const docs = policies.filter((p) => inGroup.has(p.account)).length;
      const same = ids.filter((x) => proven.has(x));
      const note =
        same.length === 0
          ? ''
          : `<p class="sub">${same.length} more accounts have these documents but for their account id (verify compared them; see the access script): ${esc(same.join(' '))}</p>`;
      return (
        `<details class="account-group" data-stage="${esc(g.stage)}" data-accounts="${esc(ids.join(' '))}">` +
        `<summary><span class="name">${esc(g.stage)}</span><span class="muted">${ids.length} target accounts · ${docs} documents, the same in each account</span></summary>` +
        ids.map(accountCards).join('') +
        note +
        `</details>`
      );
    })
    .join('');
  return (
    `<section id="policies">${head}<button type="button" id="policies-toggle">Expand all</button></header>` +
    body +
    // The exact documents, shown on demand by the page script (textContent, never parsed as HTML).
    `<script type="application/json" id="policy-docs">${jsonText(Object.fromEntries(policies.filter((p) => !proven.has(p.account)).map((p) => [p.name, p.document])))}</script>` +
    `</section>`
  );
}
