/**
 * The diagram as SVG markup. Geometry comes from `layoutDiagram`; this file only draws it.
 * Every element a test or a script looks for carries data attributes:
 * - lanes: `data-lane` (kind), `data-accounts` (space-separated account ids);
 * - edges: `data-edge` (kind), `data-from`, `data-to` (space-separated account ids),
 *   `data-status` (pass | fail | unverified), `data-stage` (column title), `data-passed`,
 *   `data-total` (of the verified rows), `data-unverified` (checks not evaluated, when some),
 *   `data-finding` (severity, when a finding concerns the edge).
 */
import type { AccessResult } from '../verify/types.js';
import { esc } from './escape.js';
import type { Diagram, DiagramEdge, DiagramNode } from './diagram-model.js';
import {
  GEOMETRY,
  layoutDiagram,
  type ChipGeom,
  type LaneGeom,
  type Layout,
} from './diagram-layout.js';

export const SANS = `-apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif`;
export const MONO = `ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace`;

const STYLE = `
.dg text{font-family:${SANS};fill:#101828}
.dg .mono{font-family:${MONO}}
.dg .lane-bg{stroke-width:1}
.dg .lane-tools .lane-bg{fill:#eff4ff;stroke:#b2ccff}
.dg .lane-source .lane-bg{fill:#f4f3ff;stroke:#d9d6fe}
.dg .lane-target .lane-bg,.dg .lane-target-group .lane-bg{fill:#f6fef9;stroke:#abefc6}
.dg .lane[data-finding=error] .lane-bg{stroke:#d92d20;stroke-width:2}
.dg .lane[data-finding=warning] .lane-bg{stroke:#f79009;stroke-width:2}
.dg .lane-title{font-size:14px;font-weight:700}
.dg .lane-sub{font-size:11px;fill:#475467}
.dg .lane-note{font-size:11px;fill:#667085}
.dg .gutter-rule{stroke:#d0d5dd;stroke-width:1}
.dg .chip-bg{fill:#fff;stroke:#d0d5dd}
.dg .chip-tag{fill:#475467}
.dg .tag-text{font-size:11px;font-weight:700;fill:#fff;letter-spacing:.02em}
.dg .chip-label{font-size:11.5px}
.dg .node-key .chip-tag{fill:#b54708}
.dg .node-bucket .chip-tag{fill:#067647}
.dg .node-role .chip-tag{fill:#c11574}
.dg .node-pipeline .chip-tag{fill:#1570ef}
.dg .node-project .chip-tag{fill:#0e9384}
.dg .node-rule .chip-tag{fill:#dc6803}
.dg .node-repo .chip-tag{fill:#6941c6}
.dg .node-stack .chip-tag{fill:#98a2b3}
.dg .node-stack .chip-bg{stroke-dasharray:3 2}
.dg .node-user-stack .chip-tag{fill:#344054}
.dg .node-user-stack .chip-bg{fill:#fffaeb;stroke:#f79009;stroke-width:1.5;stroke-dasharray:none}
.dg .node-user-stack .chip-label{font-weight:700}
.dg .node-managed .chip-bg{stroke:#c11574;stroke-width:1.5}
.dg .node-account .chip-tag{fill:#e4e7ec}
.dg .node-account .tag-text{fill:#101828;font-size:11px}
.dg .node-account .chip-label{font-size:11.5px;fill:#344054}
.dg .node-fail .chip-bg{fill:#fef3f2;stroke:#f97066;stroke-width:1.5}
.dg .node-fail .chip-tag{fill:#fecdca}
.dg .stage-bg{fill:#fff;stroke:#2e90fa;stroke-width:1.5}
.dg .stage-title{font-size:13px;font-weight:700}
.dg .stage-detail{font-size:11px;fill:#475467}
.dg .approval-bg{fill:#fef0c7;stroke:#fec84b}
.dg .approval-text{font-size:11px;font-weight:700;fill:#93370d}
.dg .flow-arrow{stroke:#2e90fa;stroke-width:1.5}
.dg .edge line{stroke-width:1.75;fill:none}
.dg .edge.kind-artifact-write line,.dg .edge.kind-artifact-read line{stroke-dasharray:6 4}
.dg .edge.kind-event-forwarding line{stroke-dasharray:2 3}
.dg .status-pass line{stroke:#17b26a}
.dg .status-fail line{stroke:#d92d20}
.dg .status-unverified line{stroke:#98a2b3}
.dg .pill{stroke-width:1}
.dg .status-pass .pill{fill:#ecfdf3;stroke:#75e0a7}
.dg .status-fail .pill{fill:#fef3f2;stroke:#f97066}
.dg .status-unverified .pill{fill:#f9fafb;stroke:#d0d5dd}
.dg .pill-text{font-size:11px;font-weight:600}
.dg .status-pass .pill-text{fill:#067647}
.dg .status-fail .pill-text{fill:#b42318}
.dg .status-unverified .pill-text{fill:#475467}
.dg .edge[data-finding] .pill{stroke-width:2.5}
.dg .edge[data-finding=error] .pill{stroke:#d92d20}
.dg .edge[data-finding=warning] .pill{stroke:#f79009}
.dg .edge{cursor:pointer}
.dg .edge:hover .pill,.dg .edge:focus .pill{stroke-width:2}
`;

/**
 * Line styles of the workload edges, emitted only when the diagram has them: a pipeline
 * without packages or images draws the same bytes as before they existed.
 */
const KIND_STYLES: readonly [DiagramEdge['kind'], string][] = [
  ['package-read', '.dg .edge.kind-package-read line{stroke-dasharray:10 3 2 3}'],
  [
    'image-pull',
    '.dg .edge.kind-image-pull line{stroke-dasharray:1 3;stroke-linecap:round;stroke-width:2.25}',
  ],
];

function style(d: Diagram): string {
  const extra = KIND_STYLES.filter(([k]) => d.edges.some((e) => e.kind === k)).map(
    ([, css]) => css,
  );
  return extra.length === 0 ? STYLE : `${STYLE}${extra.join('\n')}\n`;
}

const ARROWS: readonly [string, string][] = [
  ['pass', '#17b26a'],
  ['fail', '#d92d20'],
  ['unverified', '#98a2b3'],
  ['flow', '#2e90fa'],
];

const attrs = (a: Readonly<Record<string, string | number | undefined>>): string =>
  Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${esc(v)}"`)
    .join('');

/** What the page knows beyond the diagram model. */
export interface SvgExtras {
  /** Role name -> the managed policies attached to it. */
  readonly managedPolicies?: ReadonlyMap<string, readonly string[]>;
}

/** A stack the user's pipeline deploys, as opposed to crossline's own stacks. */
export const isUserStack = (n: DiagramNode): boolean =>
  n.kind === 'stack' && !n.title.startsWith('crossline');

function chip(c: ChipGeom, extras: SvgExtras): string {
  const mono = c.node.kind === 'account' ? ' mono' : '';
  const user = isUserStack(c.node);
  const managed = c.node.kind === 'role' ? extras.managedPolicies?.get(c.node.label) : undefined;
  const note = managed?.length ? `\nmanaged policies: ${managed.join(', ')}` : '';
  return (
    `<g class="node node-${c.node.kind}${user ? ' node-user-stack' : ''}${managed?.length ? ' node-managed' : ''}${c.node.failing ? ' node-fail' : ''}" data-node="${esc(c.node.kind)}"${user ? ' data-owner="user"' : ''}${managed?.length ? ` data-managed="${esc(managed.join(' '))}"` : ''}${c.node.failing ? ' data-status="fail"' : ''}>` +
    `<title>${esc(`${c.node.title}: ${c.node.label}${c.node.failing ? ' — a check fails' : ''}${note}`)}</title>` +
    `<rect class="chip-bg" x="${c.x}" y="${c.y}" width="${c.w}" height="${c.h}" rx="5"/>` +
    `<rect class="chip-tag" x="${c.x + 4}" y="${c.y + 4}" width="${c.tagW}" height="${c.h - 8}" rx="3"/>` +
    `<text class="tag-text" x="${c.x + 4 + c.tagW / 2}" y="${c.y + 15.5}" text-anchor="middle">${esc(c.tag)}</text>` +
    `<text class="chip-label${mono}" x="${c.x + c.tagW + 11}" y="${c.y + 16}">${esc(c.label)}</text></g>`
  );
}

function lane(l: LaneGeom, gutterX: number, extras: SvgExtras): string {
  const ids = l.lane.accounts.map((a) => a.id).join(' ');
  const monoSub = l.lane.kind === 'target-group' ? '' : ' mono';
  return (
    `<g class="lane lane-${l.lane.kind}"${attrs({ 'data-lane': l.lane.kind, 'data-lane-id': l.lane.id, 'data-accounts': ids, 'data-finding': l.lane.finding })}>` +
    `<title>${esc(`${l.lane.title} — ${l.lane.subtitle}`)}</title>` +
    `<rect class="lane-bg" x="${l.x}" y="${l.y}" width="${l.w}" height="${l.h}" rx="10"/>` +
    (l.header
      ? // Compact layout: the header is one line above the chips, placed like a chip.
        `<text class="lane-title" x="${l.header.x}" y="${l.header.y + 17}">${esc(l.title)}</text>` +
        `<text class="lane-sub${monoSub}" x="${l.header.subX}" y="${l.header.y + 16}">${esc(`${l.subtitle} · ${l.note}`)}</text>`
      : `<line class="gutter-rule" x1="${gutterX}" y1="${l.y + 10}" x2="${gutterX}" y2="${l.y + l.h - 10}"/>` +
        `<text class="lane-title" x="${l.x + 14}" y="${l.y + 26}">${esc(l.title)}</text>` +
        `<text class="lane-sub${monoSub}" x="${l.x + 14}" y="${l.y + 44}">${esc(l.subtitle)}</text>` +
        `<text class="lane-note" x="${l.x + 14}" y="${l.y + 61}">${esc(l.note)}</text>`) +
    l.chips.map((c) => chip(c, extras)).join('') +
    `</g>`
  );
}

/** Tooltip of an edge: what it is and the rows that prove it. */
function edgeTitle(e: DiagramEdge): string {
  const list = (ids: readonly string[]): string =>
    ids.length === 1 ? (ids[0] ?? '') : `${ids.length} accounts`;
  const head = `${e.label}: ${list(e.from)} → ${list(e.to)}`;
  const open = e.unverified.length;
  if (e.total === 0 && open === 0) return `${head}\nnot verified: no access-script rows`;
  const rows = e.rows
    .slice(0, 6)
    .map((r: AccessResult) => `${r.ok ? '✔' : '✘'} ${r.step}: ${r.action} — ${r.reason}`);
  const more = e.rows.length > 6 ? [`… ${e.rows.length - 6} more rows`] : [];
  const unknown = e.unverified
    .slice(0, 6)
    .map((r: AccessResult) => `? ${r.step}: ${r.action} — not verified`);
  const moreUnknown = open > 6 ? [`… ${open - 6} more not verified`] : [];
  const summary =
    open === 0
      ? `${e.passed}/${e.total} rows as expected`
      : `${e.passed}/${e.total} verified rows as expected, ${open} not verified (what they depend on was not read)`;
  return [`${head} · ${summary}`, ...rows, ...more, ...unknown, ...moreUnknown].join('\n');
}

function markers(): string {
  return ARROWS.map(
    ([name, color]) =>
      `<marker id="ah-${name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${color}"/></marker>`,
  ).join('');
}

export function svgFromLayout(d: Diagram, layout: Layout, extras: SvgExtras = {}): string {
  const gutterX = layout.lanes[0] ? layout.lanes[0].x + GEOMETRY.gutter - 8 : 0;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="dg" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-labelledby="dg-title">`,
    `<title id="dg-title">${esc(d.title)}: accounts, pipeline stages and cross-account requests</title>`,
    `<style>${style(d)}</style><defs>${markers()}</defs>`,
    `<g class="lanes">${layout.lanes.map((l) => lane(l, gutterX, extras)).join('')}</g>`,
    '<g class="flow">',
  ];
  layout.columns.forEach((c, i) => {
    const b = c.box;
    const approval = c.column.approval
      ? `<rect class="approval-bg" x="${b.x + b.w - 76}" y="${b.y + 8}" width="66" height="20" rx="10"/><text class="approval-text" x="${b.x + b.w - 43}" y="${b.y + 22}" text-anchor="middle">approval</text>`
      : '';
    parts.push(
      `<g class="stage stage-${c.column.kind}"${attrs({ 'data-stage': c.column.title, 'data-column': i, 'data-approval': c.column.approval ? 'true' : undefined })}>` +
        `<rect class="stage-bg" x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8"/>` +
        `<text class="stage-title" x="${b.x + 12}" y="${b.y + 23}">${esc(c.title)}</text>${approval}` +
        c.details
          .map(
            (line, k, all) =>
              `<text class="stage-detail" x="${b.x + 12}" y="${b.y + (all.length > 1 ? 42 + 14 * k : 44)}">${esc(line)}</text>`,
          )
          .join('') +
        `</g>`,
    );
    const next = layout.columns[i + 1];
    if (next) {
      const y = b.y + b.h / 2;
      parts.push(
        `<line class="flow-arrow" x1="${b.x + b.w + 3}" y1="${y}" x2="${next.box.x - 3}" y2="${y}" marker-end="url(#ah-flow)"/>`,
      );
    }
  });
  parts.push('</g><g class="edges">');
  const toolsId = d.lanes.find((l) => l.kind === 'tools')?.accounts[0]?.id;
  for (const g of layout.edges) {
    const e = g.edge;
    // A click on an edge of one account filters the access table to that account.
    const single = e.from.length === 1 && e.to.length === 1;
    const focus = single ? (e.from[0] === toolsId ? e.to[0] : e.from[0]) : undefined;
    parts.push(
      `<g class="edge kind-${e.kind} status-${e.status}" tabindex="0"${attrs({
        'data-edge': e.kind,
        'data-from': e.from.join(' '),
        'data-to': e.to.join(' '),
        'data-status': e.status,
        'data-stage': layout.columns[e.column]?.column.title,
        'data-passed': e.passed,
        'data-total': e.total,
        'data-unverified': e.unverified.length > 0 ? e.unverified.length : undefined,
        'data-finding': e.finding,
        'data-focus': focus,
      })}>` +
        `<title>${esc(edgeTitle(e))}</title>` +
        `<line x1="${g.x}" y1="${g.y1}" x2="${g.x}" y2="${g.y2}" marker-end="url(#ah-${e.status})"/>` +
        `<rect class="pill" x="${g.pill.x}" y="${g.pill.y}" width="${g.pill.w}" height="${g.pill.h}" rx="11"/>` +
        g.lines
          .map(
            (line, k) =>
              `<text class="pill-text" x="${g.pill.x + g.pill.w / 2}" y="${g.pill.y + 15 + 13 * k}" text-anchor="middle">${esc(line)}</text>`,
          )
          .join('') +
        `</g>`,
    );
  }
  parts.push('</g></svg>');
  return parts.join('');
}

export function renderSvg(d: Diagram, extras: SvgExtras = {}): string {
  return svgFromLayout(d, layoutDiagram(d), extras);
}
