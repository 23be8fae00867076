/**
 * `organization.rollout` and `organization.deployFrom`: how the StackSets that bring the roles
 * to OU accounts roll out, and from which account their calls are made (docs/design.md §13).
 *
 *   organization:
 *     snapshot: org.json
 *     deployFrom: delegated-admin       # management | delegated-admin (default: detected)
 *     rollout: { maxConcurrency: "25%", failureTolerance: 0, regionConcurrency: SEQUENTIAL }
 */
import * as z from 'zod/mini';
import type { OrganizationRollout, RolloutShare } from '../model/index.js';
import type { OrgSnapshot } from './org-snapshot.js';
import type { RawProblem } from './problems.js';
import type { ConfigInput } from './schema.js';
import { type Obj, isObj } from './raw.js';

/** StackSetOperationPreferences' bounds (API_StackSetOperationPreferences.html). */
const PERCENT = (min: number) =>
  new RegExp(min === 0 ? '^(100|[1-9]?[0-9])%$' : '^(100|[1-9][0-9]?)%$');

const share = (min: number, what: string) =>
  z
    .optional(
      z.union([
        z.number().check(z.int(), z.gte(min)),
        z.string().check(z.regex(PERCENT(min), `not a percentage from "${min}%" to "100%"`)),
      ]),
    )
    .register(z.globalRegistry, { description: what });

export const rolloutShape = {
  deployFrom: z.optional(z.enum(['management', 'delegated-admin'])).register(z.globalRegistry, {
    description:
      'Where the StackSet calls are made: the management account (CallAs SELF) or the pipeline account as a delegated administrator of StackSets (CallAs DELEGATED_ADMIN). Default: management when the pipeline account is the management account, else delegated-admin',
  }),
  rollout: z
    .optional(
      z.strictObject({
        maxConcurrency: share(
          1,
          'Accounts a StackSet operation deploys to at once: a number, or a percentage of the OU\'s accounts such as "25%" (default "25%")',
        ),
        failureTolerance: share(
          0,
          'Accounts that may fail before the operation stops: a number or a percentage (default 0)',
        ),
        regionConcurrency: z
          .optional(z.enum(['SEQUENTIAL', 'PARALLEL']))
          .register(z.globalRegistry, {
            description: 'Regions one after the other or at once (default SEQUENTIAL)',
          }),
      }),
    )
    .register(z.globalRegistry, {
      description: 'How the StackSets that bring the roles to OU accounts roll out',
    }),
};

/** What to do about a schema problem under `organization` (hints.ts asks). */
export function rolloutHint(key: string): string | undefined {
  switch (key) {
    case 'organization.rollout.maxConcurrency':
      return 'a number of accounts (1 or more) or a percentage from "1%" to "100%", e.g. maxConcurrency: "25%"';
    case 'organization.rollout.failureTolerance':
      return 'a number of accounts (0 or more) or a percentage from "0%" to "100%", e.g. failureTolerance: 0';
    case 'organization.rollout.regionConcurrency':
      return 'SEQUENTIAL (one region after the other) or PARALLEL';
    case 'organization.rollout':
      return 'e.g. rollout: { maxConcurrency: "25%", failureTolerance: 0, regionConcurrency: SEQUENTIAL }';
    case 'organization.deployFrom':
      return 'management (StackSets calls from the management account) or delegated-admin (from the pipeline account, registered as a delegated administrator of StackSets)';
    default:
      return undefined;
  }
}

/** Checks the schema cannot make: deployFrom against the snapshot's management account. */
export function rolloutProblems(
  raw: Obj,
  snapshot: OrgSnapshot | undefined,
): { problems: RawProblem[]; warnings: RawProblem[] } {
  const problems: RawProblem[] = [];
  const warnings: RawProblem[] = [];
  const org = isObj(raw.organization) ? raw.organization : undefined;
  if (org === undefined) return { problems, warnings };
  const stages = Array.isArray(raw.stages) ? raw.stages : [];
  const byOu = stages.some(
    (s) =>
      isObj(s) && Array.isArray(s.targets) && s.targets.some((t) => isObj(t) && t.ou !== undefined),
  );
  for (const key of ['rollout', 'deployFrom'] as const) {
    if (org[key] !== undefined && !byOu)
      warnings.push({
        path: ['organization', key],
        message: `organization.${key} has no effect: no target is by ou, so no StackSet is deployed`,
        hint: 'remove it, or add a target { ou: ou-…, stack, template }',
      });
  }
  const tools = toolsAccountId(raw);
  if (org.deployFrom === 'delegated-admin' && snapshot !== undefined && tools !== undefined) {
    if (tools === snapshot.organization.managementAccount)
      // RegisterDelegatedAdministrator refuses the management account
      // (CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR,
      // https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html).
      problems.push({
        path: ['organization', 'deployFrom'],
        message: `the pipeline account ${tools} is the management account of ${snapshot.organization.id}, which cannot be a delegated administrator`,
        hint: 'use deployFrom: management (or leave deployFrom out)',
      });
  }
  return { problems, warnings };
}

function toolsAccountId(raw: Obj): string | undefined {
  const alias = typeof raw.pipelineAccount === 'string' ? raw.pipelineAccount : 'tools';
  const accounts = isObj(raw.accounts) ? raw.accounts : {};
  const e = accounts[alias];
  return typeof e === 'string' ? e : isObj(e) && typeof e.id === 'string' ? e.id : undefined;
}

/** The model's rollout settings from the validated config. */
export function rolloutOf(org: ConfigInput['organization']): {
  readonly rollout?: OrganizationRollout;
  readonly deployFrom?: 'management' | 'delegated-admin';
} {
  if (org === undefined) return {};
  const parse = (v: number | string | undefined): RolloutShare | undefined =>
    v === undefined
      ? undefined
      : typeof v === 'number'
        ? { count: v }
        : { percent: Number(v.slice(0, -1)) };
  const r = org.rollout;
  const maxConcurrency = parse(r?.maxConcurrency);
  const failureTolerance = parse(r?.failureTolerance);
  return {
    ...(org.deployFrom === undefined ? {} : { deployFrom: org.deployFrom }),
    ...(r === undefined
      ? {}
      : {
          rollout: {
            ...(maxConcurrency === undefined ? {} : { maxConcurrency }),
            ...(failureTolerance === undefined ? {} : { failureTolerance }),
            ...(r.regionConcurrency === undefined
              ? {}
              : { regionConcurrency: r.regionConcurrency }),
          },
        }),
  };
}
