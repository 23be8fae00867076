/**
 * Targets by OU or tag (issue 16): `organization.snapshot` names the file `crossline org
 * snapshot` writes, and a target `{ ou: ou-…, stack, template, exclude: [...] }` or
 * `{ tag: { env: prod }, stack, template }` stands for one explicit target per ACTIVE account
 * under the OU (at any depth) or carrying every given tag, less `exclude`. The targets are
 * expanded after validation, so everything after the config sees explicit account targets;
 * the pipeline also keeps each account's organization path and the targeted OUs, for the
 * policies that grant OU members by `aws:PrincipalOrgPaths` (src/synth/policies).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import * as z from 'zod/mini';
import { compareText } from '../model/index.js';
import { parseSnapshot, type OrgSnapshot, type SnapshotAccount } from './org-snapshot.js';
import type { RawProblem } from './problems.js';
import { rolloutProblems, rolloutShape } from './organization-rollout.js';
import { MAX_CHANGE_SET_TARGETS } from './release.js';
import type { ConfigInput } from './schema.js';
import { didYouMean } from './suggest.js';
import { type Obj, isObj, str } from './raw.js';

/** OU ids (https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html). */
const OU_ID_PATTERN = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ALIAS_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export const organizationShape = {
  organization: z
    .optional(
      z.strictObject({
        snapshot: z.string().check(z.minLength(1)).register(z.globalRegistry, {
          description: 'The file `crossline org snapshot -o FILE` wrote, relative to the config',
        }),
        ...rolloutShape,
      }),
    )
    .register(z.globalRegistry, {
      description: 'AWS Organizations: where targets by OU or tag find their accounts',
    }),
};

export const organizationTargetShape = {
  ou: z
    .optional(z.string().check(z.regex(OU_ID_PATTERN, 'an OU id looks like ou-ab12-34cd5678')))
    .register(z.globalRegistry, {
      description: 'Deploy into every active account under this OU (instead of account)',
    }),
  tag: z
    .optional(z.record(z.string().check(z.minLength(1)), z.string()))
    .register(z.globalRegistry, {
      description: 'Deploy into every active account with all these tags (instead of account)',
    }),
  exclude: z
    .optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)))
    .register(z.globalRegistry, {
      description: 'With ou or tag: accounts to leave out, by id, account name or config alias',
    }),
};

export interface ConfigOrganization {
  readonly file?: string;
  readonly snapshot?: OrgSnapshot;
  readonly problems: readonly RawProblem[];
  readonly warnings: readonly RawProblem[];
}

/**
 * Reads the snapshot `organization.snapshot` names (relative to the config file) and checks
 * every target by OU or tag against it. A snapshot that does not parse throws its own located
 * error (SnapshotInvalid, exit 2), placed in the snapshot file.
 */
export function configOrganization(
  raw: Obj,
  configFile: string,
  override?: OrgSnapshot,
): ConfigOrganization {
  const problems: RawProblem[] = [];
  const warnings: RawProblem[] = [];
  const named = isObj(raw.organization) ? str(raw.organization.snapshot) : undefined;
  let file: string | undefined;
  let snapshot: OrgSnapshot | undefined;
  if (named !== undefined && named !== '' && override !== undefined) {
    // deploy's fresh read of the organization, in place of the file (toolkit/org-refresh.ts)
    file = isAbsolute(named) ? named : join(dirname(configFile), named);
    snapshot = override;
  } else if (named !== undefined && named !== '') {
    file = isAbsolute(named) ? named : join(dirname(configFile), named);
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      problems.push({
        path: ['organization', 'snapshot'],
        message: `cannot read the organization snapshot ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        hint: `write it with \`crossline org snapshot -o ${named}\` (credentials of the management or a delegated-administrator account)`,
      });
    }
    if (text !== undefined) snapshot = parseSnapshot(text, file);
  }
  const accounts = isObj(raw.accounts) ? raw.accounts : {};
  const idOf = (alias: string): string | undefined => {
    const e = accounts[alias];
    return str(e) ?? (isObj(e) ? str(e.id) : undefined);
  };
  const deployed = new Map<string, string>();
  const stages = Array.isArray(raw.stages) ? raw.stages : [];
  // Explicit targets first, so an OU target that repeats one is the one reported.
  stages.forEach((stage, i) =>
    targetsOf(stage).forEach((t, j) => {
      const id = str(t.account) === undefined ? undefined : idOf(str(t.account)!);
      const stack = str(t.stack);
      if (id !== undefined && stack !== undefined)
        deployed.set(`${id}/${stack}`, `stages[${i}].targets[${j}]`);
    }),
  );
  stages.forEach((stage, i) => {
    const targets = targetsOf(stage);
    let left = 0;
    let expanded = 0;
    const empty: RawProblem[] = [];
    targets.forEach((t, j) => {
      const at = ['stages', i, 'targets', j];
      const by = ['account', 'ou', 'tag'].filter((k) => t[k] !== undefined);
      if (by.length !== 1) {
        problems.push({
          path: by.length === 0 ? at : [...at, by[1]],
          message:
            by.length === 0
              ? 'a target needs one of account, ou or tag'
              : `a target names its accounts one way: ${by.join(' and ')} given`,
          hint: 'account: <alias> for one account; ou: ou-… or tag: { key: value } for many (with organization.snapshot)',
        });
        return;
      }
      if (by[0] === 'account') {
        left++;
        expanded++;
        if (t.exclude !== undefined)
          problems.push({
            path: [...at, 'exclude'],
            message: 'exclude applies to targets by ou or tag, not to one account',
            hint: 'remove exclude',
          });
        return;
      }
      if (named === undefined) {
        problems.push({
          path: [...at, by[0]],
          message: `a target by ${by[0]} needs organization.snapshot`,
          hint: 'run `crossline org snapshot -o org.json`, then add `organization: { snapshot: org.json }`',
        });
        return;
      }
      if (snapshot === undefined) return;
      const chosen = select(t, at, snapshot, file!, problems, idOf);
      if (chosen === undefined) return;
      if (chosen.length === 0) {
        empty.push({
          path: [...at, by[0]],
          message: `no active account of the snapshot ${file} is left for this target`,
          hint: 'check the OU or tags, and exclude; or write the snapshot again',
        });
        return;
      }
      left++;
      expanded += chosen.length;
      const stack = str(t.stack);
      for (const a of chosen) {
        const first = stack === undefined ? undefined : deployed.get(`${a.id}/${stack}`);
        if (first !== undefined)
          problems.push({
            path: [...at, by[0]],
            message: `stack '${stack}' in account ${a.id} (${a.name}) is deployed twice (also ${first})`,
            hint: 'each stack in an account is deployed by one target; add the account to exclude',
          });
        else if (stack !== undefined)
          deployed.set(`${a.id}/${stack}`, `stages[${i}].targets[${j}]`);
      }
    });
    // A stage needs at least one action
    // (https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html).
    if (left === 0 && empty.length > 0) problems.push(...empty);
    else warnings.push(...empty);
    // release.ts counts the targets as written; by OU or tag they are many more.
    if (
      isObj(stage) &&
      stage.mode === 'change-set' &&
      targets.length <= MAX_CHANGE_SET_TARGETS &&
      expanded > MAX_CHANGE_SET_TARGETS
    )
      problems.push({
        path: ['stages', i, 'mode'],
        message: `a change-set stage deploys at most ${MAX_CHANGE_SET_TARGETS} targets; by OU or tag this one has ${expanded} (CodePipeline allows 50 actions per stage: a replace and an execute per target, plus the approval — https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html)`,
        hint: 'use mode create-update for a stage by OU (it is split into waves of 50), or narrow the OU',
      });
  });
  // An account the config lists that the snapshot does not know: the snapshot predates it (or
  // the account is outside the organization). Its explicit grants still cover it, so nothing
  // fails; but OU paths, exclusions and aliases come from an older organization.
  if (snapshot !== undefined) {
    const members = new Set(snapshot.accounts.map((a) => a.id));
    for (const alias of Object.keys(accounts)) {
      const id = idOf(alias);
      if (id === undefined || !/^\d{12}$/.test(id) || members.has(id)) continue;
      warnings.push({
        path: ['accounts', alias],
        message: `account ${id} (${alias}) is not in the organization snapshot ${file}: the snapshot is older than this account, or the account is outside organization ${snapshot.organization.id}`,
        hint: `if it has joined the organization, write the snapshot again: \`crossline org snapshot -o ${named}\``,
      });
    }
  }
  const rollout = rolloutProblems(raw, snapshot);
  problems.push(...rollout.problems);
  warnings.push(...rollout.warnings);
  return {
    ...(file === undefined ? {} : { file }),
    ...(snapshot === undefined ? {} : { snapshot }),
    problems,
    warnings,
  };
}

const targetsOf = (stage: unknown): Obj[] =>
  isObj(stage) && Array.isArray(stage.targets) ? stage.targets.filter(isObj) : [];

/** The accounts a target by OU or tag stands for, sorted by id; undefined after a problem. */
export function select(
  t: Obj,
  at: (string | number)[],
  snapshot: OrgSnapshot,
  file: string,
  problems: RawProblem[],
  idOf: (alias: string) => string | undefined,
): SnapshotAccount[] | undefined {
  let pool: SnapshotAccount[];
  let what: string;
  const ou = str(t.ou);
  if (ou !== undefined) {
    if (!snapshot.units.some((u) => u.id === ou)) {
      const ids = snapshot.units.map((u) => u.id);
      problems.push({
        path: [...at, 'ou'],
        message: `OU '${ou}' is not in the organization snapshot ${file}`,
        hint:
          didYouMean(ou, ids) ??
          `if the OU is new, write the snapshot again; OUs there: ${snapshot.units
            .slice(0, 8)
            .map((u) => `${u.id} (${u.name})`)
            .join(', ')}${snapshot.units.length > 8 ? ', …' : ''}`,
      });
      return undefined;
    }
    pool = snapshot.accounts.filter((a) => a.path.split('/').includes(ou));
    what = `under OU ${ou}`;
  } else if (isObj(t.tag)) {
    const tags = Object.entries(t.tag);
    pool = snapshot.accounts.filter((a) => tags.every(([k, v]) => a.tags[k] === v));
    what = `with tags ${tags.map(([k, v]) => `${k}=${String(v)}`).join(', ')}`;
  } else return undefined;
  // Only ACTIVE accounts can be deployed into (SUSPENDED and PENDING_CLOSURE accounts refuse
  // requests: https://docs.aws.amazon.com/organizations/latest/APIReference/API_Account.html).
  pool = pool.filter((a) => a.status === 'ACTIVE');
  const excluded = new Set<string>();
  const exclude = Array.isArray(t.exclude) ? t.exclude : [];
  exclude.forEach((entry, k) => {
    const name = str(entry);
    if (name === undefined) return;
    const id = idOf(name) ?? name;
    const hit = pool.filter((a) => a.id === id || a.name === name);
    if (hit.length === 0) {
      problems.push({
        path: [...at, 'exclude', k],
        message: `exclude '${name}' names no active account ${what} in ${file}`,
        hint:
          didYouMean(
            name,
            pool.map((a) => a.name),
          ) ?? 'name an account by its id, its name in the snapshot, or its alias under accounts',
      });
    }
    for (const a of hit) excluded.add(a.id);
  });
  return pool.filter((a) => !excluded.has(a.id)).sort((a, b) => compareText(a.id, b.id));
}

/**
 * The config with every target by OU or tag replaced by explicit targets (one per account,
 * by id) and the accounts it names added under `accounts`. Call on a config that passed
 * {@link configOrganization} without problems.
 */
export function expandOrganization(input: ConfigInput, snapshot: OrgSnapshot): ConfigInput {
  const accounts: Record<string, ConfigInput['accounts'][string]> = { ...input.accounts };
  const aliasById = new Map<string, string>();
  for (const [alias, entry] of Object.entries(accounts))
    aliasById.set(typeof entry === 'string' ? entry : entry.id, alias);
  const aliases = snapshotAliases(snapshot, new Set(Object.keys(accounts)));
  const idOf = (alias: string): string | undefined => {
    const e = input.accounts[alias];
    return e === undefined ? undefined : typeof e === 'string' ? e : e.id;
  };
  const stages = input.stages.map((stage) => ({
    ...stage,
    targets: stage.targets.flatMap((t) => {
      if (t.ou === undefined && t.tag === undefined) return [t];
      const chosen = select(t, [], snapshot, '', [], idOf) ?? [];
      const rest = { ...t };
      delete rest.ou;
      delete rest.tag;
      delete rest.exclude;
      return chosen.map((a) => {
        let alias = aliasById.get(a.id);
        if (alias === undefined) {
          alias = aliases.get(a.id)!;
          accounts[alias] = a.id;
          aliasById.set(a.id, alias);
        }
        return { ...rest, account: alias };
      });
    }),
  }));
  return { ...input, accounts, stages };
}

/**
 * Aliases for snapshot accounts the config does not name: the account's name in alias form
 * when that is unique in the snapshot and free in the config, else `acct-<id>`. Depends on
 * the snapshot only, so the same snapshot gives the same action names.
 */
function snapshotAliases(snapshot: OrgSnapshot, taken: ReadonlySet<string>): Map<string, string> {
  const slug = (name: string): string =>
    name
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^[^a-z]+|-+$/g, '')
      .slice(0, 48);
  const count = new Map<string, number>();
  for (const a of snapshot.accounts) count.set(slug(a.name), (count.get(slug(a.name)) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const a of snapshot.accounts) {
    const s = slug(a.name);
    const ok =
      ALIAS_PATTERN.test(s) && count.get(s) === 1 && !taken.has(s) && !s.startsWith('acct-');
    out.set(a.id, ok ? s : `acct-${a.id}`);
  }
  return out;
}
