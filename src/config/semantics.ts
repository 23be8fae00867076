import { buildEnvironmentOf } from './build-variables.js';
import {
  ALL_REGIONS,
  NAME_LIMITS,
  compareText,
  isKnownRegion,
  partitionOf,
  physicalNames,
  type Account,
  type AccountPart,
  type Pipeline,
  type Stage,
} from '../model/index.js';
import type { RawProblem } from './problems.js';
import type { ConfigInput } from './schema.js';
import { ACCOUNT_ID_PATTERN, NAME_PATTERN } from './schema.js';
import { releaseProblems } from './release.js';
import { regionProblems, targetRegionOf } from './regions.js';
import { policyPartitionProblems, targetExecution } from './execution.js';
import { stageOnFailure } from './on-failure.js';
import { stageTests } from './stage-tests.js';
import { codeConnectionsProblems, toCodeConnectionsSource } from './codeconnections.js';
import { didYouMean } from './suggest.js';
import { imagesOf } from './workloads.js';
import { notificationsOf } from './notifications.js';
import { type Obj, isObj, str } from './raw.js';

/** Stage names crossline itself uses in the pipeline. */
const RESERVED_STAGES = ['Source', 'Build'];
const DEFAULT_IMAGE = 'aws/codebuild/standard:7.0';
const DEFAULT_COMPUTE = 'BUILD_GENERAL1_SMALL';

/**
 * The rules the schema cannot express: cross-references, uniqueness, the region, and the
 * length of the physical names derived from `name`. Works on the raw document, so that these
 * problems are reported together with schema problems.
 */
export function semanticProblems(raw: Obj): RawProblem[] {
  const problems: RawProblem[] = [];
  const accounts = isObj(raw.accounts) ? raw.accounts : {};
  const aliases = Object.keys(accounts);

  const checkAlias = (value: unknown, path: (string | number)[], what: string): void => {
    const alias = str(value);
    if (alias === undefined || Object.hasOwn(accounts, alias)) return;
    problems.push({
      path,
      message: `${what} '${alias}' is not an alias under 'accounts'`,
      hint: didYouMean(alias, aliases) ?? `known aliases: ${aliases.join(', ') || '(none)'}`,
    });
  };

  const region = str(raw.region);
  if (region !== undefined && !isKnownRegion(region)) {
    problems.push({
      path: ['region'],
      message: `'${region}' is not an AWS region`,
      hint: didYouMean(region, ALL_REGIONS) ?? 'use a region code such as us-east-1 or eu-west-1',
    });
  }

  if (raw.pipelineAccount !== undefined)
    checkAlias(raw.pipelineAccount, ['pipelineAccount'], 'pipelineAccount');
  else if (isObj(raw.accounts) && !Object.hasOwn(accounts, 'tools')) {
    problems.push({
      path: ['accounts'],
      message: "no pipeline account: there is no alias 'tools' and no 'pipelineAccount'",
      hint: "name the account that holds the pipeline 'tools', or set pipelineAccount: <alias>",
    });
  }

  if (isObj(raw.source)) checkAlias(raw.source.account, ['source', 'account'], 'source.account');

  const stages = Array.isArray(raw.stages) ? raw.stages : [];
  const stageNames = new Map<string, number>();
  const stacks = new Map<string, string>();
  stages.forEach((stage, i) => {
    if (!isObj(stage)) return;
    const name = str(stage.name);
    if (name !== undefined) {
      const key = name.toLowerCase();
      const first = stageNames.get(key);
      if (first !== undefined) {
        problems.push({
          path: ['stages', i, 'name'],
          message: `duplicate stage name '${name}' (also stages[${first}])`,
          hint: 'stage names must be unique in a pipeline',
        });
      } else stageNames.set(key, i);
      if (RESERVED_STAGES.some((r) => r.toLowerCase() === key)) {
        problems.push({
          path: ['stages', i, 'name'],
          message: `stage name '${name}' is reserved: crossline creates the ${RESERVED_STAGES.join(' and ')} stages itself`,
          hint: 'rename the stage, e.g. deploy-' + key,
        });
      }
    }
    const targets = Array.isArray(stage.targets) ? stage.targets : [];
    targets.forEach((t, j) => {
      if (!isObj(t)) return;
      checkAlias(t.account, ['stages', i, 'targets', j, 'account'], 'target account');
      const account = str(t.account);
      const stack = str(t.stack);
      if (account !== undefined && stack !== undefined) {
        // One stack per account and region: the same stack may be deployed once per region.
        const named = str(t.region);
        const key = `${account}/${stack}/${named ?? region ?? ''}`;
        const first = stacks.get(key);
        if (first !== undefined) {
          problems.push({
            path: ['stages', i, 'targets', j, named === undefined ? 'stack' : 'region'],
            message: `stack '${stack}' in account '${account}'${named === undefined ? '' : ` and region ${named}`} is deployed twice (also ${first})`,
            hint:
              named === undefined
                ? 'each stack in an account is deployed by one target'
                : 'each stack in an account and region is deployed by one target; give the other region',
          });
        } else stacks.set(key, `stages[${i}].targets[${j}]`);
      }
    });
  });

  const ids = new Map<string, string>();
  for (const [alias, entry] of Object.entries(accounts)) {
    const id = str(entry) ?? (isObj(entry) ? str(entry.id) : undefined);
    if (id === undefined || !ACCOUNT_ID_PATTERN.test(id)) continue;
    const other = ids.get(id);
    if (other !== undefined) {
      problems.push({
        path: ['accounts', alias],
        message: `accounts '${other}' and '${alias}' have the same id ${id}`,
        hint: 'use one alias per account',
      });
    } else ids.set(id, alias);
  }

  problems.push(
    ...nameLengthProblems(raw, accounts),
    ...policyPartitionProblems(
      isObj(raw.execution) ? raw.execution.policies : undefined,
      ['execution', 'policies'],
      str(raw.region),
    ),
    ...releaseProblems(raw),
    ...regionProblems(raw),
    ...codeConnectionsProblems(raw),
  );
  return problems;
}

/** Physical names derived from `name` must fit the services' limits (docs/design.md §4). */
function nameLengthProblems(raw: Obj, accounts: Obj): RawProblem[] {
  const name = str(raw.name);
  const region = str(raw.region);
  if (name === undefined || !NAME_PATTERN.test(name) || region === undefined) return [];
  const toolsAlias = str(raw.pipelineAccount) ?? 'tools';
  const entry = accounts[toolsAlias];
  const toolsId = str(entry) ?? (isObj(entry) ? str(entry.id) : undefined) ?? '000000000000';
  const names = physicalNames({
    name,
    region,
    tools: { alias: toolsAlias, id: toolsId, parts: ['tools'] },
  });
  const problems: RawProblem[] = [];
  const excess = names.bucket.length - NAME_LIMITS.bucket;
  if (excess > 0) {
    problems.push({
      path: ['name'],
      message: `the artifact bucket name '${names.bucket}' would be ${names.bucket.length} characters; S3 allows ${NAME_LIMITS.bucket}`,
      hint: `shorten 'name' by at least ${excess} character${excess === 1 ? '' : 's'} (the bucket is <name>-artifacts-<tools account>-<region>)`,
    });
  }
  for (const role of [
    names.sourceRole,
    names.deployRole,
    names.execRole,
    names.pipelineRole,
    names.buildRole,
    names.triggerRole,
    names.forwardRole,
  ]) {
    if (role.length > NAME_LIMITS.role) {
      problems.push({
        path: ['name'],
        message: `the role name '${role}' would be ${role.length} characters; IAM allows ${NAME_LIMITS.role}`,
        hint: "shorten 'name'",
      });
    }
  }
  return problems;
}

/** Builds the domain model from a config that passed every check. */
export function toPipeline(input: ConfigInput): Pipeline {
  const region = input.region;
  const partition = partitionOf(region)!;
  const toolsAlias = input.pipelineAccount ?? 'tools';
  const parts = new Map<string, Set<AccountPart>>();
  const addPart = (alias: string, part: AccountPart): void => {
    parts.set(alias, (parts.get(alias) ?? new Set()).add(part));
  };
  addPart(toolsAlias, 'tools');
  // A connection source has no source account: its action runs in the pipeline account.
  if (input.source.provider !== 'codeconnections') addPart(input.source.account, 'source');
  // Targets by OU or tag were expanded into account targets (organization.ts) before this.
  for (const s of input.stages) for (const t of s.targets) addPart(t.account!, 'target');

  const accounts: Account[] = Object.entries(input.accounts)
    .map(([alias, entry]) => ({
      alias,
      id: typeof entry === 'string' ? entry : entry.id,
      profile: typeof entry === 'string' ? undefined : entry.profile,
      parts: [...(parts.get(alias) ?? [])].sort(),
    }))
    .sort((a, b) => compareText(a.alias, b.alias));
  const byAlias = (alias: string): Account => accounts.find((a) => a.alias === alias)!;

  const stages: Stage[] = input.stages.map((s) => ({
    name: s.name,
    // A change set is made to be reviewed: its stage has an approval unless told otherwise.
    approval: s.approval ?? s.mode === 'change-set',
    mode: s.mode ?? 'create-update',
    ...stageOnFailure(s),
    ...stageTests(s),
    targets: s.targets.map((t) => ({
      account: byAlias(t.account!),
      stack: t.stack,
      template: t.template,
      ...(t.after === undefined ? {} : { after: t.after }),
      parameters: Object.fromEntries(
        Object.entries(t.parameters ?? {})
          .map(([k, v]) => [k, String(v)] as const)
          .sort(([a], [b]) => compareText(a, b)),
      ),
      ...(t.configuration === undefined ? {} : { configuration: t.configuration }),
      ...(targetRegionOf(region, t) === undefined ? {} : { region: targetRegionOf(region, t) }),
      ...targetExecution(s, t),
    })),
  }));

  return {
    name: input.name,
    region,
    partition,
    accounts,
    tools: byAlias(toolsAlias),
    source:
      input.source.provider === 'codeconnections'
        ? toCodeConnectionsSource(input.source, byAlias(toolsAlias))
        : {
            provider: 'codecommit',
            account: byAlias(input.source.account),
            repository: input.source.repository,
            branch: input.source.branch,
            create: input.source.create ?? false,
          },
    build: {
      commands: input.build.commands,
      artifacts: input.build.artifacts,
      image: input.build.image ?? DEFAULT_IMAGE,
      computeType: input.build.computeType ?? DEFAULT_COMPUTE,
      ...(input.build.package === undefined ? {} : { package: input.build.package }),
      ...buildEnvironmentOf(input.build),
    },
    stages,
    execution: { policies: input.execution.policies },
    credentials: { assumeRole: input.credentials?.assumeRole },
    ...(input.images === undefined ? {} : { images: imagesOf(input) }),
    ...notificationsOf(input),
  };
}
