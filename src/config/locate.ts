import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type Path = readonly (string | number)[];

export interface Location {
  readonly line: number;
  readonly col: number;
}

/**
 * Finds where a config path is in the YAML source. For a path that does not exist (a missing
 * key), the nearest existing ancestor is used, so every problem still has a location.
 * With `key: true`, the position of the map key itself (for unknown keys).
 */
export class Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  locate(path: Path, options: { key?: boolean } = {}): Location {
    let node: unknown = this.doc.contents;
    let found: unknown = node;
    for (const segment of path) {
      const next = child(node, segment, options.key === true && segment === path[path.length - 1]);
      if (next === undefined) break;
      node = next;
      found = next;
    }
    return this.at(found);
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

function child(node: unknown, segment: string | number, wantKey: boolean): unknown {
  if (isMap(node)) {
    const pair = node.items.find(
      (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
    );
    if (!pair) return undefined;
    return wantKey ? pair.key : (pair.value ?? pair.key);
  }
  if (isSeq(node) && typeof segment === 'number') return node.items[segment];
  return undefined;
}

/** Formats a path as the user sees it in the file: `stages[1].targets[0].stack`. */
export function formatPath(path: Path): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}
