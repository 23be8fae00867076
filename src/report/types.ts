/**
 * What the report renders. `plan` fills it from a config (synth + verify); `doctor` fills it
 * from a live pipeline (its topology, verify on live policies, and its findings).
 */
import type { PhysicalNames } from '../model/index.js';
import type { PlanDocument, PolicyEntry } from '../synth/types.js';
import type { AccessResult, VerifyResult } from '../verify/types.js';

/** A problem `doctor` found in a live pipeline, shown at the top and on the diagram. */
export interface Finding {
  readonly severity: 'error' | 'warning' | 'info';
  /**
   * The access-script step it concerns (`deploy.prod.assume`), or a prefix of steps
   * (`deploy.prod`); the diagram highlights the edges whose rows have such a step.
   */
  readonly step: string;
  readonly title: string;
  readonly detail: string;
  /** What to change, in a sentence or a command. */
  readonly fix: string;
  /** Account id the finding is about, when it is about one account (highlights its lane). */
  readonly account?: string | undefined;
}

export interface SubjectAccount {
  readonly alias: string;
  readonly id: string;
}

export interface SubjectTarget {
  readonly account: SubjectAccount;
  readonly stack: string;
  /** Region of the stack; absent: the pipeline region. */
  readonly region?: string | undefined;
}

export interface SubjectStage {
  readonly name: string;
  readonly approval: boolean;
  readonly targets: readonly SubjectTarget[];
}

/**
 * The pipeline the report draws. A config's `Pipeline` model fits this shape as it is;
 * `doctor` builds one from the live pipeline.
 */
export interface ReportSubject {
  readonly name: string;
  readonly region: string;
  readonly tools: SubjectAccount;
  readonly source: {
    readonly account: SubjectAccount;
    readonly repository: string;
    readonly branch: string;
    /** `codeconnections`: a third-party repository, drawn outside the accounts. */
    readonly provider?: string | undefined;
  };
  readonly stages: readonly SubjectStage[];
}

/**
 * Physical names shown in the diagram: the model's `PhysicalNames`, each one optional.
 * Defaults are crossline's generated names (model `physicalNames`); a live pipeline passes
 * what it found and leaves out what it lacks (crossline's own stacks, for a hand-built one).
 */
export interface ResourceLabels extends Partial<PhysicalNames> {
  /**
   * The artifact stores of the other regions as found (a live pipeline): the bucket and the
   * key's label of each. Absent: crossline's generated names and its regional artifacts stacks.
   */
  readonly regionalStores?:
    | readonly { readonly region: string; readonly bucket: string; readonly keyLabel?: string }[]
    | undefined;
}

export interface ReportInput {
  readonly subject: ReportSubject;
  /** Default: crossline's generated names for `subject`. */
  readonly labels?: ResourceLabels;
  /** The deploy order (plan.json); absent for a live pipeline. */
  readonly plan?: PlanDocument | undefined;
  readonly policies?: readonly PolicyEntry[] | undefined;
  /** Absent: the page says verify has not run, and every edge is marked unverified. */
  readonly verify?: VerifyResult | undefined;
  /**
   * Checks that could not be evaluated (doctor: a document they depend on was not read),
   * kept out of `verify`; an edge with any of them is drawn not verified.
   */
  readonly unverified?: readonly AccessResult[] | undefined;
  readonly findings?: readonly Finding[] | undefined;
  /** Page heading; default `Pipeline <name>`. */
  readonly title?: string | undefined;
  /** `plan`: generated, not deployed yet (default). `live`: what doctor saw in the accounts. */
  readonly mode?: 'plan' | 'live' | undefined;
}
