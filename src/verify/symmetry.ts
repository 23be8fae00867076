import { compareText } from '../model/index.js';
import type { Topology, TargetTopology } from './topology.js';
import type { PolicyInput, SampledGroup } from './types.js';

/**
 * Targets by OU (docs/design.md §13, "Proof at scale"): a stage that deploys one stack into
 * hundreds of OU accounts has, per account, the same roles and the same rows but for the
 * account id. verify checks a sample of each such group row by row and proves that every
 * other account is the same up to its id, so the proof for the sample is the proof for it:
 *
 * - its identity and trust policies are those of the group's first account with the one
 *   account id put for the other (compared as text);
 * - no other policy (bucket, key, repository, topic, the rest of the pipeline's roles) names
 *   either id, so the shared resource policies can only tell them apart by organization
 *   path, which is the same for both;
 * - it is a target account only (no tools, source or other target of the pipeline), in one
 *   target of the whole pipeline, under the same targeted OU path.
 *
 * An account for which any of these fails keeps its own rows. Only for generated policies:
 * `verify --from` (edited files) and doctor (live policies) check every account.
 */
export const SAMPLE_SIZE = 3;

/** A group smaller than this is checked row by row (sampling saves nothing). */
const MIN_GROUP = SAMPLE_SIZE + 2;

export interface SampledTopology {
  /** The topology with the proven-equivalent targets left out. */
  readonly topology: Topology;
  readonly groups: readonly SampledGroup[];
}

export function sampleOrgTargets(
  topology: Topology,
  policies: readonly PolicyInput[],
): SampledTopology {
  const org = topology.organization;
  if (org === undefined || org.unitPaths.length === 0) return { topology, groups: [] };

  const uses = new Map<string, number>();
  const count = (id: string): void => void uses.set(id, (uses.get(id) ?? 0) + 1);
  for (const t of topology.targets) count(t.account);
  for (const id of [topology.tools, topology.source]) count(id);

  const groups = new Map<string, TargetTopology[]>();
  for (const target of topology.targets) {
    const path = org.accountPaths[target.account];
    const unit = path === undefined ? undefined : org.unitPaths.find((u) => path.startsWith(u));
    if (unit === undefined || uses.get(target.account) !== 1) continue;
    const key = [target.stage, target.stack, target.region ?? '', target.mode, path].join('\0');
    const members = groups.get(key) ?? [];
    members.push(target);
    groups.set(key, members);
  }
  const grouped = new Set([...groups.values()].flat().map((t) => t.account));

  const byAccount = new Map<string, PolicyInput[]>();
  for (const p of policies) {
    const list = byAccount.get(p.account) ?? [];
    list.push(p);
    byAccount.set(p.account, list);
  }
  const own = (id: string): string =>
    (byAccount.get(id) ?? [])
      .map((p) => `${p.kind}\n${p.attachedTo}\n${JSON.stringify(p.document)}`)
      .sort(compareText)
      .join('\n')
      .replaceAll(id, '<account>');
  const named = new Set<string>();
  const shared = policies
    .filter((p) => !grouped.has(p.account))
    .map((p) => JSON.stringify(p.document))
    .join('\n');
  for (const id of shared.match(/\d{12}/g) ?? []) named.add(id);

  const left = new Set<TargetTopology>();
  const out: SampledGroup[] = [];
  for (const members of groups.values()) {
    if (members.length < MIN_GROUP) continue;
    const sample = pick(members);
    const first = sample[0];
    if (first === undefined) continue;
    const model = own(first.account);
    const skipped = members.filter(
      (m) => !sample.includes(m) && !named.has(m.account) && own(m.account) === model,
    );
    if (skipped.length === 0) continue;
    for (const m of skipped) left.add(m);
    out.push({
      stage: first.stage,
      stack: first.stack,
      ...(first.region === undefined ? {} : { region: first.region }),
      orgPath: org.accountPaths[first.account] ?? '',
      accounts: members.length,
      checked: members.filter((m) => !skipped.includes(m)).map((m) => m.account),
      equivalent: skipped.length,
    });
  }
  if (left.size === 0) return { topology, groups: [] };
  const leftIds = new Set([...left].map((t) => t.account));
  return {
    topology: {
      ...topology,
      accounts: topology.accounts.filter((a) => !leftIds.has(a.id)),
      targets: topology.targets.filter((t) => !left.has(t)),
      ...(topology.tests === undefined
        ? {}
        : {
            tests: topology.tests.map((x) => ({
              ...x,
              roles: x.roles.filter((r) => !leftIds.has(r.account)),
            })),
          }),
    },
    groups: out,
  };
}

/** The first, middle and last member (in config order). */
function pick(members: readonly TargetTopology[]): TargetTopology[] {
  const at = [0, Math.floor((members.length - 1) / 2), members.length - 1];
  return [...new Set(at)].flatMap((i) => members[i] ?? []);
}
