import * as z from 'zod/mini';
import './zod-messages.js';
import { ALL_REGIONS } from '../model/index.js';
import { managedPolicy } from './execution.js';
import { releaseStageShape, releaseTargetShape } from './release.js';
import { notificationsShape } from './notifications.js';
import { buildEnvironmentShape } from './build-environment.js';
import { regionTargetShape } from './regions.js';
import { organizationShape, organizationTargetShape } from './organization.js';
import { codeCommitTriggers, codeConnectionsSourceSchema } from './codeconnections.js';

// A CLI parses one config per process: zod's JIT (code generated with `new Function` on the
// first parse) costs more than it saves here. Must be set before any schema is built.
z.config({ jitless: true });

/**
 * Config v1 (docs/design.md §2): the single source of truth for the file's types, its
 * validation and the JSON Schema published for editors (schema/crossline.schema.json).
 * Cross-references (aliases, duplicates, name lengths) are checked in `semantics.ts`.
 */

export const NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** CloudFormation stack names: a letter, then letters, digits and hyphens, at most 128. */
export const STACK_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
/** CodePipeline stage names. */
export const STAGE_NAME_PATTERN = /^[A-Za-z0-9.@\-_]{1,100}$/;
/** CodeCommit repository names (1-100 of letters, digits, `.`, `_`, `-`). */
export const REPOSITORY_PATTERN = /^[\w.-]{1,100}$/;
/**
 * Git branch names (git check-ref-format): no spaces, control characters or ~ ^ : ? * [ \,
 * no `..` or `@{`, no leading/trailing `/` or `.`, not ending in `.lock`. (Empty passes here:
 * `minLength(1)` reports it with its own message.)
 */
export const BRANCH_PATTERN =
  /^(?![/.])(?!.*(?:\.\.|@\{|\/\/|\/\.|\.lock$|[/.]$))[^\s~^:?*[\\\x00-\x1f\x7f]*$/;
const ALIAS_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

const accountId = z
  .string()
  .check(z.regex(ACCOUNT_ID_PATTERN, 'an AWS account id is exactly 12 digits, as a quoted string'))
  .register(z.globalRegistry, {
    description: '12-digit AWS account id, quoted so YAML keeps it a string',
  });

const accountEntry = z.union([
  accountId,
  z
    .strictObject({
      id: accountId,
      profile: z.optional(z.string().check(z.minLength(1))).register(z.globalRegistry, {
        description: 'AWS CLI profile for this account (deploy time)',
      }),
    })
    .register(z.globalRegistry, { description: 'An account with its own credentials profile' }),
]);

const target = z
  .strictObject({
    account: z
      .optional(z.string())
      .register(z.globalRegistry, { description: 'Alias of the account to deploy into' }),
    stack: z
      .string()
      .check(
        z.regex(
          STACK_NAME_PATTERN,
          'a stack name starts with a letter and has only letters, digits and hyphens (at most 128)',
        ),
      )
      .register(z.globalRegistry, {
        description: 'CloudFormation stack name in the target account',
      }),
    template: z
      .string()
      .check(z.minLength(1))
      .register(z.globalRegistry, { description: 'Template path inside the build output' }),
    parameters: z
      .optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])))
      .register(z.globalRegistry, { description: 'Stack parameters' }),
    // Release flow (release.ts): order within the stage.
    ...releaseTargetShape,
    // --- workloads (src/config/workloads.ts checks the path) ---
    configuration: z.optional(z.string().check(z.minLength(1))).register(z.globalRegistry, {
      description:
        'Template configuration file inside the build output (TemplateConfiguration); parameters override its Parameters',
    }),
    // --- end workloads ---
    // Regions (regions.ts): the region of the target's stack.
    ...regionTargetShape,
    // Targets by OU or tag (organization.ts expands them into account targets).
    ...organizationTargetShape,
  })
  .register(z.globalRegistry, { description: 'A CloudFormation stack the pipeline deploys' });

const stage = z.strictObject({
  name: z
    .string()
    .check(z.regex(STAGE_NAME_PATTERN, 'a stage name has 1-100 letters, digits, or . @ - _'))
    .register(z.globalRegistry, { description: 'Stage name, unique in the pipeline' }),
  approval: z.optional(z.boolean()).register(z.globalRegistry, {
    description: 'Manual approval before this stage (default false)',
  }),
  targets: z.array(target).check(z.minLength(1, 'a stage needs at least one target')),
  // Release flow (release.ts): how the stage deploys.
  ...releaseStageShape,
});

export const configSchema = z
  .strictObject({
    $schema: z.optional(z.string()),
    version: z.literal(1).register(z.globalRegistry, { description: 'Config format version' }),
    name: z
      .string()
      .check(
        z.regex(
          NAME_PATTERN,
          'the name is 1-32 of lower-case letters, digits and hyphens, starting with a letter',
        ),
      )
      .register(z.globalRegistry, {
        description: 'Pipeline name; every physical name starts with it',
      }),
    region: z
      .string()
      .register(z.globalRegistry, { description: 'The one region of the whole pipeline' }),
    pipelineAccount: z.optional(z.string()).register(z.globalRegistry, {
      description: "Alias of the account that holds the pipeline (default: the alias 'tools')",
    }),
    accounts: z
      .record(
        z
          .string()
          .check(
            z.regex(ALIAS_PATTERN, 'an alias starts with a letter and has letters, digits, - or _'),
          ),
        accountEntry,
      )
      .register(z.globalRegistry, {
        description: 'Alias -> 12-digit account id, or {id, profile}',
      }),
    source: z.discriminatedUnion('provider', [
      z.strictObject({
        provider: z.optional(z.literal('codecommit')).register(z.globalRegistry, {
          description: 'codecommit (default) or codeconnections (GitHub, GitLab, Bitbucket)',
        }),
        account: z.string().register(z.globalRegistry, {
          description: 'Alias of the account holding the CodeCommit repository',
        }),
        repository: z
          .string()
          .check(
            z.regex(
              REPOSITORY_PATTERN,
              'a CodeCommit repository name has 1-100 letters, digits, . _ or -',
            ),
            z.refine(
              (s) => !s.toLowerCase().endsWith('.git'),
              'a CodeCommit repository name cannot end in .git',
            ),
          )
          .register(z.globalRegistry, { description: 'CodeCommit repository name' }),
        branch: z
          .string()
          .check(
            z.minLength(1, 'the branch cannot be empty'),
            z.regex(BRANCH_PATTERN, 'not a valid git branch name'),
          )
          .register(z.globalRegistry, { description: 'Branch that triggers the pipeline' }),
        create: z.optional(z.boolean()).register(z.globalRegistry, {
          description: 'Create the repository in the source stack (default false)',
        }),
        triggers: codeCommitTriggers,
      }),
      codeConnectionsSourceSchema,
    ]),
    build: z
      .strictObject({
        commands: z.array(z.string()).check(z.minLength(1, 'give at least one build command')),
        artifacts: z
          .optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)))
          .register(z.globalRegistry, {
            description: 'Files the deploy stages read (default: everything)',
          }),
        image: z.optional(z.string()).register(z.globalRegistry, {
          description: 'CodeBuild image (default aws/codebuild/standard:7.0)',
        }),
        computeType: z.optional(
          z.enum(['BUILD_GENERAL1_SMALL', 'BUILD_GENERAL1_MEDIUM', 'BUILD_GENERAL1_LARGE']),
        ),
        ...buildEnvironmentShape,
        // --- workloads (src/config/workloads.ts checks the paths) ---
        package: z
          .optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)))
          .register(z.globalRegistry, {
            description:
              'Templates to run `aws cloudformation package` on after the commands; code and nested templates go to <bucket>/<name>/packages/',
          }),
        // --- end workloads ---
      })
      .register(z.globalRegistry, { description: 'CodeBuild in the pipeline account' }),
    // --- workloads (src/config/workloads.ts checks names and duplicates) ---
    images: z
      .optional(
        z
          .array(
            z.strictObject({
              name: z
                .string()
                .register(z.globalRegistry, { description: 'ECR repository name, e.g. shop/api' }),
              tagImmutability: z.optional(z.boolean()).register(z.globalRegistry, {
                description:
                  'Refuse to overwrite a pushed tag (ImageTagMutability IMMUTABLE; default false)',
              }),
            }),
          )
          .check(z.minLength(1)),
      )
      .register(z.globalRegistry, {
        description:
          'ECR repositories in the pipeline account that the build pushes to and targets pull from',
      }),
    // --- end workloads ---
    stages: z.array(stage).check(z.minLength(1, 'give at least one stage')),
    execution: z
      .strictObject({
        policies: z
          .array(managedPolicy)
          .check(
            z.minLength(
              1,
              'name at least one managed policy for the CloudFormation execution role',
            ),
          ),
      })
      .register(z.globalRegistry, {
        description: 'What CloudFormation may do in target accounts (required, no default)',
      }),
    credentials: z
      .optional(
        z.strictObject({
          assumeRole: z.optional(z.string().check(z.minLength(1))).register(z.globalRegistry, {
            description: 'Role to assume in accounts without a profile',
          }),
        }),
      )
      .register(z.globalRegistry, { description: 'Deploy-time credentials' }),
    // AWS Organizations snapshot for targets by OU or tag (organization.ts).
    ...organizationShape,
    // Release flow: who is told of pipeline events (notifications.ts).
    ...notificationsShape,
  })
  .register(z.globalRegistry, { description: 'crossline pipeline config, version 1' });

export type ConfigInput = z.infer<typeof configSchema>;

type JsonObject = Record<string, unknown>;
type JsonProperties = { properties: Record<string, JsonObject> };

/**
 * The JSON Schema of the config for editors (schema/crossline.schema.json), generated from
 * `configSchema`. The pipeline region and every target's region also list the known regions,
 * so editors can complete them. The zod schema keeps them strings: the loader's located
 * "did you mean" (regions.ts) needs the typo to reach it, not an enum failure.
 */
export function jsonSchema(): JsonObject {
  const schema = z.toJSONSchema(configSchema, {
    target: 'draft-2020-12',
  }) as unknown as JsonObject & JsonProperties;
  const stage = schema.properties.stages?.items as JsonProperties;
  const targetItems = stage.properties.targets?.items as JsonProperties;
  for (const region of [schema.properties.region, targetItems.properties.region]) {
    if (region === undefined) throw new Error('jsonSchema: a region property moved');
    region.enum = [...ALL_REGIONS];
  }
  return schema;
}
