import { servicePrincipal } from '../model/index.js';
import type { TestTopology } from './release/tests.js';
import type { NotificationTopology } from './release/notifications.js';
import type { BuildEnvironmentTopology } from './release/build-environment.js';

/**
 * What the access script needs to know about a pipeline: who acts (role ARNs, service
 * principals) and on what (bucket, key, bus, repository, stacks). Only names and ARNs, no
 * policies: `topologyFromModel` builds it from a config, `doctor` from live state, so the same
 * script checks a generated pipeline and a hand-built one.
 *
 *   source account            tools account                        target account T
 *   ──────────────            ─────────────                        ────────────────
 *   repository ─▶ forward ──▶ default bus ─▶ trigger ─▶ pipeline ─▶ deploy role ─▶ CloudFormation
 *   source role ◀──────────── (assumes) pipeline role ──(assumes)──▶   └─ passes exec role
 *       └─ writes ──▶ bucket/* + key ◀── build role, deploy roles read
 */
export interface TopologyAccount {
  readonly alias: string;
  readonly id: string;
}

/** The CloudFormation action mode the deploy actions use: decides the requests they make. */
export type DeployMode = 'CREATE_UPDATE' | 'CHANGE_SET';

export interface TargetTopology {
  readonly stage: string;
  /** Account alias (or the id when there is none). */
  readonly alias: string;
  readonly account: string;
  readonly stack: string;
  /** Region of the target's stack; absent means the pipeline's region. */
  readonly region?: string | undefined;
  /**
   * Role the pipeline assumes for this target's action. Absent when the action runs as the
   * pipeline role itself (a same-account action without `roleArn`).
   */
  readonly deployRole?: string | undefined;
  /** Role CloudFormation uses (the action configuration's `RoleArn`). */
  readonly execRole?: string | undefined;
  readonly mode: DeployMode;
  /** Change set name (`CHANGE_SET` mode), for the `cloudformation:ChangeSetName` key. */
  readonly changeSetName?: string | undefined;
  /**
   * Objects of the artifact bucket that the target's deployed template makes CloudFormation
   * read as the execution role (doctor finds them in the live template; deployed-packages.ts).
   * A generated pipeline's package reads follow from `Topology.packagesArn` instead.
   */
  readonly packageReads?: readonly PackageRead[] | undefined;
}

/** One object a deployed template reads: `code` (Lambda code, layers), `nested` (a template). */
export interface PackageRead {
  readonly kind: 'code' | 'nested';
  /** The object's ARN, `arn:<partition>:s3:::<bucket>/<key>`. */
  readonly object: string;
  /** The region of the store it is in when that is another region's (`regionalStores`). */
  readonly store?: string | undefined;
}

/**
 * The source action's own resources, one member per provider of the model's `Source` union
 * (`provider` is the discriminant). The generic rows never look inside; the provider's
 * module under `./sources/` does.
 */
export type SourceTopology = CodeCommitSourceTopology | CodeConnectionsSourceTopology;

export interface CodeCommitSourceTopology {
  readonly provider: 'codecommit';
  readonly repositoryArn: string;
}

/** The connection the CodeStarSourceConnection action uses (a placeholder ARN before a created one exists). */
export interface CodeConnectionsSourceTopology {
  readonly provider: 'codeconnections';
  readonly connectionArn: string;
  /** OutputArtifactFormat CODEBUILD_CLONE_REF: the build role clones through the connection. */
  readonly fullClone?: boolean | undefined;
}

export interface Topology {
  readonly pipelineName: string;
  readonly partition: string;
  /** The pipeline's region; a target or the artifact store may name its own. */
  readonly region: string;
  /** Every account that takes part, with the alias used in reports. */
  readonly accounts: readonly TopologyAccount[];
  /** Account ids by part. */
  readonly tools: string;
  readonly source: string;

  readonly pipelineArn: string;
  readonly pipelineRole: string;
  /**
   * Role the pipeline assumes for the source action; absent when the source action runs as
   * the pipeline role (repository in the tools account, no `roleArn`).
   */
  readonly sourceRole?: string | undefined;
  /** What the source action reads, by provider (see `./sources/registry.ts`). */
  readonly sourceAction: SourceTopology;
  readonly buildProjectArn?: string | undefined;
  readonly buildRole?: string | undefined;
  /** The build's log group ARN (without `:*`). */
  readonly buildLogGroupArn?: string | undefined;
  /**
   * The log group exists before the first build (crossline's pipeline stack creates it), so
   * CodeBuild needs only CreateLogStream and PutLogEvents; otherwise it creates the group.
   */
  readonly buildLogGroupCreated?: boolean | undefined;

  readonly bucket: string;
  readonly bucketArn: string;
  /** Region of the artifact bucket (and its key); absent means the pipeline's region. */
  readonly bucketRegion?: string | undefined;
  /** Customer-managed key of the artifact store; absent for the S3-managed default key. */
  readonly keyArn?: string | undefined;
  /** The tools account's default event bus (target of the forwarded commit events). */
  readonly busArn?: string | undefined;

  /** Source-account rule that forwards commit events, and the role it uses. */
  readonly forwardRuleArn?: string | undefined;
  readonly forwardRole?: string | undefined;
  /** Tools-account rule that starts the pipeline, and the role it uses. */
  readonly startRuleArn?: string | undefined;
  readonly triggerRole?: string | undefined;

  readonly targets: readonly TargetTopology[];
  /**
   * Workloads (src/verify/workloads.ts): the packages prefix (`<bucket ARN>/<name>/packages`)
   * when the build packages templates, and the ECR repositories of `images`.
   */
  readonly packagesArn?: string | undefined;
  readonly images?: readonly { readonly name: string; readonly arn: string }[] | undefined;
  /**
   * The artifact stores of the extra regions (targets in several regions, src/verify/regions.ts);
   * absent for a pipeline in one region. The main store is `bucket`/`keyArn` above.
   */
  readonly regionalStores?: readonly RegionalStoreTopology[] | undefined;
  /** Release flow: the tested stages (src/verify/release/tests.ts); absent: none. */
  readonly tests?: readonly TestTopology[] | undefined;
  /** Release flow: the notification topic crossline owns (src/verify/release/notifications.ts). */
  readonly notifications?: NotificationTopology | undefined;
  /**
   * Release flow: what `build.environment` / `build.vpc` make the build role read or create
   * (src/verify/release/build-environment.ts); absent: neither.
   */
  readonly buildEnvironment?: BuildEnvironmentTopology | undefined;
  /**
   * Targets by OU (issue 16): the organization, each account's path (from the snapshot) and
   * the targeted OUs' paths; absent without an organization snapshot.
   */
  readonly organization?: OrganizationTopology | undefined;
  /** Service principals (they differ by partition in a few regions). */
  readonly services: {
    readonly codepipeline: string;
    readonly codebuild: string;
    readonly events: string;
    readonly cloudformation: string;
  };
}

/**
 * The artifact bucket and key CodePipeline uses for the actions of one extra region: the main
 * store's fields, for this region (`packagesArn` when the build packages templates for it).
 */
export interface RegionalStoreTopology extends Pick<
  Topology,
  'bucket' | 'bucketArn' | 'keyArn' | 'packagesArn'
> {
  readonly region: string;
}

export interface OrganizationTopology {
  readonly id: string;
  /** Account id → organization path `o-…/r-…/…/`. */
  readonly accountPaths: Readonly<Record<string, string>>;
  /** The paths of the OUs targets name. */
  readonly unitPaths: readonly string[];
}

/** The principals of the services whose requests the script makes (`Topology.services`). */
export function topologyServices(): Topology['services'] {
  return {
    codepipeline: servicePrincipal('codepipeline'),
    codebuild: servicePrincipal('codebuild'),
    events: servicePrincipal('events'),
    cloudformation: servicePrincipal('cloudformation'),
  };
}

/** The region a target's stack lives in. */
export function targetRegion(t: Topology, target: TargetTopology): string {
  return target.region ?? t.region;
}
