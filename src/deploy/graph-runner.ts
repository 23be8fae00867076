import { CrosslineError } from '../errors/index.js';

export interface GraphNode {
  readonly id: string;
  readonly dependsOn: readonly string[];
}

export type NodeState = 'succeeded' | 'failed' | 'not-started';

/**
 * Runs a dependency graph with bounded concurrency: a node starts once all its dependencies
 * succeeded. After the first failure nothing new is scheduled; nodes in flight finish, and the
 * rest are reported `not-started`.
 */
export async function runGraph(
  nodes: readonly GraphNode[],
  concurrency: number,
  run: (id: string) => Promise<boolean>,
): Promise<Map<string, NodeState>> {
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) {
    for (const d of n.dependsOn) {
      if (!ids.has(d))
        throw new CrosslineError('Internal', 'internal', `${n.id} depends on unknown ${d}`);
    }
  }
  const limit = Math.max(1, Math.floor(concurrency));
  const state = new Map<string, NodeState | 'running'>();
  let stopped = false;
  let running = 0;

  return new Promise((resolve, reject) => {
    const pump = (): void => {
      if (!stopped) {
        for (const n of nodes) {
          if (running >= limit) break;
          if (state.has(n.id)) continue;
          if (!n.dependsOn.every((d) => state.get(d) === 'succeeded')) continue;
          state.set(n.id, 'running');
          running++;
          run(n.id)
            .then(
              (ok) => ok,
              () => false,
            )
            .then((ok) => {
              running--;
              state.set(n.id, ok ? 'succeeded' : 'failed');
              if (!ok) stopped = true;
              pump();
            })
            .catch(reject);
        }
      }
      if (running === 0) {
        const out = new Map<string, NodeState>();
        for (const n of nodes) {
          const s = state.get(n.id);
          out.set(n.id, s === 'succeeded' || s === 'failed' ? s : 'not-started');
        }
        resolve(out);
      }
    };
    pump();
  });
}

/** The same graph with every edge reversed: for deleting in reverse dependency order. */
export function reverseGraph(nodes: readonly GraphNode[]): GraphNode[] {
  return nodes.map((n) => ({
    id: n.id,
    dependsOn: nodes.filter((m) => m.dependsOn.includes(n.id)).map((m) => m.id),
  }));
}
