/**
 * The step of an access-script row (docs/design.md §5): which part of the pipeline makes the
 * request, for which deploy target, doing what. Rows carry the formatted text
 * (`deploy.staging.assume`, `negative.scope.build.identity-only`); everything that builds or
 * reads that text goes through `step`, `formatStep` and `parseStep`, so the script, the report
 * and doctor cannot drift apart.
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
 * A deploy target as steps name it: `<stage>`, or `<stage>.<alias>` when the account alias
 * is not the stage name; plus `/<stack>` when one stage deploys two stacks into one account
 * (see `stepTargets`).
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
   * `scope` check, whose scope (`pipeline`, `build`; `deploy` for a target's roles).
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

/**
 * The least-privilege step of a target's roles (its deploy and execution roles):
 * `negative.scope.<target>.deploy`, the bounds of what its `deploy.<target>.*` rows ask.
 */
export function targetScope(target: StepTarget): Step {
  return step('negative', { check: 'scope', target, verb: 'deploy' });
}

/**
 * The target's segments: the stage, the alias only when it differs from the stage (the usual
 * config names a stage after its account: `deploy.prod.assume`, not `deploy.prod.prod.…`),
 * and the stack after a `/`, so that `prod/app` (stack app) and `prod.app` (account app)
 * cannot be confused.
 */
function targetSegments(t: StepTarget): string[] {
  const segments = t.alias === t.stage ? [t.stage] : [t.stage, t.alias];
  if (t.stack === undefined) return segments;
  const stack = t.region === undefined ? t.stack : `${t.stack}@${t.region}`;
  return [...segments.slice(0, -1), `${segments[segments.length - 1]}/${stack}`];
}

/** The text rows carry: the segments joined by dots, the layer as an `-only` suffix. */
export function formatStep(s: Step): string {
  const segments: string[] = [s.phase];
  if (s.check !== undefined) segments.push(s.check);
  if (s.account !== undefined) segments.push(s.account);
  if (s.target !== undefined) segments.push(...targetSegments(s.target));
  if (s.verb !== undefined) segments.push(s.verb);
  if (s.layer !== undefined) segments.push(`${s.layer}-only`);
  return segments.join('.');
}

const LAYERS = { 'identity-only': 'identity', 'resource-only': 'resource' } as const;

/** The inverse of `targetSegments`: one segment (alias = stage) or two, the stack after `/`. */
function parseTarget(xs: readonly string[]): StepTarget | undefined {
  if (xs.length < 1 || xs.length > 2) return undefined;
  const last = xs[xs.length - 1];
  const slash = last.indexOf('/');
  const name = slash < 0 ? last : last.slice(0, slash);
  const stage = xs.length === 1 ? name : xs[0];
  if (slash < 0) return { stage, alias: name };
  const [stack, region] = last.slice(slash + 1).split('@');
  return { stage, alias: name, stack, ...(region === undefined ? {} : { region }) };
}

/**
 * The step a row's text stands for; undefined when the first segment is not a phase. It is
 * the inverse of `formatStep` for every step the script produces, as long as stage names,
 * aliases and stack names have no `.`, `/` or `@`, no stage is named like a negative check,
 * and a target's verb (like a scope's role) is one segment.
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
  // `<target>.<verb>`: the target is every segment but the last.
  const atTarget = (xs: readonly string[], parts: Omit<Step, 'phase' | 'target' | 'verb'> = {}) =>
    step(phase, {
      ...parts,
      target: parseTarget(xs.slice(0, -1)),
      verb: verb(xs.slice(-1)),
      layer,
    });
  if (phase === 'deploy') return atTarget(rest);
  if (phase !== 'negative') return step(phase, { verb: verb(rest), layer });
  const check = rest[0] as NegativeCheck | undefined;
  if (check === undefined || !(NEGATIVE_CHECKS as readonly string[]).includes(check))
    return atTarget(rest);
  rest = rest.slice(1);
  if (check === 'other' && rest.length > 1) {
    return step(phase, {
      check,
      account: rest.slice(0, -1).join('.'),
      verb: verb(rest.slice(-1)),
      layer,
    });
  }
  // `negative.scope.<role>` names a role, `negative.scope.<target>.deploy` a target's roles.
  if (check === 'scope' && rest.length > 1) return atTarget(rest, { check });
  return step(phase, { check, verb: verb(rest), layer });
}

/** The phase of a row's step text (its first segment), undefined for text no script writes. */
export function phaseOf(text: string): Phase | undefined {
  const first = text.slice(0, text.includes('.') ? text.indexOf('.') : undefined);
  return (PHASES as readonly string[]).includes(first) ? (first as Phase) : undefined;
}
