/**
 * The lanes every diagram has: the tools account's (pipeline, key, bucket, build, start rule)
 * and the source account's (repository, source role, forward rule). When the source account
 * is the tools account there is one lane holding both.
 */
import { bucketName, regionalArtifactsStackName } from '../../model/index.js';
import type { DiagramNode, Lane } from './types.js';
import { laneFinding, node, type Draft, type Scope } from './draft.js';

/**
 * The artifact stores of the extra regions (docs/design.md "Regions"): a key and a bucket
 * each, in the pipeline account, from their own artifacts stack. The key alias is the same in
 * every region, so its label names the region; the bucket's name ends with it. A live pipeline
 * brings the stores it has (`names.regionalStores`) and no crossline stacks.
 */
function regionalStores({ input, names, regions }: Scope): {
  stores: DiagramNode[];
  stacks: DiagramNode[];
} {
  const s = input.subject;
  const extra = regions.slice(1);
  const found = names.regionalStores;
  return {
    stores: extra.flatMap((region) => {
      const live = found?.find((x) => x.region === region);
      const key = found === undefined ? names.keyAlias : live?.keyLabel;
      return [
        ...node(
          'key',
          'KMS',
          key === undefined ? undefined : `${key} · ${region}`,
          `KMS key that encrypts the artifacts in ${region}`,
        ),
        ...node(
          'bucket',
          'S3',
          found === undefined ? bucketName(s.name, s.tools.id, region) : live?.bucket,
          `artifact bucket of ${region}: the pipeline role copies the artifacts there`,
        ),
      ];
    }),
    stacks: (found === undefined ? extra : []).flatMap((region) =>
      node(
        'stack',
        'CFN',
        regionalArtifactsStackName(s.name, region),
        `crossline stack in ${region}: key and bucket of that region`,
      ),
    ),
  };
}

function toolsNodes(scope: Scope): DiagramNode[] {
  const { names, regions } = scope;
  const home = regions[0];
  const regional = regionalStores(scope);
  return [
    ...node(
      'key',
      'KMS',
      home === undefined || names.keyAlias === undefined
        ? names.keyAlias
        : `${names.keyAlias} · ${home}`,
      'KMS key that encrypts the artifacts',
    ),
    ...node('bucket', 'S3', names.bucket, 'artifact bucket'),
    ...regional.stores,
    ...node('pipeline', 'CP', names.pipeline, 'CodePipeline pipeline'),
    ...node(
      'role',
      'IAM',
      names.pipelineRole,
      'pipeline role: assumes the source and deploy roles',
    ),
    ...node('project', 'CB', names.buildProject, 'CodeBuild project'),
    ...node('role', 'IAM', names.buildRole, 'build role'),
    ...node('rule', 'EB', names.startRule, 'rule on the default bus that starts the pipeline'),
    ...node('role', 'IAM', names.triggerRole, 'role the start rule uses'),
    ...node('stack', 'CFN', names.artifactsStack, 'crossline stack: key, bucket, bus policy'),
    ...regional.stacks,
    ...node(
      'stack',
      'CFN',
      names.pipelineStack,
      'crossline stack: pipeline, build, roles, start rule',
    ),
  ];
}

function sourceNodes({ input, names }: Scope): DiagramNode[] {
  const { repository, branch } = input.subject.source;
  return [
    ...node('repo', 'CC', `${repository}@${branch}`, 'CodeCommit repository and branch'),
    ...node(
      'role',
      'IAM',
      names.sourceRole,
      'source role: the pipeline assumes it to read the repository',
    ),
    ...node('rule', 'EB', names.forwardRule, 'rule that forwards commit events to the tools bus'),
    ...node('role', 'IAM', names.forwardRole, 'role the forward rule uses'),
    ...node('stack', 'CFN', names.sourceStack, 'crossline stack: source role, forward rule'),
  ];
}

/** A repository behind a CodeConnections connection: a lane outside every account. */
function externalSourceLane({ input }: Scope): Lane {
  const { repository, branch } = input.subject.source;
  return {
    id: 'source',
    kind: 'source',
    title: 'Git provider',
    subtitle: 'outside your AWS accounts',
    note: 'source · CodeConnections',
    accounts: [],
    nodes: node(
      'repo',
      'GIT',
      `${repository}@${branch}`,
      'repository the pipeline reads through its CodeConnections connection',
    ),
    finding: undefined,
  };
}

/** The draft with its fixed lanes: source (if it is its own account), then tools. */
export function fixedLanes(scope: Scope): Draft {
  const { tools, src } = scope;
  const external = scope.input.subject.source.provider === 'codeconnections';
  const shared = src.id === tools.id && !external;
  const toolsLane: Lane = {
    id: 'tools',
    kind: 'tools',
    title: tools.alias,
    subtitle: tools.id,
    note: shared ? 'tools · source' : 'tools · pipeline',
    accounts: [tools],
    nodes: shared ? [...toolsNodes(scope), ...sourceNodes(scope)] : toolsNodes(scope),
    finding: laneFinding(scope, [tools.id]),
  };
  const sourceLane: Lane | undefined = external
    ? externalSourceLane(scope)
    : shared
      ? undefined
      : {
          id: 'source',
          kind: 'source',
          title: src.alias,
          subtitle: src.id,
          note: 'source · repository',
          accounts: [src],
          nodes: sourceNodes(scope),
          finding: laneFinding(scope, [src.id]),
        };
  return {
    lanes: sourceLane ? [sourceLane, toolsLane] : [toolsLane],
    columns: [],
    edges: [],
    toolsLane,
    sourceLane,
    ownLane: new Map(),
  };
}
