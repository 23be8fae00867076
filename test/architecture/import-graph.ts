/**
 * The runtime import graph of src/: which file loads which, from the relative specifiers of
 * `import … from`, `export … from` and bare `import '…'`, resolved against the importing file
 * (`.js` specifiers name the `.ts` source).
 *
 * Left out, on purpose: `import type` / `export type` declarations, which the compiler erases
 * (verbatimModuleSyntax keeps every other import), so they cannot change the order in which
 * modules are evaluated; and dynamic `import()`, which runs after every static import has been
 * evaluated and is how commands load their work lazily. A cycle of static value imports is
 * what breaks: one of its files runs before the other has defined its exports (a
 * ReferenceError in the bundle, or `undefined` read at start-up).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Relative specifiers the file loads at evaluation time. */
export function runtimeImports(code: string): string[] {
  const file = ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, false);
  const specs: string[] = [];
  for (const st of file.statements) {
    let spec: ts.Expression | undefined;
    if (ts.isImportDeclaration(st) && !st.importClause?.isTypeOnly) spec = st.moduleSpecifier;
    if (ts.isExportDeclaration(st) && !st.isTypeOnly) spec = st.moduleSpecifier;
    if (spec && ts.isStringLiteral(spec) && spec.text.startsWith('.')) specs.push(spec.text);
  }
  return specs;
}

/** File (relative to `root`) -> files it imports (relative to `root`). */
export type Graph = ReadonlyMap<string, readonly string[]>;

/** The graph of `files` (path relative to `root` -> source text). */
export function graphOf(files: ReadonlyMap<string, string>): Graph {
  const graph = new Map<string, string[]>();
  for (const [path, code] of files) {
    const to = runtimeImports(code).map((spec) =>
      relative('/', resolve('/', dirname(path), spec)).replace(/\.js$/, '.ts'),
    );
    graph.set(path, to);
  }
  return graph;
}

/** Every `.ts` file under `dir`, by path relative to `dir`. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) files.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

/**
 * The import cycles of the graph, one per strongly connected component of more than one file
 * (or a file importing itself), each as a path `a -> b -> … -> a` found in it.
 */
export function cycles(graph: Graph): string[][] {
  // Tarjan's algorithm, iterative enough for a few hundred files.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((c) => pathIn(graph, new Set(c)));
}

/** One cycle through the component's first file (breadth-first back to it). */
function pathIn(graph: Graph, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = previous.get(u)!) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
