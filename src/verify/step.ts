/**
 * The step of an access-script row (docs/design.md §5): which part of the pipeline makes the
 * request, for which deploy target, doing what. Rows carry the formatted text
 * (`deploy.staging.staging.assume`, `negative.scope.build.identity-only`); everything that
 * builds or reads that text goes through `step`, `formatStep` and `parseStep`, so the script,
 * the report and doctor cannot drift apart.
 */

/** The first segment: the part of the pipeline a row is about, or `negative` for denies. */
export const PHASES = [
  'service',
  'trigger',
  'pipeline',
  'source',
  'build',
  'deploy',
  'negative',
] as const;
export type Phase = (typeof PHASES)[number];

/** The groups of negative rows that are not about one deploy target. */
export const NEGATIVE_CHECKS = [
  'outsider',
  'other',
  'no-tls',
  'no-sse',
  'source-role',
  'other-service',
  'pipeline',
  'scope',
  'trust',
  'confused-deputy',
  'org-outsider',
] as const;
export type NegativeCheck = (typeof NEGATIVE_CHECKS)[number];

/**
 * A deploy target as steps name it: `<stage>.<alias>`, plus the stack when one stage deploys
 * two stacks into one account (see `stepTargets`).
 */
export interface StepTarget {
  readonly stage: string;
  readonly alias: string;
  readonly stack?: string | undefined;
  /**
   * When one stage deploys the same stack of one account into several regions: the region,
   * written `<stack>@<region>` (stack names and regions have no `@`).
   */
  readonly region?: string | undefined;
}

export interface Step {
  readonly phase: Phase;
  /** Negative rows: the check they belong to (absent for a deploy target's own denies). */
  readonly check?: NegativeCheck | undefined;
  /** `negative.other.<account alias>`: the account whose other administrator acts. */
  readonly account?: string | undefined;
  readonly target?: StepTarget | undefined;
  /**
   * The last segments: what is done (`assume`, `read`, `events.forward`), or, for the
   * `scope` check, whose scope (`pipeline`, `build`).
   */
  readonly verb?: string | undefined;
  /** Rows that check one policy layer alone say so: `….identity-only`, `….resource-only`. */
  readonly layer?: 'identity' | 'resource' | undefined;
}

/** The one constructor: `step('deploy', { target, verb: 'assume' })`. */
export function step(phase: Phase, parts: Omit<Step, 'phase'> = {}): Step {
  const out: { -readonly [K in keyof Step]: Step[K] } = { phase };
  if (parts.check !== undefined) out.check = parts.check;
  if (parts.account !== undefined) out.account = parts.account;
  if (parts.target !== undefined) {
    const { stage, alias, stack, region } = parts.target;
    out.target =
      stack === undefined
        ? { stage, alias }
        : region === undefined
          ? { stage, alias, stack }
          : { stage, alias, stack, region };
  }
  if (parts.verb !== undefined) out.verb = parts.verb;
  if (parts.layer !== undefined) out.layer = parts.layer;
  return out;
}

/** The text rows carry: the segments joined by dots, the layer as an `-only` suffix. */
export function formatStep(s: Step): string {
  const segments: string[] = [s.phase];
  if (s.check !== undefined) segments.push(s.check);
  if (s.account !== undefined) segments.push(s.account);
  if (s.target !== undefined) {
    segments.push(s.target.stage, s.target.alias);
    if (s.target.stack !== undefined)
      segments.push(
        s.target.region === undefined ? s.target.stack : `${s.target.stack}@${s.target.region}`,
      );
  }
  if (s.verb !== undefined) segments.push(s.verb);
  if (s.layer !== undefined) segments.push(`${s.layer}-only`);
  return segments.join('.');
}

const LAYERS = { 'identity-only': 'identity', 'resource-only': 'resource' } as const;

/**
 * The step a row's text stands for; undefined when the first segment is not a phase. The text
 * is the inverse of `formatStep` for every step the script produces, as long as stage names,
 * aliases and stack names have no dots and no stage is named like a negative check.
 */
export function parseStep(text: string): Step | undefined {
  const segments = text.split('.');
  const phase = segments[0] as Phase;
  if (!(PHASES as readonly string[]).includes(phase)) return undefined;
  let rest = segments.slice(1);
  const last = rest[rest.length - 1] as keyof typeof LAYERS | undefined;
  const layer = last !== undefined && last in LAYERS ? LAYERS[last] : undefined;
  if (layer !== undefined) rest = rest.slice(0, -1);
  const verb = (xs: readonly string[]): string | undefined =>
    xs.length === 0 ? undefined : xs.join('.');
  const target = (xs: readonly string[]): StepTarget | undefined => {
    if (xs.length < 2) return undefined;
    const [stack, region] = xs[2]?.split('@') ?? [];
    return { stage: xs[0], alias: xs[1], stack, ...(region === undefined ? {} : { region }) };
  };
  if (phase === 'deploy') {
    return step(phase, { target: target(rest.slice(0, -1)), verb: verb(rest.slice(-1)), layer });
  }
  if (phase !== 'negative') return step(phase, { verb: verb(rest), layer });
  const check = rest[0] as NegativeCheck | undefined;
  if (check === undefined || !(NEGATIVE_CHECKS as readonly string[]).includes(check)) {
    return step(phase, { target: target(rest.slice(0, -1)), verb: verb(rest.slice(-1)), layer });
  }
  rest = rest.slice(1);
  if (check === 'other' && rest.length > 1) {
    return step(phase, {
      check,
      account: rest.slice(0, -1).join('.'),
      verb: verb(rest.slice(-1)),
      layer,
    });
  }
  // `negative.scope.<role>` names a role, `negative.scope.<stage>.<alias>` a target.
  if (check === 'scope' && rest.length > 1)
    return step(phase, { check, target: target(rest), layer });
  return step(phase, { check, verb: verb(rest), layer });
}

/** The phase of a row's step text (its first segment), undefined for text no script writes. */
export function phaseOf(text: string): Phase | undefined {
  const first = text.slice(0, text.includes('.') ? text.indexOf('.') : undefined);
  return (PHASES as readonly string[]).includes(first) ? (first as Phase) : undefined;
}
