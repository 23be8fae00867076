/**
 * What the deployed templates of a live pipeline read from its artifact bucket, per deploy
 * target: the snapshot's templates (read-templates.ts) → references (package-refs.ts) → the
 * target's `packageReads`, which the access script turns into rows (verify/deployed-packages.ts)
 * and the package-read rule into findings.
 *
 *   template read   ─▶ each reference into the artifact bucket ─▶ one read per object
 *   template null   ─▶ no stack yet: nothing to read
 *   template unread ─▶ one read of `<bucket>/*`, "not verified" through the unread item
 */
import { bucketArn as bucketArnOf, dnsSuffix, type Partition } from '../../model/index.js';
import { parseTemplateText } from '../../synth/template-text.js';
import {
  formatStep,
  step,
  stepTargets,
  type PackageRead,
  type Topology,
} from '../../verify/index.js';
import {
  findPackageReferences,
  type PackageReference,
  type SkippedReference,
} from './package-refs.js';
import { templateArn, templateOf, type StackPlace } from './read-templates.js';
import type { LiveSnapshot } from './snapshot.js';

/** One object a target's template reads, with where the template names it. */
export interface LivePackageRead {
  /** The access-script step of the read (`deploy.prod.code`). */
  readonly step: string;
  /** The execution role (or the action role without one): who reads. */
  readonly principal: string;
  readonly object: string;
  /** The region of the store the object is in when that is another region's. */
  readonly store?: string | undefined;
  readonly place: StackPlace;
  /** The template's references to the object; empty for a template doctor could not read. */
  readonly references: readonly PackageReference[];
}

/** A reference doctor does not check, and why (the package-read rule's notes). */
export interface PackageNote {
  readonly place: StackPlace;
  readonly reference: SkippedReference | PackageReference;
  /**
   * `unresolved`: an intrinsic doctor cannot resolve; `regional`: another region's store whose
   * policies the snapshot does not hold.
   */
  readonly why: 'unresolved' | 'regional';
}

export interface LivePackages {
  readonly reads: readonly LivePackageRead[];
  readonly notes: readonly PackageNote[];
  /** Each package-read step → the ARN of the stack whose template it comes from (its unread key). */
  readonly steps: ReadonlyMap<string, string>;
}

/** A target's reads as the topology carries them, and what the rule needs to name them. */
export interface TargetPackages {
  readonly packageReads?: readonly PackageRead[] | undefined;
  readonly found: readonly {
    readonly kind: PackageRead['kind'];
    readonly object: string;
    readonly references: readonly PackageReference[];
  }[];
  readonly notes: readonly PackageNote[];
}

/** An artifact store's bucket: the main one, or another region's (`region`, the store's key). */
export interface StoreBucket {
  readonly bucket: string;
  readonly region?: string | undefined;
}

/**
 * The reads of one deploy target's stack from the artifact stores doctor read (`stores`, the
 * main one first); `unchecked` are the buckets of stores it did not read (another region's
 * store in a snapshot written before doctor read those). Nothing when no template was read.
 */
export function targetPackages(
  s: LiveSnapshot,
  place: StackPlace,
  stores: readonly StoreBucket[],
  unchecked: readonly string[],
): TargetPackages {
  const objectArn = (bucket: string, key: string): string =>
    `${bucketArnOf(s.partition, bucket)}/${key}`;
  const read = templateOf(s, place);
  if (read === undefined) {
    const unread = s.unread.some((u) => u.arn === templateArn(s.partition, place));
    // Whatever it reads would be in the store of its region (Lambda reads code in its own).
    const store = stores.find((x) => x.region === place.region) ?? stores[0];
    return unread && store !== undefined
      ? {
          packageReads: [readOf('code', objectArn(store.bucket, '*'), store)],
          found: [],
          notes: [],
        }
      : { found: [], notes: [] };
  }
  const template = read.template === null ? undefined : parseTemplateText(read.template.body);
  if (read.template === null || template === undefined) return { found: [], notes: [] };
  const { references, skipped } = findPackageReferences(template, {
    parameters: read.template.parameters,
    region: place.region,
    account: place.account,
    partition: s.partition,
    urlSuffix: dnsSuffix(s.partition as Partition),
    stackName: place.stack,
  });
  const ours = (bucket: string): boolean =>
    stores.some((x) => x.bucket === bucket) || unchecked.includes(bucket);
  const notes: PackageNote[] = [];
  // A reference that names another bucket reads nothing of the pipeline's.
  for (const x of skipped)
    if (x.bucket === undefined || ours(x.bucket))
      notes.push({ place, reference: x, why: 'unresolved' });
  const found: (TargetPackages['found'][number] & {
    store: StoreBucket;
    references: PackageReference[];
  })[] = [];
  for (const x of references) {
    if (unchecked.includes(x.bucket)) notes.push({ place, reference: x, why: 'regional' });
    const store = stores.find((y) => y.bucket === x.bucket);
    if (store === undefined) continue;
    const object = objectArn(x.bucket, x.key);
    const same = found.find((f) => f.object === object && f.kind === x.kind);
    if (same) same.references.push(x);
    else found.push({ object, kind: x.kind, store, references: [x] });
  }
  return {
    ...(found.length > 0
      ? { packageReads: found.map((f) => readOf(f.kind, f.object, f.store)) }
      : {}),
    found,
    notes,
  };
}

function readOf(kind: PackageRead['kind'], object: string, store: StoreBucket): PackageRead {
  return { kind, object, ...(store.region === undefined ? {} : { store: store.region }) };
}

/** The reads of every target, named by the steps the access script gives them. */
export function livePackages(
  partition: string,
  topology: Topology,
  perTarget: readonly (TargetPackages & { readonly place?: StackPlace | undefined })[],
): LivePackages {
  const reads: LivePackageRead[] = [];
  const notes: PackageNote[] = [];
  const steps = new Map<string, string>();
  stepTargets(topology).forEach(([target, name], i) => {
    const mine = perTarget[i];
    if (mine?.place === undefined) return;
    notes.push(...mine.notes);
    const principal = target.execRole ?? target.deployRole;
    for (const read of target.packageReads ?? []) {
      const at = formatStep(step('deploy', { target: name, verb: read.kind }));
      steps.set(at, templateArn(partition, mine.place));
      if (principal === undefined) continue;
      reads.push({
        step: at,
        principal,
        object: read.object,
        ...(read.store === undefined ? {} : { store: read.store }),
        place: mine.place,
        references:
          mine.found.find((f) => f.object === read.object && f.kind === read.kind)?.references ??
          [],
      });
    }
  });
  return { reads, notes, steps };
}
