/**
 * `renderReport`: one self-contained HTML file (inline CSS, one small inline script, the
 * diagram as inline SVG; no fonts, images or requests) with the diagram, the access script,
 * the policies and the deploy order. The same input always gives the same bytes.
 */
import { accountIndex, stageGroups } from './accounts.js';
import { buildDiagram, type Diagram } from './diagram-model.js';
import { renderSvg, type SvgExtras } from './diagram-svg.js';
import { EDGE_LABELS, type EdgeKind } from './edge-status.js';
import { esc } from './escape.js';
import { pageScript } from './page-script.js';
import { reportRegions } from './regions.js';
import { PAGE_CSS } from './page-style.js';
import { accessSection } from './section-access.js';
import { deploySection } from './section-deploy.js';
import { findingsSection } from './section-findings.js';
import { policiesSection } from './section-policies.js';
import type { ReportInput } from './types.js';

function card(key: string, value: string, tone: 'ok' | 'bad' | 'none' | '' = ''): string {
  return `<div class="card ${tone}"><div class="k">${esc(key)}</div><div class="v">${esc(value)}</div></div>`;
}

function cards(input: ReportInput, d: Diagram, accounts: number): string {
  const stacks = input.subject.stages.reduce((n, s) => n + s.targets.length, 0);
  const v = input.verify;
  const failedEdges = d.edges.filter((e) => e.status === 'fail').length;
  const passedEdges = d.edges.filter((e) => e.status === 'pass').length;
  const openEdges = d.edges.filter((e) => e.status === 'unverified').length;
  const findings = input.findings ?? [];
  const errors = findings.filter((f) => f.severity === 'error').length;
  return (
    '<div class="cards">' +
    card('Accounts', String(accounts)) +
    card(
      'Targets',
      `${stacks} in ${input.subject.stages.length} stage${input.subject.stages.length === 1 ? '' : 's'}`,
    ) +
    (v
      ? card('Access checks', `${v.counts.passed} / ${v.counts.total} pass`, v.ok ? 'ok' : 'bad')
      : card('Access checks', 'verify not run', 'none')) +
    card(
      'Cross-account edges',
      v
        ? `${passedEdges} ✔${failedEdges ? ` · ${failedEdges} ✘` : ''}${openEdges ? ` · ${openEdges} ?` : ''}`
        : `${d.edges.length} unverified`,
      v ? (failedEdges ? 'bad' : 'ok') : 'none',
    ) +
    card('Policies', String(input.policies?.length ?? 0)) +
    (input.plan ? card('Stacks to deploy', String(input.plan.stacks.length)) : '') +
    (findings.length > 0
      ? card(
          'Findings',
          `${findings.length}${errors ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}`,
          errors ? 'bad' : '',
        )
      : '') +
    '</div>'
  );
}

const KIND_SAMPLES: readonly [EdgeKind, string][] = [
  ['assume-role', ''],
  ['artifact-write', '6 4'],
  ['artifact-read', '6 4'],
  ['event-forwarding', '2 3'],
];

/** Kinds the legend lists only when the diagram has such an edge (workloads: issue 11). */
const OPTIONAL_SAMPLES: readonly [EdgeKind, string][] = [
  ['package-read', '10 3 2 3'],
  ['image-pull', '1 3'],
];

/** Role name -> managed policies, from the policy entries attached to roles. */
function managedByRole(input: ReportInput): SvgExtras {
  const map = new Map<string, string[]>();
  for (const p of input.policies ?? []) {
    const role = /:role\/(?:.*\/)?([^/]+)$/.exec(p.attachedTo)?.[1] ?? p.attachedTo;
    if (!p.managedPolicies?.length) continue;
    const list = map.get(role) ?? [];
    for (const m of p.managedPolicies) if (!list.includes(m)) list.push(m);
    map.set(role, list);
  }
  return { managedPolicies: map };
}

function chipSample(bg: string, stroke: string, tag: string, dash = ''): string {
  return `<svg width="34" height="16" aria-hidden="true"><rect x="1" y="1" width="32" height="14" rx="3" fill="${bg}" stroke="${stroke}" stroke-width="1.5"${dash ? ` stroke-dasharray="${dash}"` : ''}/><rect x="3" y="3" width="10" height="10" rx="2" fill="${tag}"/></svg>`;
}

function legend(d: Diagram): string {
  const line = (dash: string, color: string): string =>
    `<svg width="34" height="10" aria-hidden="true"><line x1="1" y1="5" x2="33" y2="5" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/></svg>`;
  return (
    '<div class="legend">' +
    [...KIND_SAMPLES, ...OPTIONAL_SAMPLES.filter(([k]) => d.edges.some((e) => e.kind === k))]
      .map(([k, dash]) => `<span>${line(dash, '#475467')}${esc(EDGE_LABELS[k])}</span>`)
      .join('') +
    `<span>${line('', '#17b26a')}✔ verified: every request allowed</span>` +
    `<span>${line('', '#d92d20')}✘ a request is denied</span>` +
    `<span>${line('', '#98a2b3')}? not verified</span>` +
    `<span data-legend="user-stack">${chipSample('#fffaeb', '#f79009', '#344054')}your stack (deployed by the pipeline)</span>` +
    `<span data-legend="crossline-stack">${chipSample('#fff', '#d0d5dd', '#98a2b3', '3 2')}crossline's own stack</span>` +
    `<span data-legend="managed">${chipSample('#fff', '#c11574', '#c11574')}role with managed policies (hover for the list)</span>` +
    '<span class="muted">Arrows point from the caller to the account it calls. Click an edge to see its checks.</span>' +
    '</div>'
  );
}

/** The page; `diagram` when the caller already built it (reportFiles also renders it as Mermaid). */
export function renderReport(input: ReportInput, diagram?: Diagram): string {
  const d = diagram ?? buildDiagram(input);
  const accounts = accountIndex(input.subject);
  const groups = stageGroups(input.subject);
  const s = input.subject;
  const live = input.mode === 'live';
  const title = input.title ?? `Pipeline ${s.name}`;
  const lead = live
    ? 'What crossline doctor found in the accounts of this pipeline.'
    : 'Generated by crossline from the config: what will be deployed, and the proof that each cross-account request is allowed and nothing else is.';
  const findings = input.findings ?? [];
  const regions = reportRegions(s);
  const nav = [
    findings.length > 0 ? '<a href="#findings">Findings</a>' : '',
    '<a href="#diagram">Diagram</a>',
    '<a href="#access">Access script</a>',
    '<a href="#policies">Policies</a>',
    '<a href="#deploy">Deploy order</a>',
  ].join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network: nothing may load from anywhere, the inline script and styles only.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(title)} · crossline report</title>`,
    `<style>${PAGE_CSS}</style></head><body>`,
    `<header class="top"><div class="wrap"><div class="eyebrow">crossline · ${live ? 'live pipeline' : 'plan'}</div>`,
    `<h1>${esc(title)}</h1>`,
    `<p class="sub">${esc(`${s.region} · pipeline in ${s.tools.alias} (${s.tools.id}) · source ${s.source.repository}@${s.source.branch} in ${s.source.account.alias}`)}</p>`,
    `<p class="sub">${esc(lead)}</p>`,
    cards(input, d, accounts.size),
    `<nav class="toc">${nav}</nav></div></header>`,
    '<main class="wrap">',
    findingsSection(findings),
    `<section id="diagram"><header><div><h2>Accounts and requests</h2><p class="sub">Each lane is an account (a stage with many target accounts is one lane listing them); the stages run left to right in the tools account.</p></div></header>`,
    `<div class="diagram-scroll">${renderSvg(d, managedByRole(input))}</div>${legend(d)}</section>`,
    accessSection(input.verify, accounts, findings, regions),
    policiesSection(input.policies, accounts, input.mode ?? 'plan', groups),
    deploySection(input.plan, groups),
    '</main>',
    '<footer>crossline report · self-contained: no scripts, fonts or images are loaded from anywhere</footer>',
    `<script>${pageScript(regions.length > 0)}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
