import { compareText } from '../model/index.js';
import type { Topology, TargetTopology } from './topology.js';
import type { PolicyInput, SampledGroup } from './types.js';
import {
  byNamedIds,
  canonicalText,
  swap,
  swapBoth,
  SwappablePolicy,
  SwappableSet,
} from './id-swap.js';

/**
 * Proof at scale (docs/design.md §13): a stage that deploys one stack into dozens or hundreds
 * of accounts, by OU or listed one by one, has per account the same roles and the same rows but
 * for the account id. verify checks a sample of each such group row by row and proves every
 * other member `m` the same as the group's first account `s` up to their ids: swapping the two
 * ids everywhere (σ) changes nothing, so every request about `m` has the decision of its image
 * about `s`, which the sample checks. σ changes nothing when
 *
 * - `m`'s own identity and trust policies are `s`'s with the one id put for the other, and so
 *   is its target (stage, stack, region, mode, roles), and its organization path is the same;
 * - every other policy (bucket, key, the pipeline's roles) is the same document after σ, read
 *   as IAM reads it: lists are sets and a statement's Sid decides nothing. A key policy that
 *   lists every member's role, or one that names none of them (targets by OU), passes; one
 *   that names `m` alone does not;
 * - nothing else in the topology (another target, the tested stages, …) tells them apart;
 * - `m` is a target account only (no tools, source or other target of the pipeline).
 *
 * Every sample is itself proven the same as `s`, so any two samples can stand for any two
 * members (rows that pair one target with the next). No policy may hold a wildcard next to a
 * digit: a pattern such as `5000000000*` could match one id and not the other while σ leaves
 * its text alone. An account for which any of this fails keeps its own rows. Only for
 * generated policies: `verify --from` (edited files) and doctor (live policies) check every
 * account.
 */
export const SAMPLE_SIZE = 3;

/** A group smaller than this is checked row by row (sampling saves nothing). */
const MIN_GROUP = SAMPLE_SIZE + 2;

const PLACEHOLDER = '<account>';

export interface SampledTopology {
  /** The topology with the proven-equivalent targets left out. */
  readonly topology: Topology;
  readonly groups: readonly SampledGroup[];
}

export function sampleTargets(
  topology: Topology,
  policies: readonly PolicyInput[],
): SampledTopology {
  const none = { topology, groups: [] };
  if (topology.targets.length < MIN_GROUP) return none;
  const groups = candidateGroups(topology).filter((g) => g.length >= MIN_GROUP);
  if (groups.length === 0) return none;
  const proof = swapProof(topology, policies);
  if (proof === undefined) return none;

  const left = new Set<TargetTopology>();
  const out: SampledGroup[] = [];
  for (const members of groups) {
    const first = members[0];
    if (first === undefined) continue;
    const equal = members.filter((m) => m === first || proof.equal(first.account, m.account));
    if (equal.length < MIN_GROUP) continue;
    const sample = pick(equal);
    const proven = equal.filter((m) => !sample.includes(m));
    for (const m of proven) left.add(m);
    out.push({
      stage: first.stage,
      stack: first.stack,
      ...(first.region === undefined ? {} : { region: first.region }),
      // Shown for targets by OU only; listed accounts share their path too (the group's key).
      orgPath: ouPathOf(topology, first.account) ?? '',
      accounts: members.length,
      checked: members.filter((m) => !proven.includes(m)).map((m) => m.account),
      equivalent: proven.length,
      proven: proven.map((m) => m.account),
    });
  }
  return left.size === 0 ? none : { topology: without(topology, left), groups: out };
}

/**
 * Targets that could stand for one another: in a target account only (no tools, source or
 * other target, and no other target names it), grouped by their shape but for the account
 * (stage, stack, region, mode, roles) and by organization path.
 */
function candidateGroups(topology: Topology): TargetTopology[][] {
  const uses = new Map<string, number>();
  for (const id of [...topology.targets.map((t) => t.account), topology.tools, topology.source]) {
    uses.set(id, (uses.get(id) ?? 0) + 1);
  }
  // The targets that name each id (their account, their roles).
  const naming = byNamedIds(topology.targets, (t) => JSON.stringify(t));
  const groups = new Map<string, TargetTopology[]>();
  for (const target of topology.targets) {
    if (uses.get(target.account) !== 1 || naming.get(target.account)?.length !== 1) continue;
    const path = topology.organization?.accountPaths[target.account] ?? '';
    add(groups, `${shapeOf(target)}\0${path}`, target);
  }
  return [...groups.values()];
}

/**
 * `equal(s, m)`: the swap of `s` and `m` changes nothing — their own policies are each other's
 * with the one id put for the other, and every other policy, and the rest of the topology, is
 * the same after it. Undefined when some policy holds a wildcard next to a digit.
 */
function swapProof(
  topology: Topology,
  policies: readonly PolicyInput[],
): { equal(s: string, m: string): boolean } | undefined {
  const documents = policies.map((p) => documentOf(p.document));
  const texts = documents.map((d) => JSON.stringify(d) ?? '');
  if (texts.some((t) => /[*?]\d|\d[*?]/.test(t))) return undefined;
  const owned = new Map<string, number[]>();
  policies.forEach((p, i) => add(owned, p.account, i));
  // Which policies name each id: the swap can only change those.
  const naming = byNamedIds([...texts.keys()], (i) => texts[i] ?? '');

  /**
   * The account's own policies with its id as a placeholder, as one text: as written
   * (generated documents of one shape are equal so), or read as IAM reads them.
   */
  const own = (id: string, read: boolean): string => {
    const put = (x: string): string => swap(x, id, PLACEHOLDER);
    return (owned.get(id) ?? [])
      .map((i) => {
        const p = policies[i];
        const document = read ? canonicalText(documents[i], put) : put(texts[i] ?? '');
        return `${p.kind}\n${put(p.attachedTo)}\n${document}`;
      })
      .sort(compareText)
      .join('\n');
  };
  const models = new Map<string, { text: string; read?: string }>();
  const sameOwn = (s: string, m: string): boolean => {
    const model = models.get(s) ?? { text: own(s, false) };
    models.set(s, model);
    if (own(m, false) === model.text) return true;
    model.read ??= own(s, true);
    return own(m, true) === model.read;
  };

  const swappable: SwappablePolicy[] = [];
  const rest = topologyRest(topology);
  const restText = JSON.stringify(rest);
  const restCanonical = canonicalText(rest);
  const tested = testRoles(topology);
  /** The swap leaves everything but the two accounts' own policies. */
  const invariant = (a: string, b: string): boolean => {
    const changed = new Set([...(naming.get(a) ?? []), ...(naming.get(b) ?? [])]);
    for (const i of changed) {
      const account = policies[i]?.account;
      if (account === a || account === b) continue;
      swappable[i] ??= new SwappablePolicy(documents[i]);
      if (!swappable[i].invariant(a, b)) return false;
    }
    const sigma = (x: string): string => swapBoth(x, a, b);
    const names = restText.includes(a) || restText.includes(b);
    return (!names || canonicalText(rest, sigma) === restCanonical) && tested.invariant(a, b);
  };
  return { equal: (s, m) => sameOwn(s, m) && invariant(s, m) };
}

/** The account's path when it is under a targeted OU. */
function ouPathOf(topology: Topology, id: string): string | undefined {
  const org = topology.organization;
  const path = org?.accountPaths[id];
  return path !== undefined && org?.unitPaths.some((u) => path.startsWith(u)) ? path : undefined;
}

/** The topology without the proven targets (their accounts, and their tested roles). */
function without(topology: Topology, left: ReadonlySet<TargetTopology>): Topology {
  const leftIds = new Set([...left].map((t) => t.account));
  return {
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
  };
}

/** The first, middle and last member (in config order). */
function pick(members: readonly TargetTopology[]): TargetTopology[] {
  const at = [0, Math.floor((members.length - 1) / 2), members.length - 1];
  return [...new Set(at)].flatMap((i) => members[i] ?? []);
}

/** A target but for its account: its alias left out, its id (in role ARNs too) a placeholder. */
function shapeOf(target: TargetTopology): string {
  return swap(JSON.stringify({ ...target, alias: undefined }), target.account, PLACEHOLDER);
}

/**
 * The topology but for what the groups account for: the targets, the account list, each
 * account's organization path (a group's members share theirs) and the tested stages' roles
 * (`testRoles`).
 */
function topologyRest(topology: Topology): unknown {
  const { organization, tests } = topology;
  return {
    ...topology,
    targets: undefined,
    accounts: undefined,
    ...(organization === undefined
      ? {}
      : { organization: { ...organization, accountPaths: undefined } }),
    ...(tests === undefined ? {} : { tests: tests.map((t) => ({ ...t, roles: undefined })) }),
  };
}

/**
 * The test role of each tested stage's accounts, as a set per stage: σ leaves it when the
 * roles that name `a` or `b` map onto roles of the set (the alias, a name, decides nothing).
 */
function testRoles(topology: Topology): { invariant(a: string, b: string): boolean } {
  const sets = (topology.tests ?? []).map(
    (t) => new SwappableSet(t.roles.map((r) => JSON.stringify([r.account, r.role]))),
  );
  return { invariant: (a, b) => sets.every((set) => set.invariant(a, b)) };
}

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** A policy document as data (IAM returns JSON text). */
function documentOf(document: unknown): unknown {
  return typeof document === 'string' ? (JSON.parse(document) as unknown) : document;
}
