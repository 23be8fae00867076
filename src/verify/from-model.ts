import { arn, physicalNames, regionOf, scopeOf, type Pipeline } from '../model/index.js';
import { parseArn } from '../model/arns.js';
import { releaseChangeSetName } from './release/change-set.js';
import { verifySourceModule } from './sources/registry.js';
import { workloadTopology } from './workloads.js';
import { regionalTopology } from './regions.js';
import { testTopology } from './release/tests.js';
import { notificationTopology } from './release/notifications.js';
import { buildEnvironmentTopology } from './release/build-environment.js';
import { topologyServices, type DeployMode, type Topology } from './topology.js';
import type { PolicyInput } from './types.js';

export interface TopologyOptions {
  /**
   * The artifact key's ARN. It is known only after deploy, so synthesis writes a placeholder
   * into the policies; pass the same text here (see `topologyFromSynth`).
   * Default: {@link KEY_ARN_PLACEHOLDER} in the tools account.
   */
  readonly keyArn?: string;
  /** Default `CREATE_UPDATE`. */
  readonly mode?: DeployMode;
  readonly changeSetName?: string;
  /** The key ARNs of the extra regions' stores (default: the main key's, in that region). */
  readonly regionalKeyArn?: (region: string) => string | undefined;
}

/** Stand-in for the key id before deploy. */
export const KEY_ARN_PLACEHOLDER = '${ArtifactKeyId}';

/**
 * The topology of a pipeline crossline generates: every name follows `physicalNames`, so
 * nothing here needs AWS. Each target account gets the same deploy and execution role names.
 */
export function topologyFromModel(p: Pipeline, options: TopologyOptions = {}): Topology {
  const names = physicalNames(p);
  const tools = scopeOf(p, p.tools);
  const source = scopeOf(p, p.source.account);
  const role = (account: string, name: string): string => arn.role(p.partition, account, name);
  const mode = options.mode ?? 'CREATE_UPDATE';
  const keyArn = options.keyArn ?? arn.key(tools, KEY_ARN_PLACEHOLDER);
  // A source its pipeline's triggers start (CodeConnections) has no source role and no events.
  const events = verifySourceModule(p.source).pipelineTriggered !== true;
  return {
    pipelineName: names.pipeline,
    partition: p.partition,
    region: p.region,
    accounts: p.accounts.map((a) => ({ alias: a.alias, id: a.id })),
    tools: p.tools.id,
    source: p.source.account.id,
    pipelineArn: arn.pipeline(tools, names.pipeline),
    pipelineRole: role(p.tools.id, names.pipelineRole),
    ...(events ? { sourceRole: role(p.source.account.id, names.sourceRole) } : {}),
    sourceAction: verifySourceModule(p.source).topology(p, p.source),
    buildProjectArn: arn.buildProject(tools, names.buildProject),
    buildRole: role(p.tools.id, names.buildRole),
    // CodeBuild's default log group: https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html
    buildLogGroupArn: arn.logGroup(tools, `/aws/codebuild/${names.buildProject}`),
    buildLogGroupCreated: true,
    bucket: names.bucket,
    bucketArn: arn.bucket(p.partition, names.bucket),
    bucketRegion: p.region,
    keyArn,
    ...(events ? { busArn: arn.eventBus(tools) } : {}),
    // A repository in the tools account needs no forwarding: the start rule sees its events.
    ...(!events || p.source.account.id === p.tools.id
      ? {}
      : {
          forwardRuleArn: arn.eventRule(source, names.forwardRule),
          forwardRole: role(p.source.account.id, names.forwardRole),
        }),
    ...(events
      ? {
          startRuleArn: arn.eventRule(tools, names.startRule),
          triggerRole: role(p.tools.id, names.triggerRole),
        }
      : {}),
    targets: p.stages.flatMap((stage) =>
      stage.targets.map((t) => ({
        stage: stage.name,
        alias: t.account.alias,
        account: t.account.id,
        stack: t.stack,
        region: regionOf(p, t),
        deployRole: role(t.account.id, names.deployRole),
        execRole: role(t.account.id, names.execRole),
        // A stage's own mode wins; stages built without one follow `options.mode`.
        mode:
          stage.mode === undefined
            ? mode
            : stage.mode === 'change-set'
              ? 'CHANGE_SET'
              : 'CREATE_UPDATE',
        changeSetName:
          stage.mode === 'change-set'
            ? releaseChangeSetName(names.pipeline)
            : options.changeSetName,
      })),
    ),
    ...workloadTopology(p),
    ...regionalTopology(p, keyArn, options.regionalKeyArn),
    ...testTopology(p),
    ...notificationTopology(p),
    ...buildEnvironmentTopology(p),
    ...(p.organization === undefined
      ? {}
      : {
          organization: {
            id: p.organization.id,
            accountPaths: Object.fromEntries(
              p.accounts.flatMap((a) => (a.orgPath === undefined ? [] : [[a.id, a.orgPath]])),
            ),
            unitPaths: p.organization.units.map((u) => u.path),
          },
        }),
    services: topologyServices(),
  };
}

/**
 * The topology of a synthesized pipeline: as `topologyFromModel`, with the artifact key ARN
 * (a placeholder until deploy) taken from the generated key policy, so rows and policies name
 * the same key, and the deploy actions' mode read from pipeline.json.
 */
export function topologyFromSynth(
  p: Pipeline,
  synth: {
    readonly policies: readonly Pick<PolicyInput, 'kind' | 'attachedTo'>[];
    readonly pipelineJson?: unknown;
  },
  options: TopologyOptions = {},
): Topology {
  const keys = synth.policies.filter((x) => x.kind === 'key');
  const key = keys.find((x) => parseArn(x.attachedTo)?.region === p.region) ?? keys[0];
  const regionalKeyArn = (region: string): string | undefined =>
    keys.find((x) => parseArn(x.attachedTo)?.region === region)?.attachedTo;
  const mode = synth.pipelineJson === undefined ? undefined : deployModeOf(synth.pipelineJson);
  return topologyFromModel(p, {
    ...(key ? { keyArn: key.attachedTo } : {}),
    ...(keys.length > 1 ? { regionalKeyArn } : {}),
    ...(mode ? { mode } : {}),
    ...options,
  });
}

/** The ActionMode of the first CloudFormation action in a create-pipeline document. */
export function deployModeOf(pipelineJson: unknown): DeployMode | undefined {
  const stages = (pipelineJson as { pipeline?: { stages?: unknown } }).pipeline?.stages;
  if (!Array.isArray(stages)) return undefined;
  for (const stage of stages as { actions?: unknown }[]) {
    for (const action of Array.isArray(stage.actions)
      ? (stage.actions as Record<string, unknown>[])
      : []) {
      const type = action.actionTypeId as { provider?: unknown } | undefined;
      if (type?.provider !== 'CloudFormation') continue;
      const mode = (action.configuration as { ActionMode?: unknown } | undefined)?.ActionMode;
      return typeof mode === 'string' && mode.startsWith('CHANGE_SET')
        ? 'CHANGE_SET'
        : 'CREATE_UPDATE';
    }
  }
  return undefined;
}
