import * as z from 'zod/mini';
import {
  CONNECTION_PROVIDERS,
  PULL_REQUEST_EVENTS,
  parseArn,
  parseConnectionArn,
  partitionOf,
  withPartition,
  type Account,
  type CodeConnectionsSource,
  type GitFilter,
  type GitTriggers,
} from '../model/index.js';
import type { RawProblem } from './problems.js';
import { type Obj, isObj } from './raw.js';

/**
 * `source.provider: codeconnections` (docs/design.md §2): a GitHub, GitLab or Bitbucket
 * repository read through a CodeConnections connection, started by V2 git triggers. Kept apart
 * from `schema.ts`, whose `source` is the discriminated union of the providers.
 */

const TRIGGERS_DOC =
  'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-filter.html';
const FILTER_DOC =
  'https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_GitBranchFilterCriteria.html';
const HOSTS_DOC = 'https://docs.aws.amazon.com/dtconsole/latest/userguide/connections-hosts.html';

/** owner/name; GitLab groups nest (group/subgroup/name). No empty segment, no spaces. */
export const FULL_REPOSITORY_PATTERN = /^[^/\s]+(\/[^/\s]+)+$/;

/** A glob list: CodePipeline takes 1-8 patterns of 1-255 characters per list (FILTER_DOC). */
const patterns = z
  .array(z.string().check(z.minLength(1), z.maxLength(255)))
  .check(z.maxLength(8, `CodePipeline takes at most 8 patterns per list (${FILTER_DOC})`));
const filter = z
  .strictObject({
    includes: z
      .optional(patterns)
      .register(z.globalRegistry, { description: 'Glob patterns that start the pipeline' }),
    excludes: z
      .optional(patterns)
      .register(z.globalRegistry, { description: 'Glob patterns that never start it' }),
  })
  .register(z.globalRegistry, { description: 'Include/exclude globs' });

const connection = z.union([
  z
    .string()
    .check(
      z.refine(
        (s) => parseConnectionArn(s) !== undefined,
        'not a connection ARN: arn:<partition>:codeconnections:<region>:<12-digit account>:connection/<id> (or the older codestar-connections: form)',
      ),
    )
    .register(z.globalRegistry, {
      description: 'ARN of an existing connection (yours, or shared through AWS RAM)',
    }),
  z
    .strictObject({
      create: z.literal(true).register(z.globalRegistry, {
        description: 'Create the connection in the pipeline stack',
      }),
      provider: z
        .enum(CONNECTION_PROVIDERS)
        .register(z.globalRegistry, { description: 'The third-party provider' }),
      host: z.optional(z.string().check(z.minLength(1))).register(z.globalRegistry, {
        description: 'ARN of the CodeConnections host (GitHubEnterpriseServer only)',
      }),
    })
    .register(z.globalRegistry, {
      description:
        'A connection crossline creates; it stays PENDING until completed in the console',
    }),
]);

/** The keys of `source` when `provider: codeconnections`. */
export const codeConnectionsSourceSchema = z
  .strictObject({
    provider: z.literal('codeconnections'),
    connection,
    repository: z
      .string()
      .check(
        z.regex(
          FULL_REPOSITORY_PATTERN,
          'a connection repository is owner/name, e.g. acme/storefront',
        ),
      )
      .register(z.globalRegistry, {
        description: 'owner/name of the repository (FullRepositoryId)',
      }),
    branch: z
      .string()
      .check(z.minLength(1, 'the branch cannot be empty'))
      .register(z.globalRegistry, {
        description: 'Branch a manual start builds; the default push trigger',
      }),
    fullClone: z.optional(z.boolean()).register(z.globalRegistry, {
      description:
        'Full clone (OutputArtifactFormat CODEBUILD_CLONE_REF): the build clones the repository with git history; its role may use the connection (default false: a ZIP)',
    }),
    triggers: z
      .optional(
        z
          .strictObject({
            push: z
              .optional(
                z.strictObject({
                  branches: z.optional(filter),
                  tags: z.optional(filter),
                  filePaths: z.optional(filter),
                }),
              )
              .register(z.globalRegistry, {
                description: 'Start on pushes that match these filters',
              }),
            pullRequest: z
              .optional(
                z.strictObject({
                  events: z
                    .array(z.enum(PULL_REQUEST_EVENTS))
                    .check(z.minLength(1), z.maxLength(3))
                    .register(z.globalRegistry, { description: 'OPEN, UPDATED and/or CLOSED' }),
                  branches: z.optional(filter),
                  filePaths: z.optional(filter),
                }),
              )
              .register(z.globalRegistry, { description: 'Start on pull request events' }),
          })
          .check(
            z.refine(
              (t) => t.push !== undefined || t.pullRequest !== undefined,
              'give push, pullRequest or both (without triggers, a push to branch starts the pipeline)',
            ),
          ),
      )
      .register(z.globalRegistry, {
        description: `V2 git triggers (default: a push to branch) — ${TRIGGERS_DOC}`,
      }),
  })
  .register(z.globalRegistry, {
    description: 'A GitHub, GitLab or Bitbucket repository through CodeConnections',
  });

/** `triggers` under a CodeCommit source: git triggers exist only for connection sources. */
export const codeCommitTriggers = z
  .optional(
    z
      .unknown()
      .check(
        z.refine(
          () => false,
          `git triggers are for provider: codeconnections only; a CodeCommit source starts the pipeline through EventBridge (CodePipeline supports trigger filters only for CodeStarSourceConnection actions — ${TRIGGERS_DOC})`,
        ),
      ),
  )
  .register(z.globalRegistry, {
    description: 'Not allowed: git triggers need provider: codeconnections',
  });

/** What the schema cannot see: the partition of the connection against the pipeline's region. */
export function codeConnectionsProblems(raw: Obj): RawProblem[] {
  const source = raw.source;
  if (!isObj(source) || source.provider !== 'codeconnections') return [];
  const problems: RawProblem[] = [];
  const region = typeof raw.region === 'string' ? raw.region : undefined;
  const partition = region === undefined ? undefined : partitionOf(region);
  const conn = source.connection;
  if (typeof conn === 'string' && partition !== undefined) {
    const given = parseConnectionArn(conn)?.partition;
    if (given !== undefined && given !== partition) {
      problems.push({
        path: ['source', 'connection'],
        message: `the connection is in partition '${given}', but ${region} is in '${partition}': a pipeline cannot use a connection of another partition`,
        hint: `use a connection created in ${partition}, e.g. ${withPartition(conn, partition)}`,
      });
    }
  }
  if (isObj(conn) && conn.provider === 'GitHubEnterpriseServer' && conn.host === undefined) {
    problems.push({
      path: ['source', 'connection'],
      message: `a GitHubEnterpriseServer connection needs the host that represents your server (${HOSTS_DOC})`,
      hint: 'create the host first, then add host: arn:…:codeconnections:<region>:<account>:host/<id>',
    });
  }
  const host = isObj(conn) && typeof conn.host === 'string' ? parseArn(conn.host) : undefined;
  if (isObj(conn) && typeof conn.host === 'string' && host?.resource.startsWith('host/') !== true) {
    problems.push({
      path: ['source', 'connection', 'host'],
      message: 'not a host ARN (…:codeconnections:<region>:<account>:host/<id>)',
      hint: 'copy the host ARN from Developer Tools > Settings > Connections > Hosts',
    });
  }
  return problems;
}

interface FilterInput {
  readonly includes?: readonly string[] | undefined;
  readonly excludes?: readonly string[] | undefined;
}

const gitFilter = (f: FilterInput | undefined): GitFilter | undefined =>
  f === undefined ? undefined : { includes: f.includes ?? [], excludes: f.excludes ?? [] };

type Input = z.infer<typeof codeConnectionsSourceSchema>;

/** The model's source for a validated codeconnections config; `tools` runs the action. */
export function toCodeConnectionsSource(input: Input, tools: Account): CodeConnectionsSource {
  const c = input.connection;
  const push = input.triggers?.push;
  const pr = input.triggers?.pullRequest;
  const triggers: GitTriggers =
    input.triggers === undefined
      ? { push: [{ branches: { includes: [input.branch], excludes: [] } }], pullRequest: [] }
      : {
          push:
            push === undefined
              ? []
              : [
                  {
                    branches: gitFilter(push.branches),
                    tags: gitFilter(push.tags),
                    filePaths: gitFilter(push.filePaths),
                  },
                ],
          pullRequest:
            pr === undefined
              ? []
              : [
                  {
                    events: [...new Set(pr.events)],
                    branches: gitFilter(pr.branches),
                    filePaths: gitFilter(pr.filePaths),
                  },
                ],
        };
  return {
    provider: 'codeconnections',
    account: tools,
    connection:
      typeof c === 'string'
        ? { kind: 'existing', arn: c }
        : { kind: 'create', provider: c.provider, host: c.host },
    repository: input.repository,
    branch: input.branch,
    triggers,
    fullClone: input.fullClone === true,
  };
}

/** Hints for schema problems under `source` that concern the providers (hints.ts asks first). */
export function sourceHint(key: string, raw: Obj): string | undefined {
  const source = isObj(raw.source) ? raw.source : {};
  const connections = source.provider === 'codeconnections';
  switch (key) {
    case 'source.provider':
      return 'provider: codecommit (the default) or provider: codeconnections (GitHub, GitLab, Bitbucket)';
    case 'source.connection':
      return 'connection: arn:<partition>:codeconnections:<region>:<account>:connection/<id>, or connection: { create: true, provider: GitHub }';
    case 'source.connection.provider':
      return `one of ${CONNECTION_PROVIDERS.join(', ')}`;
    case 'source.repository':
      return connections
        ? 'owner/name as the provider shows it, e.g. repository: acme/storefront'
        : undefined;
    case 'source.triggers':
      return connections
        ? `push and/or pullRequest filters (${TRIGGERS_DOC})`
        : 'remove triggers (commits to branch start a CodeCommit pipeline), or use provider: codeconnections';
    case 'source.triggers.pullRequest.events':
    case 'source.triggers.pullRequest.events.[]':
      return `one or more of ${PULL_REQUEST_EVENTS.join(', ')}`;
    default:
      return key.startsWith('source.triggers.') ? `see ${TRIGGERS_DOC}` : undefined;
  }
}
