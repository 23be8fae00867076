import type { ActionDeclaration } from '../../aws/pipeline-api.js';
import {
  arn,
  bucketArn,
  parseArn,
  pipelineArn as pipelineArnOf,
  repositoryArn as repositoryArnOf,
  type ArnPlace,
} from '../../model/index.js';
import {
  topologyServices,
  type PolicyInput,
  type TargetTopology,
  type Topology,
} from '../../verify/index.js';
import { accountOf } from '../pipeline-ref.js';
import { mainStore } from './read-stores.js';
import {
  livePackages,
  targetPackages,
  type LivePackages,
  type TargetPackages,
} from './live-packages.js';
import { stackPlace, type StackPlace } from './read-templates.js';
import type { KeyRead, LiveSnapshot } from './snapshot.js';

export interface LiveModel {
  readonly topology: Topology;
  readonly policies: PolicyInput[];
  /** The CodeCommit source action (undefined when the pipeline has none). */
  readonly source?: ActionDeclaration | undefined;
  readonly repositoryArn: string;
  /** The CodeStarSourceConnection source action (undefined when the pipeline has none). */
  readonly connection?: ActionDeclaration | undefined;
  /** What the deployed templates read from the artifact bucket (live-packages.ts). */
  readonly packages: LivePackages;
}

/**
 * The topology verify needs, from a live pipeline: who acts comes from the action role ARNs,
 * what they act on from the artifact store and the action configurations. Aliases for the
 * report: `tools`, `source`, and the stage name of the first deploy into each other account.
 * A deploy action's `region` (default: the pipeline's) is its target's region, and each other
 * region's entry of `artifactStores` a regional store, so verify checks every region's store
 * as it does for a generated pipeline of several regions (src/verify/regions.ts).
 */
export function liveModel(s: LiveSnapshot): LiveModel {
  const p = s.pipeline.pipeline;
  const tools = s.pipelineAccount;
  const actions = p.stages.flatMap((stage) => stage.actions.map((a) => ({ stage: stage.name, a })));
  const source = actions.find((x) => x.a.actionTypeId.provider === 'CodeCommit')?.a;
  const connection = actions.find(
    (x) => x.a.actionTypeId.provider === 'CodeStarSourceConnection',
  )?.a;
  const connectionArn = connection?.configuration?.ConnectionArn;
  const sourceAccount = accountOf(source?.roleArn) ?? tools;
  const scope = (account: string): ArnPlace => ({
    partition: s.partition,
    region: s.region,
    account,
  });
  const repositoryArn = repositoryArnOf(
    scope(sourceAccount),
    source?.configuration?.RepositoryName ?? '(no CodeCommit source)',
  );
  const store = mainStore(p, s.region);
  const bucket = store?.location ?? '(no artifact store)';
  const keyArn = liveKeyArn(s, store?.encryptionKey?.id);
  const regionalStores = regionalStoresOf(s);

  const aliases = new Map<string, string>([[tools, 'tools']]);
  if (!aliases.has(sourceAccount)) aliases.set(sourceAccount, 'source');
  const targets: TargetTopology[] = [];
  const packages: (TargetPackages & { place?: StackPlace | undefined })[] = [];
  // The stores whose policies doctor read, and those of other regions it did not (older snapshots).
  const stores = [
    { bucket },
    ...regionalStores.map((x) => ({ bucket: x.bucket, region: x.region })),
  ];
  const unchecked = Object.values(p.artifactStores ?? {})
    .map((x) => x.location)
    .filter((x) => !stores.some((y) => y.bucket === x));
  for (const { stage, a } of actions) {
    if (a.actionTypeId.provider !== 'CloudFormation' || a.actionTypeId.category !== 'Deploy')
      continue;
    const account = accountOf(a.roleArn) ?? tools;
    if (!aliases.has(account)) {
      const taken = new Set(aliases.values());
      aliases.set(account, taken.has(stage) ? account : stage);
    }
    const mode = (a.configuration?.ActionMode ?? '').startsWith('CHANGE_SET')
      ? 'CHANGE_SET'
      : 'CREATE_UPDATE';
    // The template's reads happen when the stack is created or updated: by the action that
    // does it, or, for a change set, by the one that creates it with its RoleArn.
    const place =
      a.configuration?.ActionMode === 'CHANGE_SET_EXECUTE'
        ? undefined
        : stackPlace(a, tools, s.region);
    const reads = place ? targetPackages(s, place, stores, unchecked) : { found: [], notes: [] };
    packages.push({ ...reads, place });
    targets.push({
      stage,
      alias: aliases.get(account)!,
      account,
      stack: a.configuration?.StackName ?? a.name,
      // An action in another region than the pipeline's (CodePipeline's `region`).
      ...(a.region !== undefined && a.region !== s.region ? { region: a.region } : {}),
      deployRole: a.roleArn,
      execRole: a.configuration?.RoleArn,
      mode,
      changeSetName: a.configuration?.ChangeSetName,
      ...(reads.packageReads ? { packageReads: reads.packageReads } : {}),
    });
  }
  const build = actions.find((x) => x.a.actionTypeId.provider === 'CodeBuild')?.a;
  const buildAccount = accountOf(build?.roleArn) ?? tools;
  const project = s.buildProjects?.find(
    (x) => x.name === build?.configuration?.ProjectName && x.account === buildAccount,
  )?.project;
  if (project?.serviceRole !== undefined && !aliases.has(buildAccount))
    aliases.set(buildAccount, 'build');
  const startRule = s.startRules?.find((r) => r.targets.some((t) => t.roleArn));
  const forwardRule = s.forwardRules?.find((r) => r.targets.some((t) => t.roleArn));
  const pipelineArn = s.pipeline.metadata?.pipelineArn ?? pipelineArnOf(scope(tools), p.name);

  const topology: Topology = {
    pipelineName: p.name,
    partition: s.partition,
    region: s.region,
    accounts: [...aliases].map(([id, alias]) => ({ alias, id })),
    tools,
    source: sourceAccount,
    pipelineArn,
    pipelineRole: p.roleArn,
    sourceRole: source?.roleArn ?? connection?.roleArn,
    // A connection source (and no CodeCommit one): the rows check UseConnection on its ARN.
    sourceAction:
      source === undefined && connectionArn !== undefined
        ? {
            provider: 'codeconnections',
            connectionArn,
            fullClone: connection?.configuration?.OutputArtifactFormat === 'CODEBUILD_CLONE_REF',
          }
        : { provider: 'codecommit', repositoryArn },
    buildProjectArn:
      project?.arn ??
      (build?.configuration?.ProjectName
        ? arn.buildProject(scope(buildAccount), build.configuration.ProjectName)
        : undefined),
    // The project's service role: the build.* rows run against its live policies.
    buildRole: project?.serviceRole,
    ...(project?.logGroup
      ? {
          buildLogGroupArn: arn.logGroup(scope(buildAccount), project.logGroup),
          // doctor does not read CloudWatch Logs: the first build creates the group, so the
          // role needs logs:CreateLogGroup as the CodeBuild service role recipe grants it.
          buildLogGroupCreated: false,
        }
      : {}),
    bucket,
    bucketArn: bucketArn(s.partition, bucket),
    keyArn,
    ...(regionalStores.length > 0 ? { regionalStores } : {}),
    busArn: s.toolsBus?.arn,
    forwardRuleArn: forwardRule?.arn,
    forwardRole: forwardRule?.targets.find((t) => t.roleArn)?.roleArn,
    startRuleArn: startRule?.arn,
    triggerRole: startRule?.targets.find((t) => t.roleArn)?.roleArn,
    targets,
    services: topologyServices(),
  };
  return {
    topology,
    policies: livePolicies(s, keyArn, aliases),
    source,
    repositoryArn,
    ...(connection === undefined ? {} : { connection }),
    packages: livePackages(s.partition, topology, packages),
  };
}

/** The key's ARN: as read, else the reference when it is a key ARN (an alias is not). */
function keyArnOf(key: KeyRead | undefined): string | undefined {
  return key?.key?.arn ?? (key?.reference.includes(':key/') ? key.reference : undefined);
}

/**
 * The artifact stores of the other regions, as verify's regional stores. A key named by its ARN
 * keeps its checks when it could not be read: they depend on an unread document, so doctor
 * counts them not verified.
 */
function regionalStoresOf(s: LiveSnapshot): NonNullable<Topology['regionalStores']>[number][] {
  const declared = s.pipeline.pipeline.artifactStores ?? {};
  return (s.regionalStores ?? []).map((store) => {
    const reference = declared[store.region]?.encryptionKey?.id;
    const keyArn =
      keyArnOf(store.key) ?? (reference?.includes(':key/') === true ? reference : undefined);
    return {
      region: store.region,
      bucket: store.location,
      bucketArn: bucketArn(s.partition, store.location),
      ...(keyArn === undefined ? {} : { keyArn }),
    };
  });
}

/**
 * The artifact key's ARN for the rows: as read, or as the store references it. A key doctor
 * could not read (DescribeKey or GetKeyPolicy refused) still has its rows, which the unread
 * item makes "not verified" (analyze.ts); without an ARN they would silently disappear. A
 * bare id or alias is placed in the account doctor asked (read-live.ts); such a placeholder
 * only names rows that are never evaluated.
 */
function liveKeyArn(s: LiveSnapshot, reference: string | undefined): string | undefined {
  if (s.key !== undefined) return keyArnOf(s.key);
  if (reference === undefined || !s.unread.some((u) => u.what === `key ${reference}`))
    return undefined;
  if (parseArn(reference) !== undefined) return reference;
  const place = { partition: s.partition, region: s.region, account: s.pipelineAccount };
  return reference.startsWith('alias/')
    ? arn.keyAlias(place, reference)
    : arn.key(place, reference);
}

/**
 * Every policy read, as verify's policy inputs, named `<role>/<policy>` so findings point at
 * them. The manual recipe often gives roles the same name in every target account: those
 * are named `<account alias>:<role>/<policy>`, so that each name is one document.
 */
export function livePolicies(
  s: LiveSnapshot,
  keyArn: string | undefined,
  aliases: ReadonlyMap<string, string> = new Map(),
): PolicyInput[] {
  const out: PolicyInput[] = [];
  const live = Object.entries(s.roles).filter(
    (x): x is [string, NonNullable<(typeof x)[1]>] => x[1] !== null,
  );
  const count = new Map<string, number>();
  for (const [, role] of live) count.set(role.name, (count.get(role.name) ?? 0) + 1);
  for (const [arn, role] of live) {
    const account = accountOf(arn) ?? '';
    const roleName =
      (count.get(role.name) ?? 0) > 1
        ? `${aliases.get(account) ?? account}:${role.name}`
        : role.name;
    out.push({
      name: `${roleName}/trust`,
      kind: 'trust',
      account,
      attachedTo: arn,
      document: role.trust,
    });
    // Inline and attached managed policies both grant as the role's identity policies.
    for (const p of [...role.inline, ...role.attached])
      out.push({
        name: `${roleName}/${p.name}`,
        kind: 'identity',
        account,
        attachedTo: arn,
        document: p.document,
      });
  }
  // The pipeline region's store, then those of the other regions: their key policies are
  // named by region, since each has its own.
  const stores = [
    { bucket: s.bucket, key: s.key, keyArn, keyName: 'key policy' },
    ...(s.regionalStores ?? []).map((store) => ({
      bucket: store.bucket,
      key: store.key,
      keyArn: keyArnOf(store.key),
      keyName: `key policy ${store.region}`,
    })),
  ];
  for (const store of stores) {
    if (store.bucket?.policy) {
      out.push({
        name: `bucket ${store.bucket.name}`,
        kind: 'bucket',
        account: s.pipelineAccount,
        attachedTo: bucketArn(s.partition, store.bucket.name),
        document: store.bucket.policy,
      });
    }
    if (store.key?.key?.policy && store.keyArn) {
      out.push({
        name: store.keyName,
        kind: 'key',
        account: store.key.account,
        attachedTo: store.keyArn,
        document: store.key.key.policy,
      });
    }
  }
  if (s.toolsBus?.policy) {
    out.push({
      name: 'tools default bus',
      kind: 'bus',
      account: s.pipelineAccount,
      attachedTo: s.toolsBus.arn,
      document: s.toolsBus.policy,
    });
  }
  return out;
}
