/**
 * `deploy` reads the organization again before it goes on (issue 16): accounts join and leave
 * OUs every week, and the snapshot a config names is only as new as its last `crossline org
 * snapshot`. The fresh organization replaces the snapshot for this run (targets by OU and tag
 * are expanded from it), what changed is shown first, new accounts are confirmed like
 * broadening changes (they get the deploy and execution roles' access), and the snapshot file
 * is rewritten once the deploy succeeded, so that `plan` shows what was deployed.
 *
 * The read uses the credentials deploy has for the pipeline account (which is then the
 * management account or a delegated administrator for Organizations). When it fails, deploy
 * goes on with the snapshot and says so: the snapshot is what `plan` verified.
 */
import { readFileSync } from 'node:fs';
import { loadConfigFile, type LoadedConfig } from '../config/index.js';
import { IO, type IoHost } from '../io/index.js';
import type { Partition, Pipeline } from '../model/index.js';
import { organizationChanges, renderOrgChange, type OrgChange } from '../ops/org/changes.js';
import { readOrganization, snapshotJson, type OrgSnapshot } from '../ops/org/index.js';
import { requireYes } from './confirm.js';
import type { AwsAccessOptions } from './deploy.js';
import { writeFileAtomic } from './files.js';

export interface RefreshedOrganization {
  /** The pipeline to deploy: expanded from the fresh organization when it could be read. */
  readonly pipeline: Pipeline;
  readonly changes: readonly OrgChange[];
  /** Writes the organization as read to the snapshot file when it differs (after a deploy that succeeded). */
  commit(): void;
}

export interface RefreshOptions extends AwsAccessOptions {
  /** New accounts need no confirmation. */
  readonly yes?: boolean;
  /** Reads the organization (tests); default: Organizations with the pipeline account's credentials. */
  readonly readOrganization?: (pipeline: Pipeline) => Promise<OrgSnapshot>;
}

export async function refreshOrganization(
  loaded: LoadedConfig,
  io: IoHost,
  options: RefreshOptions = {},
): Promise<RefreshedOrganization> {
  const before = loaded.pipeline;
  const unchanged: RefreshedOrganization = { pipeline: before, changes: [], commit: () => {} };
  const org = before.organization;
  if (org === undefined) return unchanged;
  let live: OrgSnapshot;
  try {
    live = await (options.readOrganization ?? readWithPipelineAccount(io, options))(before);
  } catch (e) {
    io.notify({
      ...IO.DEPLOY_ORGANIZATION.msg(
        `could not read the organization again (${(e as Error).message}); deploying the accounts of ${org.snapshot} as plan verified them`,
        [],
      ),
      level: 'warn',
    });
    return unchanged;
  }
  const text = snapshotJson(live);
  if (text === readText(org.snapshot)) {
    io.notify({
      ...IO.DEPLOY_ORGANIZATION.msg(
        `organization ${live.organization.id}: unchanged since ${org.snapshot}`,
        [],
      ),
      level: 'debug',
    });
    return unchanged;
  }
  // The same checks as with the file: an OU that is gone, an exclude that names nothing now.
  const after = loadConfigFile(loaded.file, { snapshot: live }).pipeline;
  const changes = organizationChanges(before, after);
  const commit = (): void => {
    writeFileAtomic(org.snapshot, text);
    io.notify(
      IO.DEPLOY_ORGANIZATION.msg(
        `updated ${org.snapshot} to the organization as deployed`,
        changes,
      ),
    );
  };
  if (changes.length === 0) {
    io.notify(
      IO.DEPLOY_ORGANIZATION.msg(
        `organization ${live.organization.id} changed since ${org.snapshot}, but not in the accounts this pipeline targets`,
        [],
      ),
    );
    return { pipeline: after, changes, commit };
  }
  io.notify({
    ...IO.DEPLOY_ORGANIZATION.msg(
      `the organization changed since ${org.snapshot}:\n${changes.map((c) => `  ${renderOrgChange(c)}`).join('\n')}`,
      changes,
    ),
    level: 'warn',
  });
  const joined = changes.filter((c) => c.kind === 'joined').length;
  if (joined > 0 && options.yes !== true) {
    const answer = await io.confirm?.(
      `Deploy to ${joined === 1 ? 'the account' : `the ${joined} accounts`} that joined the targets (they get the pipeline's deploy access)?`,
    );
    requireYes(answer, {
      noTerminal:
        'accounts joined the targeted OUs since the snapshot; the deploy needs confirmation, and there is no terminal to ask',
      declined: 'deploy not confirmed; nothing was changed',
      hint: `review with \`crossline org snapshot -o ${org.snapshot}\` and crossline plan, then pass --yes to deploy without asking`,
    });
  }
  return { pipeline: after, changes, commit };
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Organizations is global, served from one region per partition (https://docs.aws.amazon.com/general/latest/gr/ao.html). */
const ORGANIZATIONS_REGION: Partial<Record<Partition, string>> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-northwest-1',
  'aws-us-gov': 'us-gov-west-1',
};

function readWithPipelineAccount(
  io: IoHost,
  options: AwsAccessOptions,
): (pipeline: Pipeline) => Promise<OrgSnapshot> {
  return async (pipeline) => {
    const [{ deployEnvironment }, { createOrganizationsReadApi }] = await Promise.all([
      import('./deploy.js'),
      import('../aws/organizations-api.js'),
    ]);
    const tools = pipeline.tools;
    const session = await deployEnvironment(pipeline, io, options).pool.get(
      { alias: tools.alias, id: tools.id, profile: tools.profile },
      ORGANIZATIONS_REGION[pipeline.partition] ?? pipeline.region,
    );
    return readOrganization(await createOrganizationsReadApi(session));
  };
}
