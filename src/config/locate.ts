import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type Path = readonly (string | number)[];

export interface Location {
  readonly line: number;
  readonly col: number;
}

/**
 * Finds where a config path is in the YAML source. For a path that does not exist (a missing
 * key), the key of the nearest existing ancestor is used (`source:` for a missing
 * `source.branch`), so every problem still has a location.
 * With `key: true`, the position of the map key itself (for unknown keys).
 */
export class Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  locate(path: Path, options: { key?: boolean } = {}): Location {
    let node: unknown = this.doc.contents;
    let key: unknown;
    for (const [i, segment] of path.entries()) {
      const next = child(node, segment);
      if (next === undefined) return this.at(key ?? node);
      const last = i === path.length - 1;
      if (last && options.key === true && next.key !== undefined) return this.at(next.key);
      node = next.value;
      key = next.key;
    }
    return this.at(node ?? key);
  }

  /** The YAML node at a path, if it exists. */
  node(path: Path): Node | undefined {
    const n = this.doc.getIn(path, true);
    return n === undefined || n === null ? undefined : (n as Node);
  }

  private at(node: unknown): Location {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    const offset = range ? range[0] : 0;
    return this.lines.linePos(offset);
  }
}

/** The child at a segment: its value node (the key node itself for `key:` with no value). */
function child(
  node: unknown,
  segment: string | number,
): { value: unknown; key?: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find(
      (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
    );
    if (!pair) return undefined;
    return { value: pair.value ?? pair.key, key: pair.key };
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item: unknown = node.items[segment];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}

/** Formats a path as the user sees it in the file: `stages[1].targets[0].stack`. */
export function formatPath(path: Path): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}
