import type { AccessScript, PolicyInput } from '../../../verify/index.js';
import { accountOf } from '../../pipeline-ref.js';
import type { Finding, StatementRef } from '../findings.js';
import type { LiveModel } from '../live-topology.js';
import type { LiveSnapshot } from '../snapshot.js';

/**
 * A pattern of the manual recipe that the access script's rows do not name by themselves.
 * The script is the one doctor runs for this pipeline: a rule names its steps from it.
 */
export type LintRule = (
  snapshot: LiveSnapshot,
  model: LiveModel,
  script: AccessScript,
) => Finding[];

export interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** One Allow statement of a live policy, with its reference and its lowercase actions. */
export interface AllowStatement {
  readonly policy: PolicyInput;
  readonly statement: Statement;
  /** Messages name it with `formatStatementRef`: `policy/Sid` or `policy/#index`. */
  readonly ref: StatementRef;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/** Every Allow statement of the policies of the given kinds. */
export function allowStatements(
  policies: readonly PolicyInput[],
  kinds: readonly PolicyInput['kind'][],
): AllowStatement[] {
  return policies
    .filter((p) => kinds.includes(p.kind))
    .flatMap((p) =>
      statements(p.document).flatMap((s, i): AllowStatement[] =>
        s.Effect !== 'Allow'
          ? []
          : [
              {
                policy: p,
                statement: s,
                // An empty Sid names nothing, as the engine reads it.
                ref: s.Sid ? { policy: p.name, sid: s.Sid } : { policy: p.name, index: i },
                actions: list(s.Action).map((a) => a.toLowerCase()),
                resources: list(s.Resource),
              },
            ],
      ),
    );
}

export function statements(document: unknown): Statement[] {
  const s = (document as { Statement?: unknown } | null)?.Statement;
  if (Array.isArray(s)) return s as Statement[];
  return s && typeof s === 'object' ? [s] : [];
}

function list(v: string | readonly string[] | undefined): string[] {
  return v === undefined ? [] : typeof v === 'string' ? [v] : [...v];
}

export function awsPrincipals(p: unknown): string[] {
  if (p === '*') return ['*'];
  const aws = (p as { AWS?: unknown } | null)?.AWS;
  if (aws === undefined) return [];
  return (Array.isArray(aws) ? aws : [aws]).filter((x): x is string => typeof x === 'string');
}

export function accountOfPrincipal(p: string): string | undefined {
  return /^\d{12}$/.test(p) ? p : accountOf(p);
}

/** `123456789012` or `arn:…:iam::123456789012:root`: the whole account, not one role. */
export function isAccountWide(p: string): boolean {
  return /^\d{12}$/.test(p) || /:root$/.test(p);
}

export function hasPrincipalArnPin(condition: Statement['Condition']): boolean {
  if (!condition) return false;
  return Object.values(condition).some((block) =>
    Object.keys(block).some((k) => k.toLowerCase() === 'aws:principalarn'),
  );
}

/** The managed policy whose statements the CodeCommit rule reports as a whole. */
export function isCodeCommitFullAccess(p: PolicyInput): boolean {
  return p.kind === 'identity' && /\/AWSCodeCommitFullAccess$/.test(p.name);
}

export const CODECOMMIT_ACTIONS =
  'codecommit:GetBranch, GetCommit, UploadArchive, GetUploadArchiveStatus, CancelUploadArchive';

/**
 * The script step that needs a role's trust: the first request of the script that assumes
 * it (positive rows first), so the step carries the target's stack suffix when it has one.
 * A role no row assumes is outside the pipeline's requests; the outsider check is the step
 * about who may assume crossline's roles.
 */
export function stepOfRole(roleArn: string, script: AccessScript): string {
  const assumes = script.rows.filter(
    (r) => r.resourcePolicy?.kind === 'trust' && r.resourcePolicy.arn === roleArn,
  );
  return (
    (assumes.find((r) => r.expect === 'allow') ?? assumes[0])?.step ?? 'negative.outsider.assume'
  );
}

/** Whether the source action polls (CodePipeline's default when the key is unset). */
export function sourcePolls(model: LiveModel): boolean {
  const value = model.source?.configuration?.PollForSourceChanges ?? 'true';
  return value.toLowerCase() !== 'false';
}
