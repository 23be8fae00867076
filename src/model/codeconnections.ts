import { connectionArn, parseConnectionArn } from './arns.js';
import type { Account, Pipeline } from './types.js';

/**
 * The CodeConnections source (GitHub, GitLab, Bitbucket, GitHub Enterprise Server): the
 * pipeline's `CodeStarSourceConnection` action reads a repository of a third-party provider
 * through a connection. There is no source account: the action runs in the pipeline account
 * with the pipeline role, and the pipeline's V2 `triggers` start it.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html
 */
export interface CodeConnectionsSource {
  readonly provider: 'codeconnections';
  /** Where the Source action runs: always the pipeline (tools) account. */
  readonly account: Account;
  readonly connection: ConnectionRef;
  /** `owner/name` (GitLab: `group/subgroup/name`), the action's FullRepositoryId. */
  readonly repository: string;
  /** The action's BranchName: what a manual start builds, and the default push trigger. */
  readonly branch: string;
  /** The pipeline's git triggers; the config's, or a push to `branch` by default. */
  readonly triggers: GitTriggers;
  /**
   * Full clone: the action outputs a reference (`OutputArtifactFormat: CODEBUILD_CLONE_REF`)
   * and the CodeBuild project clones the repository through the connection itself, so the
   * build role uses the connection too. Default false (a ZIP, `CODE_ZIP`).
   */
  readonly fullClone: boolean;
}

/** The third-party providers crossline can create a connection for. */
export const CONNECTION_PROVIDERS = [
  'Bitbucket',
  'GitHub',
  'GitHubEnterpriseServer',
  'GitLab',
] as const;
export type ConnectionProvider = (typeof CONNECTION_PROVIDERS)[number];

/** An existing connection (by ARN, possibly shared from another account), or one to create. */
export type ConnectionRef =
  | { readonly kind: 'existing'; readonly arn: string }
  | {
      readonly kind: 'create';
      readonly provider: ConnectionProvider;
      /** The host of a GitHub Enterprise Server connection. */
      readonly host?: string | undefined;
    };

/** Include/exclude glob lists of a trigger filter (empty lists are left out of the API). */
export interface GitFilter {
  readonly includes: readonly string[];
  readonly excludes: readonly string[];
}

export interface GitPushFilter {
  readonly branches?: GitFilter | undefined;
  readonly tags?: GitFilter | undefined;
  readonly filePaths?: GitFilter | undefined;
}

export const PULL_REQUEST_EVENTS = ['OPEN', 'UPDATED', 'CLOSED'] as const;
export type PullRequestEvent = (typeof PULL_REQUEST_EVENTS)[number];

export interface GitPullRequestFilter {
  readonly events: readonly PullRequestEvent[];
  readonly branches?: GitFilter | undefined;
  readonly filePaths?: GitFilter | undefined;
}

export interface GitTriggers {
  readonly push: readonly GitPushFilter[];
  readonly pullRequest: readonly GitPullRequestFilter[];
}

/**
 * A connection crossline creates gets its id when CloudFormation creates it: policies and
 * pipeline.json carry an ARN with this id in the pipeline account, the template a GetAtt, and
 * `deploy` replaces it with the `ConnectionArn` output of the pipeline stack.
 */
export const CONNECTION_ID_PLACEHOLDER = 'CONNECTION-ID-KNOWN-AFTER-DEPLOY';

/** The connection's ARN: the configured one, or the placeholder of the one crossline creates. */
export function connectionArnOf(
  p: Pick<Pipeline, 'partition' | 'region' | 'tools'>,
  source: CodeConnectionsSource,
): string {
  return source.connection.kind === 'existing'
    ? source.connection.arn
    : connectionArn(
        { partition: p.partition, region: p.region, account: p.tools.id },
        CONNECTION_ID_PLACEHOLDER,
      );
}

/**
 * The IAM actions that let a principal use the connection: `codeconnections:UseConnection`,
 * and for a connection of the older `codestar-connections` prefix that prefix's action too (a
 * policy must name the prefix of the resource's ARN:
 * https://docs.aws.amazon.com/dtconsole/latest/userguide/security-iam.html). Sorted.
 */
export function useConnectionActions(connection: string): readonly string[] {
  return parseConnectionArn(connection)?.service === 'codestar-connections'
    ? ['codeconnections:UseConnection', 'codestar-connections:UseConnection']
    : ['codeconnections:UseConnection'];
}
