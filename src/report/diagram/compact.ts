/**
 * The words of the diagram's pills and stage boxes, and the two layout modes (wide, compact)
 * that decide how much width they take. Geometry is in diagram-layout.ts.
 */
import { EDGE_LABELS } from '../edge-status.js';
import { textWidth } from '../text-width.js';
import type { DiagramEdge, Lane } from './types.js';

/** One pill line's height (diagram-layout's GEOMETRY.pillH); a second line adds 13 px. */
const PILL_H = 22;

/**
 * How a layout spends width. `wide` is the default; `compact` is used when the wide layout
 * exceeds `fitWidth` (many stages, counts in the pills): lane headers go on a line above the
 * chips instead of a 150 px gutter, multi-account pills and stage details take two lines, and
 * columns sit closer.
 */
export interface Mode {
  readonly compact: boolean;
  readonly gutter: number;
  readonly colGap: number;
  readonly stageH: number;
}
export const WIDE: Mode = { compact: false, gutter: 150, colGap: 20, stageH: 58 };
export const COMPACT: Mode = { compact: true, gutter: 12, colGap: 12, stageH: 64 };

const GLYPH = { pass: '✔', fail: '✘', unverified: '?' } as const;

/** The text of an edge's pill: verdict glyph, what, and for several accounts how many passed. */
/** `short`: one word for the kind (the SVG, whose legend shows kinds by line style). */
export function pillText(e: DiagramEdge, short = false): string {
  const many = e.from.length > 1 || e.to.length > 1;
  const count = many && e.total > 0 ? ` ${e.passed}/${e.total}` : '';
  return `${GLYPH[e.status]} ${short ? SHORT[e.kind] : EDGE_LABELS[e.kind]}${count}`;
}

/**
 * Pill words: the line style already tells the kind (legend), so one word keeps the stage
 * columns narrow enough for the diagram to fit a 1024 px window at full size.
 */
const SHORT: Readonly<Record<DiagramEdge['kind'], string>> = {
  'assume-role': 'assume',
  'artifact-write': 'write',
  'artifact-read': 'read',
  'event-forwarding': 'events',
  'package-read': 'packages',
  'image-pull': 'pull',
};

const pillWidth = (text: string): number => textWidth(text, 11, 'sans') + 14;

/** The pill's lines: the count goes under the verdict and kind when the layout is compact. */
export function pillLines(e: DiagramEdge, mode: Mode): string[] {
  const text = pillText(e, true);
  const cut = text.lastIndexOf(' ');
  const counted = e.from.length > 1 || e.to.length > 1;
  return mode.compact && counted && cut > 0 ? [text.slice(0, cut), text.slice(cut + 1)] : [text];
}
export const linesWidth = (lines: readonly string[]): number =>
  Math.max(...lines.map((l) => pillWidth(l)));
export const pillHeight = (lines: readonly string[]): number => PILL_H + (lines.length - 1) * 13;

/** A stage detail in the compact layout: `10 accounts` over `10 stacks`; `CodeBuild` over its name. */
export function detailLines(detail: string, mode: Mode): string[] {
  if (!mode.compact) return [detail];
  const dot = detail.indexOf(' · ');
  if (dot > 0) return [detail.slice(0, dot), detail.slice(dot + 3)];
  const space = detail.indexOf(' ');
  return space > 0 ? [detail.slice(0, space), detail.slice(space + 1)] : [detail];
}

/** The compact lane header: its width and where `subtitle · note` starts. */
export function laneHeader(lane: Lane): { w: number; titleW: number } {
  const titleW = textWidth(lane.title, 14, 'bold');
  const sub = textWidth(laneSubline(lane), 11, lane.kind === 'target-group' ? 'sans' : 'mono');
  return { w: titleW + 8 + sub, titleW };
}

/** `subtitle · note`, the second part of a compact lane header. */
export const laneSubline = (lane: Lane): string => `${lane.subtitle} · ${lane.note}`;
