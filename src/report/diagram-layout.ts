/**
 * Deterministic geometry for the diagram. Lanes are stacked top to bottom (source, tools,
 * then targets in stage order); the pipeline's columns run left to right inside the tools
 * lane. Every edge runs vertically between a stage box and its lane, in an x range of its
 * own ("corridor"), and the lanes it passes through keep that range free, so no label ever
 * sits on a line or on another label:
 *
 *   ┌ source ─ repo  role  rule ──────────────────────────────┐
 *   │            ▲ ▼ ▼   (corridors of column Source)          │
 *   ├ tools ─ chips (never in a corridor) ────────────────────┤
 *   │        [Source] → [Build] → [staging] → [prod]          │
 *   │                                ▼ ▲         ▼ ▲          │
 *   ├ staging ─ chips, left of prod's corridor ───┼─┼─────────┤
 *   ├ prod ─ chips ───────────────────────────────────────────┤
 */
import type { Column, Diagram, DiagramEdge, DiagramNode, Lane } from './diagram-model.js';
import { fit, textWidth } from './text-width.js';
import {
  COMPACT,
  detailLines,
  laneHeader,
  linesWidth,
  pillHeight,
  pillLines,
  pillText,
  WIDE,
  type Mode,
} from './diagram/compact.js';

export { pillText };

export const GEOMETRY = {
  margin: 16,
  gutter: 150,
  lanePad: 12,
  chipH: 24,
  chipGap: 8,
  rowGap: 8,
  chipLabelMax: 300,
  stageH: 58,
  colGap: 20,
  pillH: 22,
  pillGap: 6,
  bundleGap: 10,
  edgeGap: 46,
  plainGap: 14,
  minWidth: 900,
  headerLines: 62,
  /**
   * The widest viewBox drawn at full size in a 1024 px window (the diagram's box is 928 px
   * there): a wider layout is redone compact, since scaling it down shrinks its 11 px labels.
   */
  fitWidth: 920,
} as const;
const G = GEOMETRY;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface ChipGeom extends Box {
  readonly node: DiagramNode;
  readonly tag: string;
  readonly tagW: number;
  readonly label: string;
}

export interface LaneGeom extends Box {
  readonly lane: Lane;
  readonly title: string;
  readonly subtitle: string;
  readonly note: string;
  readonly chips: readonly ChipGeom[];
  /** Compact layout: title and `subtitle · note` on one line above the chips, at x, y (top). */
  readonly header?: { readonly x: number; readonly y: number; readonly subX: number };
}

export interface ColumnGeom {
  readonly column: Column;
  /** The stage box in the tools lane. */
  readonly box: Box;
  readonly title: string;
  readonly detail: string;
  /** The detail as drawn: one line, or two in the compact layout. */
  readonly details: readonly string[];
}

export interface EdgeGeom {
  readonly edge: DiagramEdge;
  readonly x: number;
  /** Start and end of the line, in the request's direction (caller → called). */
  readonly y1: number;
  readonly y2: number;
  readonly pill: Box;
  readonly text: string;
  /** The text as drawn: one line, or two (`✔ assume` over `10/10`) in the compact layout. */
  readonly lines: readonly string[];
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly lanes: readonly LaneGeom[];
  readonly columns: readonly ColumnGeom[];
  readonly edges: readonly EdgeGeom[];
}

interface Sized {
  readonly node: DiagramNode | undefined;
  readonly w: number;
  /** The compact lane header, placed like a chip (never in a corridor). */
  readonly header?: true;
}

function chipSize(n: DiagramNode): { w: number; tag: string; tagW: number; label: string } {
  const account = n.kind === 'account';
  const tag = fit(n.tag, 11, 120, 'bold');
  const tagW = textWidth(tag, 11, 'bold') + (account ? 8 : 10);
  const label = fit(n.label, 11.5, G.chipLabelMax, account ? 'mono' : 'sans');
  const labelW = textWidth(label, 11.5, account ? 'mono' : 'sans');
  return { w: tagW + labelW + 18, tag, tagW, label };
}

/**
 * Places items left to right from x0, wrapping at x1, never inside a blocked range.
 * Returns the x and row of each item; an item with no node is a line break.
 */
function flow(
  items: readonly Sized[],
  x0: number,
  x1: number,
  blocked: readonly (readonly [number, number])[],
): { x: number; row: number }[] {
  const out: { x: number; row: number }[] = [];
  let x = x0;
  let row = 0;
  for (const item of items) {
    if (!item.node && item.header !== true) {
      if (x > x0) {
        row++;
        x = x0;
      }
      out.push({ x, row });
      continue;
    }
    let wraps = 0;
    for (;;) {
      const clash = blocked.find(([a, b]) => x < b + 8 && x + item.w > a - 8);
      if (clash) {
        x = clash[1] + 8;
        continue;
      }
      if (x + item.w > x1 && x > x0) {
        row++;
        x = x0;
        wraps++;
        if (wraps < 3) continue;
      }
      break;
    }
    out.push({ x, row });
    x += item.w + G.chipGap;
  }
  return out;
}

export function layoutDiagram(d: Diagram): Layout {
  const wide = layoutWith(d, WIDE);
  return wide.width <= G.fitWidth ? wide : layoutWith(d, COMPACT);
}

function layoutWith(d: Diagram, mode: Mode): Layout {
  const toolsIndex = d.lanes.findIndex((l) => l.kind === 'tools');
  const laneIndex = new Map(d.lanes.map((l, i) => [l.id, i]));

  // 1. Columns: wide enough for the stage box text and for the corridors of their edges.
  type Bundle = { lane: string; edges: DiagramEdge[]; w: number };
  const bundlesByColumn = d.columns.map((_, c) => {
    const bundles: Bundle[] = [];
    for (const e of d.edges.filter((x) => x.column === c)) {
      let b = bundles.find((x) => x.lane === e.lane);
      if (!b) bundles.push((b = { lane: e.lane, edges: [], w: 0 }));
      b.edges.push(e);
    }
    for (const b of bundles)
      b.w =
        b.edges.reduce((s, e) => s + linesWidth(pillLines(e, mode)), 0) +
        G.pillGap * (b.edges.length - 1);
    // Lanes above tools first, then the lanes below in order: corridors never cross.
    return bundles.sort((a, b) => (laneIndex.get(a.lane) ?? 0) - (laneIndex.get(b.lane) ?? 0));
  });
  const colInner = d.columns.map((col, c) => {
    const title =
      textWidth(col.title, 13, 'bold') +
      (col.approval ? textWidth('approval', 11, 'bold') + 24 : 0);
    const detail = Math.min(
      Math.max(...detailLines(col.detail, mode).map((l) => textWidth(l, 11, 'sans'))),
      220,
    );
    const bundles = bundlesByColumn[c] ?? [];
    const corridors =
      bundles.reduce((s, b) => s + b.w, 0) + G.bundleGap * Math.max(0, bundles.length - 1);
    return Math.max(120, title + 24, detail + 24, corridors + 12);
  });
  const flowX0 = G.margin + mode.gutter;
  const flowWidth = colInner.reduce((s, w) => s + w, 0) + mode.colGap * (colInner.length - 1);
  const width = Math.max(G.minWidth, flowX0 + flowWidth + G.lanePad + G.margin);
  const colX: number[] = [];
  colInner.reduce((x, w, i) => {
    colX[i] = x;
    return x + w + mode.colGap;
  }, flowX0);

  // 2. Corridors: one x range per bundle, each edge at the centre of its pill.
  const edgeX = new Map<string, { x: number; pill: number }>();
  const corridors: { lane: string; range: [number, number] }[] = [];
  bundlesByColumn.forEach((bundles, c) => {
    const total =
      bundles.reduce((s, b) => s + b.w, 0) + G.bundleGap * Math.max(0, bundles.length - 1);
    let x = (colX[c] ?? 0) + ((colInner[c] ?? 0) - total) / 2;
    for (const b of bundles) {
      corridors.push({ lane: b.lane, range: [x, x + b.w] });
      let px = x;
      for (const e of b.edges) {
        const w = linesWidth(pillLines(e, mode));
        edgeX.set(e.id, { x: Math.round(px + w / 2), pill: Math.round(px) });
        px += w + G.pillGap;
      }
      x += b.w + G.bundleGap;
    }
  });

  // 3. Lanes: chips flow around the corridors that pass through them.
  const contentX0 = flowX0;
  const contentX1 = width - G.margin - G.lanePad;
  const passesThrough = (laneI: number, target: string): boolean => {
    const t = laneIndex.get(target) ?? 0;
    if (t > toolsIndex) return laneI > toolsIndex && laneI < t;
    // Edges to a lane above tools start at the stage boxes and cross the tools chips.
    return laneI === toolsIndex || (laneI > t && laneI < toolsIndex);
  };
  let y = G.margin;
  const lanes: LaneGeom[] = [];
  const laneTop = new Map<string, number>();
  const laneBottom = new Map<string, number>();
  let stageBoxY = 0;
  d.lanes.forEach((lane, i) => {
    const hasEdges = d.edges.some((e) => e.lane === lane.id);
    if (i > 0)
      y +=
        i > toolsIndex && hasEdges
          ? G.edgeGap
          : i === toolsIndex && d.lanes[0]?.kind === 'source'
            ? G.edgeGap
            : G.plainGap;
    const blocked = corridors.filter((c) => passesThrough(i, c.lane)).map((c) => c.range);
    const sized: Sized[] = [];
    const head = mode.compact ? laneHeader(lane) : undefined;
    if (head) sized.push({ node: undefined, w: head.w, header: true }, { node: undefined, w: 0 });
    const chipInfo = new Map<DiagramNode, ReturnType<typeof chipSize>>();
    let first = true;
    for (const n of lane.nodes) {
      if (n.kind === 'account' && first) {
        sized.push({ node: undefined, w: 0 });
        first = false;
      }
      const c = chipSize(n);
      chipInfo.set(n, c);
      sized.push({ node: n, w: c.w });
    }
    const places = flow(sized, contentX0, contentX1, blocked);
    const rows =
      places.length === 0
        ? 0
        : Math.max(...places.map((p, k) => (sized[k]?.node || sized[k]?.header ? p.row : -1))) + 1;
    const chipsH = rows * G.chipH + Math.max(0, rows - 1) * G.rowGap;
    const top = y;
    const chipsY = top + G.lanePad;
    const chips: ChipGeom[] = [];
    places.forEach((p, k) => {
      const n = sized[k]?.node;
      const info = n ? chipInfo.get(n) : undefined;
      if (!n || !info) return;
      chips.push({
        node: n,
        x: p.x,
        y: chipsY + p.row * (G.chipH + G.rowGap),
        w: info.w,
        h: G.chipH,
        tag: info.tag,
        tagW: info.tagW,
        label: info.label,
      });
    });
    let h = (head ? chipsH : Math.max(G.headerLines, chipsH)) + 2 * G.lanePad;
    if (lane.kind === 'tools') {
      stageBoxY = top + G.lanePad + (chipsH > 0 ? chipsH + 18 : 0);
      h = Math.max(h, stageBoxY - top + mode.stageH + G.lanePad);
    }
    const textMax = head ? G.chipLabelMax * 2 : G.gutter - 24;
    const at = places[0];
    lanes.push({
      lane,
      x: G.margin,
      y: top,
      w: width - 2 * G.margin,
      h,
      title: fit(lane.title, 14, textMax, 'bold'),
      subtitle: fit(lane.subtitle, 11, textMax, lane.kind === 'target-group' ? 'sans' : 'mono'),
      note: fit(lane.note, 11, textMax, 'sans'),
      chips,
      ...(head && at
        ? {
            header: {
              x: at.x,
              y: chipsY + at.row * (G.chipH + G.rowGap),
              subX: at.x + head.titleW + 8,
            },
          }
        : {}),
    });
    laneTop.set(lane.id, top);
    laneBottom.set(lane.id, top + h);
    y = top + h;
  });
  const height = y + G.margin;

  // 4. Stage boxes and edge lines.
  const columns: ColumnGeom[] = d.columns.map((column, c) => ({
    column,
    box: { x: colX[c] ?? 0, y: stageBoxY, w: colInner[c] ?? 0, h: mode.stageH },
    title: column.title,
    detail: fit(column.detail, 11, (colInner[c] ?? 0) - 24, 'sans'),
    details: detailLines(column.detail, mode).map((l) =>
      fit(l, 11, (colInner[c] ?? 0) - 24, 'sans'),
    ),
  }));
  const edges: EdgeGeom[] = d.edges.map((edge) => {
    const pos = edgeX.get(edge.id) ?? { x: 0, pill: 0 };
    const below = (laneIndex.get(edge.lane) ?? 0) > toolsIndex;
    const toolsEnd = below ? stageBoxY + mode.stageH : stageBoxY;
    const laneEnd = below ? (laneTop.get(edge.lane) ?? 0) : (laneBottom.get(edge.lane) ?? 0);
    const gapMid = below ? laneEnd - G.edgeGap / 2 : laneEnd + G.edgeGap / 2;
    const outbound =
      edge.from.length === 1 && edge.from[0] === d.lanes[toolsIndex]?.accounts[0]?.id;
    const text = pillText(edge, true);
    const lines = pillLines(edge, mode);
    const ph = pillHeight(lines);
    return {
      edge,
      x: pos.x,
      y1: outbound ? toolsEnd : laneEnd,
      y2: outbound ? laneEnd : toolsEnd,
      pill: { x: pos.pill, y: Math.round(gapMid - ph / 2), w: linesWidth(lines), h: ph },
      text,
      lines,
    };
  });
  return { width, height, lanes, columns, edges };
}
