/**
 * Mutation testing of the access script against our own synth output: each mutant changes one
 * statement of one generated policy; verify must fail, and at the right step.
 *
 * - `remove-statement`: drop an Allow → a positive row that it granted must fail.
 * - `remove-action`:    drop one action of an Allow → a positive row calling that action fails.
 * - `widen-principal` / `widen-action` / `widen-resource`: set that element to `*`;
 *   `drop-condition`:   remove an Allow's Condition (its pins) → a negative row must fail.
 * - `remove-deny`:      drop a Deny (TLS, SSE-KMS) → a negative row must fail.
 * - `widen-account`:    put `*` for the account of every resource ARN (a role of the same
 *   name in any account) → a negative row must fail.
 * - `add-write`:        add the write that goes with a read the statement grants
 *   (`kms:Decrypt` → `kms:Encrypt`, `s3:GetObject` → `s3:PutObject`, …) → a negative row must
 *   fail.
 */
import assert from 'node:assert/strict';
import type { PolicyEntry, PolicyStatement } from '../../src/synth/index.js';
import type { AccessResult, AccessScript, VerifyResult } from '../../src/verify/index.js';
import { verifyAccess } from '../../src/verify/index.js';

export type MutantKind =
  | 'remove-statement'
  | 'remove-action'
  | 'widen-principal'
  | 'widen-action'
  | 'widen-resource'
  | 'drop-condition'
  | 'remove-deny'
  | 'widen-account'
  | 'add-write';

/** The write a reader must not get, for each read the generated policies grant. */
const WRITE_OF: Readonly<Record<string, string>> = {
  'kms:Decrypt': 'kms:Encrypt',
  's3:GetObject': 's3:PutObject',
  's3:PutObject': 's3:DeleteObject',
  'codecommit:GetBranch': 'codecommit:GitPush',
  'cloudformation:DescribeStacks': 'cloudformation:DeleteStack',
  'codebuild:BatchGetBuilds': 'codebuild:DeleteProject',
  'codepipeline:StartPipelineExecution': 'codepipeline:UpdatePipeline',
  'logs:PutLogEvents': 'logs:DeleteLogGroup',
};

/** `arn:aws:iam::111111111111:role/x` → `arn:aws:iam::*:role/x`; other text unchanged. */
const anyAccount = (resource: string): string =>
  resource.replace(/^(arn:[^:]+:[^:]+:[^:]*:)\d{12}:/, '$1*:');

export interface Mutant {
  /** `<kind> <policy>/<sid>[ <action>]`: stable, so equivalent mutants can be listed by id. */
  readonly id: string;
  readonly kind: MutantKind;
  readonly policy: string;
  readonly statement: string;
  readonly action?: string;
  readonly policies: readonly PolicyEntry[];
}

export interface MutantOutcome {
  readonly mutant: Mutant;
  readonly killed: boolean;
  /** Killed by a row at the step the mutation affects (see `rightStep`). */
  readonly rightStep: boolean;
  readonly failing: readonly AccessResult[];
}

const sidOf = (s: PolicyStatement, i: number): string => s.Sid ?? `#${i}`;
const list = (v: string | readonly string[] | undefined): string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : [...v];

/** The kinds every mutation test runs; `widen-account` and `add-write` are asked for. */
export const BASIC_KINDS: readonly MutantKind[] = [
  'remove-statement',
  'remove-action',
  'widen-principal',
  'widen-action',
  'widen-resource',
  'drop-condition',
  'remove-deny',
];
export const ALL_KINDS: readonly MutantKind[] = [...BASIC_KINDS, 'widen-account', 'add-write'];

/** Every single-statement mutant of the generated policies, of the given kinds. */
export function mutants(
  policies: readonly PolicyEntry[],
  kinds: readonly MutantKind[] = BASIC_KINDS,
): Mutant[] {
  const out: Mutant[] = [];
  policies.forEach((policy, pi) => {
    policy.document.Statement.forEach((st, si) => {
      const make = (
        kind: MutantKind,
        change: (s: PolicyStatement) => PolicyStatement | undefined,
        action?: string,
      ): void => {
        if (!kinds.includes(kind)) return;
        const statements = policy.document.Statement.flatMap((s, i) => {
          if (i !== si) return [s];
          const changed = change(s);
          return changed === undefined ? [] : [changed];
        });
        const mutated: PolicyEntry = {
          ...policy,
          document: { ...policy.document, Statement: statements },
        };
        out.push({
          id: `${kind} ${policy.name}/${sidOf(st, si)}${action === undefined ? '' : ` ${action}`}`,
          kind,
          policy: policy.name,
          statement: sidOf(st, si),
          ...(action === undefined ? {} : { action }),
          policies: policies.map((p, i) => (i === pi ? mutated : p)),
        });
      };
      if (st.Effect === 'Deny') {
        make('remove-deny', () => undefined);
        return;
      }
      make('remove-statement', () => undefined);
      const actions = list(st.Action);
      if (actions.length > 1) {
        for (const a of actions)
          make('remove-action', (s) => ({ ...s, Action: actions.filter((x) => x !== a) }), a);
      }
      if (st.Principal !== undefined && st.Principal !== '*')
        make('widen-principal', (s) => ({ ...s, Principal: '*' }));
      if (st.Action !== undefined && !actions.includes('*'))
        make('widen-action', (s) => ({ ...s, Action: '*' }));
      if (st.Resource !== undefined && !list(st.Resource).includes('*'))
        make('widen-resource', (s) => ({ ...s, Resource: '*' }));
      const resources = list(st.Resource);
      if (resources.some((r) => anyAccount(r) !== r))
        make('widen-account', (s) => ({ ...s, Resource: resources.map(anyAccount) }));
      // A key writer (GenerateDataKey) that also gets Encrypt gains no read→write step.
      const writesKey = actions.some((a) => actionMatches(a, 'kms:GenerateDataKey'));
      for (const read of actions.filter((a) => WRITE_OF[a] !== undefined)) {
        const write = WRITE_OF[read];
        if (write === 'kms:Encrypt' && writesKey) continue;
        if (!actions.some((a) => actionMatches(a, write)))
          make('add-write', (s) => ({ ...s, Action: [...actions, write] }), write);
      }
      if (st.Condition !== undefined) {
        make(
          'drop-condition',
          (s) =>
            Object.fromEntries(
              Object.entries(s).filter(([k]) => k !== 'Condition'),
            ) as PolicyStatement,
        );
      }
    });
  });
  return out;
}

/**
 * Runs one mutant. The right step: for a removal, a failing positive row whose baseline
 * decision was granted by the mutated statement (and, for `remove-action`, that calls the
 * removed action); for a widening, a failing negative row whose mutated decision is granted by
 * the mutated statement.
 */
export function runMutant(
  script: AccessScript,
  baseline: VerifyResult,
  mutant: Mutant,
): MutantOutcome {
  const result = verifyAccess(script, mutant.policies);
  const failing = result.rows.filter((r) => !r.ok);
  const cites = (r: AccessResult): boolean =>
    r.deciding.some((d) => d.policy === mutant.policy && d.statement === mutant.statement);
  let rightStep: boolean;
  if (mutant.kind === 'remove-statement' || mutant.kind === 'remove-action') {
    const positive = failing.filter((r) => r.expect === 'allow');
    rightStep =
      positive.length > 0 &&
      positive.every((r) => {
        const before = baseline.rows.find(
          (b) =>
            b.step === r.step &&
            b.principal === r.principal &&
            b.action === r.action &&
            b.resource === r.resource,
        );
        return (
          before !== undefined &&
          cites(before) &&
          (mutant.action === undefined || actionMatches(mutant.action, r.action))
        );
      });
  } else {
    const negative = failing.filter((r) => r.expect === 'deny');
    rightStep = negative.length > 0 && (mutant.kind === 'remove-deny' || negative.some(cites));
  }
  return { mutant, killed: failing.length > 0, rightStep, failing };
}

/** IAM action pattern (`kms:GenerateDataKey*`) against an action, case-insensitively. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(action);
}

/** A mutant that survives because it changes no effective access, and why. */
export interface Equivalent {
  readonly id: RegExp;
  readonly why: string;
}

/**
 * The verdicts of a feature's mutation test: each removal fails a row that needed the grant
 * (at its step), every other survivor is a listed equivalent, and each listed one survives.
 */
export function assertMutantsAccountedFor(
  outcomes: readonly MutantOutcome[],
  equivalent: readonly Equivalent[],
): void {
  const removals = outcomes.filter(
    (o) => o.mutant.kind === 'remove-statement' || o.mutant.kind === 'remove-action',
  );
  assert.deepEqual(
    removals.filter((o) => !o.killed || !o.rightStep).map((o) => o.mutant.id),
    [],
    'each removal fails a row that needed the grant',
  );
  const survivors = outcomes
    .filter((o) => !o.killed && !equivalent.some((e) => e.id.test(o.mutant.id)))
    .map((o) => o.mutant.id);
  assert.deepEqual(survivors, [], 'every widening or dropped pin is caught');
  const stale = equivalent.filter(
    (e) => !outcomes.some((o) => !o.killed && e.id.test(o.mutant.id)),
  );
  assert.deepEqual(
    stale.map((e) => e.id.source),
    [],
    'the equivalent list stays tight',
  );
}

/** The synth result with one policy document replaced by `edit` of a copy of it. */
export function withPolicy<T extends { readonly policies: readonly PolicyEntry[] }>(
  synth: T,
  name: string,
  edit: (doc: unknown) => unknown,
): T {
  return {
    ...synth,
    policies: synth.policies.map((p) =>
      p.name === name ? { ...p, document: edit(structuredClone(p.document)) } : p,
    ),
  };
}

/** The synth result with one statement added to one policy document. */
export function withStatement<T extends { readonly policies: readonly PolicyEntry[] }>(
  synth: T,
  name: string,
  statement: Record<string, unknown>,
): T {
  return withPolicy(synth, name, (doc) => {
    (doc as { Statement: unknown[] }).Statement.push(statement);
    return doc;
  });
}
