import type { CodeBuildReadApi } from '../../aws/codebuild-api.js';
import type { ConnectionsReadApi } from '../../aws/connections-api.js';
import type { RamReadApi } from '../../aws/ram-api.js';
import { readConnectionShare } from './read-share.js';
import { mainStore, readRegionalStores, type Attempt } from './read-stores.js';
import type { EventsReadApi, LiveRule } from '../../aws/events-api.js';
import type { IamReadApi, LiveRole } from '../../aws/iam-api.js';
import type { KmsReadApi } from '../../aws/kms-api.js';
import type { ActionDeclaration, PipelineApi, PipelineDocument } from '../../aws/pipeline-api.js';
import type { S3ReadApi } from '../../aws/s3-api.js';
import type { StackTemplateReadApi } from '../../aws/stack-api.js';
import { CrosslineError } from '../../errors/index.js';
import type { IoHost } from '../../io/index.js';
import {
  bucketArn,
  eventBusArn,
  parseArn,
  parseConnectionArn,
  pipelineArn as pipelineArnOf,
  repositoryArn,
  roleName,
} from '../../model/index.js';
import { accountOf, pipelineAccount, type PipelineRef } from '../pipeline-ref.js';
import { deployedStacks, templateArn, templateWhat } from './read-templates.js';
import type { BuildProjectRead, LiveSnapshot, StackTemplateRead, UnreadItem } from './snapshot.js';

/** Read-only APIs per account; creating one may fail (no credentials for that account). */
export interface LiveReaders {
  iam(account: string): Promise<IamReadApi>;
  /** S3 and KMS in `region` (default: the pipeline's), for the artifact store of each region. */
  s3(account: string, region?: string): Promise<S3ReadApi>;
  kms(account: string, region?: string): Promise<KmsReadApi>;
  events(account: string): Promise<EventsReadApi>;
  codebuild(account: string): Promise<CodeBuildReadApi>;
  /** Connections of an account in a region; absent: the connection is not read. */
  connections?(account: string, region: string): Promise<ConnectionsReadApi>;
  /** AWS RAM of an account in a region; absent: a shared connection's share is not read. */
  ram?(account: string, region: string): Promise<RamReadApi>;
  /** CloudFormation of an account in a region; absent: the target stacks' templates are not read. */
  cloudformation?(account: string, region: string): Promise<StackTemplateReadApi>;
}

/**
 * Reads the live setup of a pipeline, starting from get-pipeline: every account is
 * discovered from the pipeline itself (action role ARNs, the artifact store, the key ARN).
 *
 *   get-pipeline ─▶ roles (pipeline, action, CloudFormation) in their own accounts
 *               ─▶ build projects (batch-get-projects) ─▶ their service roles
 *               ─▶ artifact bucket policy + encryption ─▶ key (by ARN or alias) + key policy
 *                  (and of every other region's store in `artifactStores`, in that region)
 *               ─▶ tools bus policy, rules starting the pipeline ─▶ source rules forwarding to it
 *               ─▶ each deployed stack's template, in the action's account and region
 *
 * What cannot be read is recorded in `unread` and left unchecked, never guessed.
 */
export async function readLiveSnapshot(
  api: PipelineApi,
  ref: PipelineRef,
  readers: LiveReaders,
  io: IoHost,
  now: () => Date = () => new Date(),
): Promise<LiveSnapshot> {
  const doc = await api.getPipeline(ref.name);
  const home = pipelineAccount(ref, doc);
  if (home === undefined) {
    throw new CrosslineError(
      'AwsRequestFailed',
      'external',
      `cannot tell which account pipeline ${ref.name} lives in`,
      {
        hint: 'pass --account ID',
      },
    );
  }
  const partition =
    parseArn(doc.metadata?.pipelineArn ?? doc.pipeline.roleArn)?.partition ?? ref.partition;
  const pipelineArn =
    doc.metadata?.pipelineArn ??
    pipelineArnOf({ partition, region: ref.region, account: home }, ref.name);
  const unread: UnreadItem[] = [];
  const attempt: Attempt = async (what, account, fn, arn) => {
    io.notify({ level: 'debug', code: 'doctor.read', message: `reading ${what} in ${account}` });
    try {
      return await fn();
    } catch (e) {
      // A SyntaxError of our own JSON.parse: the read succeeded, a document did not parse.
      const parse = e instanceof SyntaxError && !('$metadata' in e);
      const message = e instanceof Error ? e.message : String(e);
      const error =
        parse && !/is not a JSON document/.test(message)
          ? `its policy is not a JSON document: ${message}`
          : message;
      unread.push({
        what,
        account,
        error,
        reason: parse ? 'parse' : 'read',
        ...(arn ? { arn } : {}),
      });
      io.notify({
        level: 'warn',
        code: 'doctor.unread',
        message: parse
          ? `read ${what} in account ${account}, but ${error}`
          : `cannot read ${what} in account ${account}: ${error}`,
      });
      return undefined;
    }
  };

  const roles: Record<string, LiveRole | null> = {};
  const readRole = async (roleArn: string): Promise<void> => {
    if (roleArn in roles || unread.some((u) => u.arn === roleArn)) return;
    const account = accountOf(roleArn);
    // The role name is the last path segment (roles may have a path).
    const name = roleName(roleArn);
    if (account === undefined || name === '') return;
    const role = await attempt(
      `role ${roleArn}`,
      account,
      async () => (await (await readers.iam(account)).readRole(name)) ?? null,
      roleArn,
    );
    // undefined: could not read (recorded in `unread`); null: the role does not exist.
    if (role !== undefined) roles[roleArn] = role;
  };

  const actions = doc.pipeline.stages.flatMap((s) => s.actions);
  for (const roleArn of roleArnsOf(doc, actions)) await readRole(roleArn);

  // The build role is not in the pipeline: it is the project's service role.
  const buildProjects: BuildProjectRead[] = [];
  for (const a of actions) {
    const name = a.actionTypeId.provider === 'CodeBuild' ? a.configuration?.ProjectName : undefined;
    if (name === undefined) continue;
    // A build action with its own role runs the project in that role's account.
    const account = accountOf(a.roleArn) ?? home;
    if (buildProjects.some((p) => p.name === name && p.account === account)) continue;
    const project = await attempt(
      `build project ${name}`,
      account,
      async () => (await (await readers.codebuild(account)).readProject(name)) ?? null,
    );
    if (project === undefined) continue;
    buildProjects.push({ name, account, project });
    if (project?.serviceRole) await readRole(project.serviceRole);
  }

  const store = mainStore(doc.pipeline, ref.region);
  const bucket = store
    ? await attempt(
        `bucket ${store.location}`,
        home,
        async () => (await readers.s3(home)).readBucket(store.location),
        bucketArn(partition, store.location),
      )
    : undefined;
  let key: LiveSnapshot['key'];
  const reference = store?.encryptionKey?.id;
  if (reference !== undefined) {
    const keyAccount = accountOf(reference) ?? home;
    const live = await attempt(
      `key ${reference}`,
      keyAccount,
      async () => (await readers.kms(keyAccount)).readKey(reference),
      reference,
    );
    if (live !== undefined || !unread.some((u) => u.what === `key ${reference}`)) {
      key = { reference, account: keyAccount, key: live ?? null };
    }
  }

  const regionalStores = await readRegionalStores(
    doc.pipeline,
    { account: home, region: ref.region, partition },
    readers,
    attempt,
    unread,
  );

  const busArn = eventBusArn({ partition, region: ref.region, account: home });
  const busPolicy = await attempt(
    'default event bus policy',
    home,
    async () => (await readers.events(home)).busPolicy(),
    busArn,
  );
  const startRules = await attempt('rules that start the pipeline', home, async () =>
    (await readers.events(home)).rulesTargeting(pipelineArn),
  );
  for (const rule of startRules ?? [])
    for (const t of rule.targets) if (t.roleArn) await readRole(t.roleArn);

  const source = actions.find((a) => a.actionTypeId.provider === 'CodeCommit');
  const sourceAccount = accountOf(source?.roleArn) ?? home;
  let forwardRules: LiveRule[] | undefined;
  if (source && sourceAccount !== home) {
    const repo = repositoryArn(
      { partition, region: ref.region, account: sourceAccount },
      source.configuration?.RepositoryName ?? '',
    );
    const all = await attempt(
      'rules that forward commits to the tools bus',
      sourceAccount,
      async () => (await readers.events(sourceAccount)).rulesTargeting(busArn),
    );
    // One source account may feed several pipelines: keep the rules about this repository.
    forwardRules = all?.filter(
      (r) => r.eventPattern === undefined || JSON.stringify(r.eventPattern).includes(repo),
    );
    for (const rule of forwardRules ?? [])
      for (const t of rule.targets) if (t.roleArn) await readRole(t.roleArn);
  }

  let connection: LiveSnapshot['connection'];
  const connectionArn = actions.find((a) => a.actionTypeId.provider === 'CodeStarSourceConnection')
    ?.configuration?.ConnectionArn;
  if (connectionArn !== undefined && readers.connections !== undefined) {
    const read = readers.connections.bind(readers);
    // Read as the pipeline reads it: from its own account (a connection shared through AWS
    // RAM belongs to another), in the connection's region.
    const region = parseConnectionArn(connectionArn)?.region ?? ref.region;
    const live = await attempt(
      `connection ${connectionArn}`,
      home,
      async () => (await read(home, region)).readConnection(connectionArn),
      connectionArn,
    );
    if (live !== undefined) connection = { ...live, account: home };
  }
  // A connection of another account reaches the pipeline only through an AWS RAM share. Shares
  // of global resources such as connections are made in us-east-1 (the connections-share page
  // cited in src/aws/ram-api.ts); other partitions ask in the connection's own region.
  let connectionShare: LiveSnapshot['connectionShare'];
  const owner = connectionArn === undefined ? undefined : parseConnectionArn(connectionArn);
  if (connectionArn !== undefined && owner !== undefined && owner.account !== home && readers.ram) {
    const readRam = readers.ram.bind(readers);
    const region = partition === 'aws' ? 'us-east-1' : owner.region;
    connectionShare = await attempt(
      `AWS RAM shares of ${connectionArn}`,
      home,
      async () => readConnectionShare(await readRam(home, region), connectionArn),
      connectionArn,
    );
  }

  let templates: StackTemplateRead[] | undefined;
  if (readers.cloudformation !== undefined) {
    const read = readers.cloudformation.bind(readers);
    templates = [];
    for (const place of deployedStacks(doc, home, ref.region)) {
      const { account, region, stack } = place;
      const template = await attempt(
        templateWhat(place),
        account,
        async () => (await (await read(account, region)).readTemplate(stack)) ?? null,
        templateArn(partition, place),
      );
      if (template === undefined) continue;
      templates.push({ ...place, template });
      if (template === null)
        io.notify({
          level: 'info',
          code: 'doctor.no-stack',
          message: `stack ${stack} does not exist in account ${account} (${region}) yet: no template to check for code it reads from the artifact bucket`,
        });
    }
  }

  return {
    kind: 'crossline-doctor-snapshot',
    version: 1,
    capturedAt: now().toISOString(),
    region: ref.region,
    partition,
    pipelineAccount: home,
    pipeline: doc,
    roles,
    buildProjects,
    ...(bucket ? { bucket } : {}),
    ...(key ? { key } : {}),
    ...(regionalStores.length > 0 ? { regionalStores } : {}),
    ...(busPolicy !== undefined ? { toolsBus: { arn: busArn, policy: busPolicy } } : {}),
    ...(startRules ? { startRules } : {}),
    ...(forwardRules ? { forwardRules } : {}),
    ...(connection ? { connection } : {}),
    ...(connectionShare ? { connectionShare } : {}),
    ...(templates ? { templates } : {}),
    unread,
  };
}

/** The pipeline role, each action's role, and each CloudFormation action's service role. */
function roleArnsOf(doc: PipelineDocument, actions: readonly ActionDeclaration[]): string[] {
  const arns = [doc.pipeline.roleArn];
  for (const a of actions) {
    if (a.roleArn) arns.push(a.roleArn);
    const cfnRole =
      a.actionTypeId.provider === 'CloudFormation' ? a.configuration?.RoleArn : undefined;
    if (cfnRole) arns.push(cfnRole);
  }
  return [...new Set(arns)];
}
