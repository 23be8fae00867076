import {
  arn,
  physicalNames,
  scopeOf,
  stackArn,
  servicePrincipal,
  targetAccounts,
  type Account,
  type PhysicalNames,
  type Pipeline,
} from '../model/index.js';
import { ARTIFACT_KEY_ID_PLACEHOLDER } from './placeholders.js';
import type { SynthSourceModule } from './sources/provider.js';
import { sourceModuleOf } from './sources/registry.js';

/**
 * Everything synthesis derives once from the model: physical names, ARNs of every role and
 * resource, and which parts are cross-account. Every generator reads this, so the templates,
 * the policy documents and pipeline.json agree by construction.
 */
export interface SynthContext {
  readonly pipeline: Pipeline;
  readonly names: PhysicalNames;
  readonly partition: string;
  /**
   * Region of the pipeline and its artifact store (key, bucket, bus, build project); the
   * crossline stacks deploy here. Targets name their own region (`regionOf`).
   */
  readonly region: string;
  readonly tools: Account;
  readonly source: Account;
  /** What the source's provider contributes (action, source stack, trigger, bus policy). */
  readonly sourceModule: SynthSourceModule;
  /** Distinct target accounts, in first-use order. */
  readonly targets: readonly Account[];
  /** The source repository lives in the tools account: no event forwarding, no bus policy. */
  readonly sourceInTools: boolean;
  readonly arns: {
    readonly toolsRoot: string;
    readonly sourceRoot: string;
    readonly pipelineRole: string;
    readonly buildRole: string;
    readonly triggerRole: string;
    readonly sourceRole: string;
    readonly bucket: string;
    readonly bucketObjects: string;
    /** The artifact key ARN as it appears before deploy: the one placeholder. */
    readonly key: string;
    readonly pipeline: string;
    readonly buildProject: string;
    readonly buildLogGroup: string;
    readonly toolsBus: string;
    readonly startRule: string;
  };
  readonly buildLogGroupName: string;
  rootOf(account: Account): string;
  deployRoleOf(account: Account): string;
  execRoleOf(account: Account): string;
  /** Every stack of this name in the account, in `region` (default: the pipeline region). */
  stackArn(account: Account, stack: string, region?: string): string;
  /** Stack id `<alias>/<stack name>` (StackId of plan.json). */
  stackId(account: Account, stack: string): string;
  service(name: string): string;
}

export function createContext(p: Pipeline): SynthContext {
  const names = physicalNames(p);
  const part = p.partition;
  const tools = scopeOf(p, p.tools);
  const buildLogGroupName = `/aws/codebuild/${names.buildProject}`;
  return {
    pipeline: p,
    names,
    partition: part,
    region: p.region,
    tools: p.tools,
    source: p.source.account,
    sourceModule: sourceModuleOf(p.source),
    targets: targetAccounts(p),
    sourceInTools: p.source.account.id === p.tools.id,
    arns: {
      toolsRoot: arn.accountRoot(part, p.tools.id),
      sourceRoot: arn.accountRoot(part, p.source.account.id),
      pipelineRole: arn.role(part, p.tools.id, names.pipelineRole),
      buildRole: arn.role(part, p.tools.id, names.buildRole),
      triggerRole: arn.role(part, p.tools.id, names.triggerRole),
      sourceRole: arn.role(part, p.source.account.id, names.sourceRole),
      bucket: arn.bucket(part, names.bucket),
      bucketObjects: arn.bucketObjects(part, names.bucket),
      key: arn.key(tools, ARTIFACT_KEY_ID_PLACEHOLDER),
      pipeline: arn.pipeline(tools, names.pipeline),
      buildProject: arn.buildProject(tools, names.buildProject),
      buildLogGroup: arn.logGroup(tools, buildLogGroupName),
      toolsBus: arn.eventBus(tools),
      startRule: arn.eventRule(tools, names.startRule),
    },
    buildLogGroupName,
    rootOf: (a) => arn.accountRoot(part, a.id),
    deployRoleOf: (a) => arn.role(part, a.id, names.deployRole),
    execRoleOf: (a) => arn.role(part, a.id, names.execRole),
    stackArn: (a, stack, region) => stackArn(scopeOf(p, a, region), stack),
    stackId: (a, stack) => `${a.alias}/${stack}`,
    service: servicePrincipal,
  };
}
