import type { Pipeline } from './types.js';

/**
 * Deterministic physical names. Cross-account references (trust policies, bucket and key
 * policies, action role ARNs) must be known before anything is deployed, so every name is
 * derived from the pipeline `name` (and, for the globally unique bucket, the tools account
 * and region).
 */
export interface PhysicalNames {
  readonly artifactsStack: string;
  readonly pipelineStack: string;
  readonly sourceStack: string;
  readonly targetStack: string;
  readonly pipeline: string;
  readonly bucket: string;
  readonly keyAlias: string;
  /** Role the pipeline assumes in the source account for the CodeCommit action. */
  readonly sourceRole: string;
  /** Role the pipeline assumes in each target account for CloudFormation actions. */
  readonly deployRole: string;
  /** Role CloudFormation uses in each target account (execution.policies). */
  readonly execRole: string;
  readonly pipelineRole: string;
  readonly buildRole: string;
  readonly buildProject: string;
  /** Role of the tools-account rule that starts the pipeline. */
  readonly triggerRole: string;
  readonly startRule: string;
  /** Role of the source-account rule that forwards commits to the tools bus. */
  readonly forwardRole: string;
  readonly forwardRule: string;
}

/** Length limits of the services, checked at validation with the config field to shorten. */
export const NAME_LIMITS = {
  bucket: 63,
  role: 64,
  stack: 128,
  pipeline: 100,
  buildProject: 255,
  rule: 64,
} as const;

export function bucketName(name: string, toolsAccountId: string, region: string): string {
  return `${name}-artifacts-${toolsAccountId}-${region}`;
}

export function physicalNames(p: Pick<Pipeline, 'name' | 'region' | 'tools'>): PhysicalNames {
  const n = p.name;
  return {
    artifactsStack: `${n}-artifacts`,
    pipelineStack: `${n}-pipeline`,
    sourceStack: `${n}-source`,
    targetStack: `${n}-target`,
    pipeline: n,
    bucket: bucketName(n, p.tools.id, p.region),
    keyAlias: `alias/${n}-artifacts`,
    sourceRole: `${n}-source`,
    deployRole: `${n}-deploy`,
    execRole: `${n}-cfn-exec`,
    pipelineRole: `${n}-pipeline`,
    buildRole: `${n}-build`,
    buildProject: `${n}-build`,
    triggerRole: `${n}-trigger`,
    startRule: `${n}-start`,
    forwardRole: `${n}-forward`,
    forwardRule: `${n}-forward`,
  };
}

/**
 * The artifacts stack of an extra region (targets in several regions, docs/design.md §4
 * "Regions"): CodePipeline needs an artifact store in every region an action runs in.
 */
export function regionalArtifactsStackName(name: string, region: string): string {
  return `${name}-artifacts-${region}`;
}
