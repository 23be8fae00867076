/**
 * Swapping two account ids in a policy document, and whether that changes what IAM reads in it
 * (the proof at scale of symmetry.ts). A key policy that lists 300 accounts' roles is the same
 * after swapping any two of them; checking that one member at a time by rewriting the whole
 * document would make the proof quadratic in the accounts, so each document is indexed once.
 */

/** A 12-digit account id, not inside a longer run of digits. */
const ACCOUNT_ID = /(?<!\d)\d{12}(?!\d)/g;

/** `to` put for every whole occurrence of `from`. */
export function swap(text: string, from: string, to: string): string {
  return text.replace(ACCOUNT_ID, (x) => (x === from ? to : x));
}

/** σ: every `a` becomes `b` and every `b` becomes `a`. */
export function swapBoth(text: string, a: string, b: string): string {
  return text.replace(ACCOUNT_ID, (x) => (x === a ? b : x === b ? a : x));
}

/**
 * JSON text that is the same for two documents IAM reads alike, after `map` on every string
 * and key: keys sorted, every list sorted (the lists of a policy are sets: statements,
 * actions, resources, principals, condition values), statement ids (`Sid`) left out.
 */
export function canonicalText(value: unknown, map: (s: string) => string = (s) => s): string {
  if (typeof value === 'string') return JSON.stringify(map(value));
  if (Array.isArray(value)) {
    return `[${value
      .map((v) => canonicalText(v, map))
      .sort()
      .join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([k, v]) => k !== 'Sid' && v !== undefined)
      .map(([k, v]) => `${JSON.stringify(map(k))}:${canonicalText(v, map)}`)
      .sort();
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Each account id the items' texts name → the items that name it. */
export function byNamedIds<T>(items: readonly T[], textOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    for (const id of new Set(textOf(item).match(ACCOUNT_ID))) {
      const list = out.get(id);
      if (list === undefined) out.set(id, [item]);
      else list.push(item);
    }
  }
  return out;
}

/**
 * A set of strings (a policy list of principals or resources, a stage's test roles), indexed
 * by the ids its strings name: σ maps it onto itself when every string that names `a` or `b`
 * becomes a string of the set.
 */
export class SwappableSet {
  private readonly set: ReadonlySet<string>;
  private readonly byId: Map<string, string[]>;

  constructor(items: readonly string[]) {
    this.set = new Set(items);
    this.byId = byNamedIds(items, (x) => x);
  }

  invariant(a: string, b: string): boolean {
    return [...(this.byId.get(a) ?? []), ...(this.byId.get(b) ?? [])].every((x) =>
      this.set.has(swapBoth(x, a, b)),
    );
  }
}

/** One statement: its canonical text, and where account ids occur in it. */
interface IndexedStatement {
  readonly value: unknown;
  readonly canonical: string;
  /** Ids in strings outside a list of strings (scalars, keys, lists of objects). */
  readonly scalarIds: ReadonlySet<string>;
  readonly lists: readonly SwappableSet[];
}

/**
 * A policy document indexed for swaps: whether σ (swapping `a` and `b`) leaves it the same is
 * answered from the statements that name `a` or `b`, and for a statement that lists many
 * accounts from its lists' entries that name them.
 */
export class SwappablePolicy {
  private readonly statements: IndexedStatement[];
  private readonly counts = new Map<string, number>();
  private readonly byId: Map<string, number[]>;
  /** The document but for its statements (Version, Id), as text. */
  private readonly rest: string;
  private readonly document: unknown;
  private canonical: string | undefined;

  constructor(document: unknown) {
    this.document = document;
    const doc = (document ?? {}) as Record<string, unknown>;
    const list = doc.Statement === undefined ? [] : [doc.Statement].flat();
    this.rest = JSON.stringify({ ...doc, Statement: undefined }) ?? '';
    this.statements = list.map(indexStatement);
    for (const st of this.statements) {
      this.counts.set(st.canonical, (this.counts.get(st.canonical) ?? 0) + 1);
    }
    this.byId = byNamedIds([...list.keys()], (i) => JSON.stringify(list[i]));
  }

  /** Whether swapping the ids `a` and `b` leaves the document the same, as IAM reads it. */
  invariant(a: string, b: string): boolean {
    const sigma = (x: string): string => swapBoth(x, a, b);
    if (this.rest.includes(a) || this.rest.includes(b)) {
      this.canonical ??= canonicalText(this.document);
      return canonicalText(this.document, sigma) === this.canonical;
    }
    const touched = new Set([...(this.byId.get(a) ?? []), ...(this.byId.get(b) ?? [])]);
    for (const i of touched) {
      const st = this.statements[i];
      if (st === undefined || selfSymmetric(st, a, b)) continue;
      // Else σ must map it onto another statement of the document, as often as it occurs.
      if (this.counts.get(canonicalText(st.value, sigma)) !== this.counts.get(st.canonical)) {
        return false;
      }
    }
    return true;
  }
}

/** σ leaves the statement itself: no scalar names a or b, and each list is closed under σ. */
function selfSymmetric(st: IndexedStatement, a: string, b: string): boolean {
  if (st.scalarIds.has(a) || st.scalarIds.has(b)) return false;
  return st.lists.every((l) => l.invariant(a, b));
}

function indexStatement(value: unknown): IndexedStatement {
  const scalarIds = new Set<string>();
  const lists: SwappableSet[] = [];
  const scalar = (text: string): void => {
    for (const id of text.match(ACCOUNT_ID) ?? []) scalarIds.add(id);
  };
  const walk = (v: unknown): void => {
    if (typeof v === 'string') scalar(v);
    else if (Array.isArray(v)) {
      if (v.every((x) => typeof x === 'string')) lists.push(new SwappableSet(v));
      else scalar(JSON.stringify(v));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        scalar(k);
        walk(x);
      }
    }
  };
  walk(value);
  return { value, canonical: canonicalText(value), scalarIds, lists };
}
