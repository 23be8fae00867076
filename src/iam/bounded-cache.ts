/**
 * A get-or-make cache for the engine's hot paths, emptied when it holds `limit` entries: what
 * it is asked repeats (the policies, ARNs and actions of a handful of accounts), but a long run
 * must not grow it without bound.
 */
export class BoundedCache<V> {
  readonly #entries = new Map<string, V>();

  constructor(readonly limit: number) {}

  /**
   * The value for `key`, made by `make(key)` on a miss. `make` takes the key only, so callers
   * pass a function made once (no closure per lookup); a key that stands for several inputs
   * encodes them.
   */
  get(key: string, make: (key: string) => V): V {
    let value = this.#entries.get(key);
    if (value === undefined) {
      value = make(key);
      if (this.#entries.size >= this.limit) this.#entries.clear();
      this.#entries.set(key, value);
    }
    return value;
  }
}
