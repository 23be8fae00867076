/**
 * `deploy`, `diff` and `destroy` as the toolkit runs them: config → synth → verify (deploy
 * refuses when it fails) → credentials per account (checked) → diff → confirmation on
 * broadening → deployPlan → pipeline.resolved.json.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  createArtifactStoreApi,
  createClientPool,
  createLockApi,
  createSessionPool,
  createStackApi,
  createStackSetApi,
  realSleep,
  type AccountRef,
  type CredentialOptions,
  type SessionPool,
} from '../aws/index.js';
import {
  deployPlan,
  destroyPlan,
  checkStackSetsAccess,
  destroyScope,
  diffPlan,
  findLeftoverStackSets,
  renderAccessChange,
  type Clock,
  type DeployEnvironment,
  type DeployResult,
  type DestroyResult,
  type DiffResult,
} from '../deploy/index.js';
import { createConnectionsReadApi } from '../aws/connections-api.js';
import { createOrganizationsAccessApi } from '../aws/organizations-api.js';
import type { PipelineDocument } from '../aws/pipeline-api.js';
import { CrosslineError } from '../errors/index.js';
import { warnUnavailableConnection } from '../ops/connection-state.js';
import { IO, type IoHost } from '../io/index.js';
import { physicalNames, type Pipeline } from '../model/index.js';
import { stableJson, synthesize, type SynthResult } from '../synth/index.js';
import type { VerifyResult } from '../verify/index.js';
import { requireYes } from './confirm.js';
import { replaceOutputDir, wroteMessage } from './output-dir.js';
import { planReportFiles } from './report.js';
import { DEFAULT_OUT_DIR, writeFileAtomic } from './files.js';
import { verifyJson, verifySynthesized } from './verify.js';

/**
 * How to reach AWS: the flags every AWS command shares (`--profile`, `--assume-role`, which
 * overrides `credentials.assumeRole` of the config, `--endpoint-url`), as src/aws defines them.
 */
export interface AwsAccessOptions extends Pick<
  CredentialOptions,
  'profiles' | 'assumeRole' | 'endpoint' | 'env' | 'retry'
> {
  /** Injected time (tests, benchmarks). */
  readonly clock?: Clock;
  /** Between two polls of a stack. Default 2000 ms. */
  readonly pollIntervalMs?: number;
}

export interface DeployCommandOptions extends AwsAccessOptions {
  readonly outDir?: string;
  /** Apply broadening changes without asking. */
  readonly yes?: boolean;
  readonly concurrency?: number;
  readonly forceUnlock?: string | undefined;
  /** Who holds the lock (the CLI passes user@host pid N). */
  readonly holder?: string;
  /** Replaces the access-script check (tests). */
  readonly verify?: (pipeline: Pipeline, synth: SynthResult) => VerifyResult;
}

export interface DeployRun {
  readonly result: DeployResult;
  readonly diff: DiffResult;
  readonly verify: VerifyResult['counts'];
  readonly outDir: string;
  /** pipeline.resolved.json, written when every stack deployed. */
  readonly resolvedFile?: string | undefined;
}

const realClock: Clock = { now: () => Date.now(), sleep: realSleep };

const ORGANIZATIONS_REGION: Partial<Record<string, string>> = {
  aws: 'us-east-1',
  'aws-us-gov': 'us-gov-west-1',
  'aws-cn': 'cn-northwest-1',
};

export async function runDeploy(
  pipeline: Pipeline,
  io: IoHost,
  options: DeployCommandOptions = {},
): Promise<DeployRun> {
  const synth = synthesize(pipeline);
  const verified = (options.verify ?? verifySynthesized)(pipeline, synth);
  if (!verified.ok) {
    throw new CrosslineError(
      'VerifyFailed',
      'external',
      `verify failed: ${verified.counts.failed} of ${verified.counts.total} access checks do not hold; nothing was deployed`,
      {
        hint: 'run crossline verify to see each failing request and what to change',
        details: verified.counts,
      },
    );
  }
  io.notify(
    IO.DEPLOY_VERIFIED.msg(
      `verify: ${verified.counts.passed}/${verified.counts.total} checks hold`,
    ),
  );
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  // The same folder `plan` writes, replaced as a whole (no half-written mix, no stale files);
  // pipeline.resolved.json joins it once every stack has deployed.
  const files = new Map(synth.files);
  files.set('verify.json', verifyJson(verified));
  for (const [rel, content] of planReportFiles(pipeline, synth, verified)) files.set(rel, content);
  const out = replaceOutputDir(outDir, files);
  io.notify(IO.DEPLOY_WRITTEN.msg(wroteMessage(out, files.size, outDir)));

  const env = deployEnvironment(pipeline, io, options);
  await env.checkAccounts(synth);
  // Trusted access (and the delegated administrator) before anything changes (§13).
  await checkStackSetsAccess(synth.plan, env);
  const diff = await diffPlan(synth, env);
  if (diff.broadening) await confirmBroadening(diff, io, options.yes === true);

  const runId = newRunId();
  const result = await deployPlan(synth, env, {
    runId,
    holder: options.holder ?? 'crossline',
    forceUnlock: options.forceUnlock,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
  });
  let resolvedFile: string | undefined;
  if (result.resolvedPipeline !== undefined) {
    resolvedFile = join(outDir, 'pipeline.resolved.json');
    writeFileAtomic(resolvedFile, stableJson(result.resolvedPipeline));
    io.notify(IO.DEPLOY_RESOLVED.msg(`wrote ${resolvedFile}`));
    if (pipeline.source.provider === 'codeconnections') {
      const tools = pipeline.tools;
      await warnUnavailableConnection(
        result.resolvedPipeline as unknown as PipelineDocument,
        pipeline,
        async (region) =>
          createConnectionsReadApi(
            await env.pool.get(
              { alias: tools.alias, id: tools.id, profile: tools.profile },
              region,
            ),
          ),
        io,
      );
    }
  }
  return { result, diff, verify: verified.counts, outDir, resolvedFile };
}

export async function runDiff(
  pipeline: Pipeline,
  io: IoHost,
  options: AwsAccessOptions = {},
): Promise<DiffResult> {
  const { synth, env } = await synthesizedAndConnected(pipeline, io, options);
  const diff = await diffPlan(synth, env);
  notifyRetirements(diff, io);
  return diff;
}

/** What deploy would delete for the StackSets, and what it could not check, in words. */
function notifyRetirements(diff: DiffResult, io: IoHost): void {
  for (const s of diff.stacks) {
    if (s.replacedBy === undefined) continue;
    const what = s.id.startsWith('stackset/')
      ? `StackSet ${s.stack} from ${s.account.alias}`
      : `${s.stack} in ${s.account.alias}`;
    io.notify(
      IO.DEPLOY_RETIRE.msg(`deploy retires ${what} (replaced by StackSet ${s.replacedBy})`, {
        id: s.id,
        account: s.account.alias,
        accountId: s.account.id,
        stack: s.stack,
        replacedBy: s.replacedBy,
      }),
    );
  }
  for (const w of diff.warnings ?? []) io.notify(IO.DEPLOY_RETIRE_WARNING.msg(w));
}

export interface DestroyCommandOptions extends AwsAccessOptions {
  readonly yes?: boolean;
  readonly includingArtifacts?: boolean;
  readonly concurrency?: number;
  readonly forceUnlock?: string | undefined;
  readonly holder?: string;
}

export async function runDestroy(
  pipeline: Pipeline,
  io: IoHost,
  options: DestroyCommandOptions = {},
): Promise<DestroyResult> {
  const { synth, env } = await synthesizedAndConnected(pipeline, io, options);
  if (options.yes !== true) {
    const { bucket, keyAlias } = physicalNames(pipeline);
    // The StackSets too, with those of the pipeline the config no longer has (§13).
    // A listing that fails is warned about by destroyPlan, which looks again under the lock.
    const leftovers = (await findLeftoverStackSets(synth.plan, env).catch(() => ({ sets: [] })))
      .sets;
    const scope = destroyScope(
      synth.plan.stacks,
      options.includingArtifacts === true,
      { bucket, keyAlias },
      [
        ...(synth.plan.stackSets ?? []),
        ...leftovers.map((l) => ({ name: l.plan.name, leftover: true })),
      ],
    );
    io.notify(IO.DESTROY_SCOPE.msg(scope.text, { deletes: scope.deletes, keeps: scope.keeps }));
    const sets = scope.stackSets.length;
    const answer = await io.confirm?.(
      `destroy these ${scope.deletes.length} stacks${sets === 0 ? '' : ` and ${sets} StackSet${sets === 1 ? '' : 's'}`} of pipeline ${pipeline.name}?`,
    );
    requireYes(answer, {
      noTerminal: 'destroy needs confirmation and there is no terminal to ask',
      declined: 'destroy not confirmed; nothing was deleted',
      hint: 'pass --yes to destroy without asking',
    });
  }
  return destroyPlan(synth, env, {
    runId: newRunId(),
    holder: options.holder ?? 'crossline',
    forceUnlock: options.forceUnlock,
    includingArtifacts: options.includingArtifacts === true,
    keyAlias: physicalNames(pipeline).keyAlias,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
  });
}

async function confirmBroadening(diff: DiffResult, io: IoHost, yes: boolean): Promise<void> {
  const broad = diff.stacks.filter((s) => s.broadening);
  const perStack = broad.map((s) => ({
    id: s.id,
    changes: s.accessChanges
      .filter((c) => c.broadens)
      .map((c) => renderAccessChange(s.account.alias, c)),
  }));
  // Every broadening change in words, per account and stack, above the question: nobody should
  // approve a new managed policy in prod without seeing its name.
  const lines = perStack.flatMap((p) =>
    p.changes.length > 0 ? p.changes : [`${p.id}: broadens access (see crossline diff -v)`],
  );
  io.notify(
    IO.DEPLOY_BROADENING.msg(
      `these changes broaden access:\n${lines.map((l) => `  ${l}`).join('\n')}`,
      perStack,
    ),
  );
  if (yes) return;
  const answer = await io.confirm?.(
    `Deploy ${lines.length === 1 ? 'this change' : `these ${lines.length} changes`} that broaden access?`,
  );
  requireYes(answer, {
    noTerminal:
      'the deploy broadens access and needs confirmation, and there is no terminal to ask',
    declined: 'deploy not confirmed; nothing was changed',
    hint: 'review with crossline diff, then pass --yes to deploy without asking',
  });
}

function newRunId(): string {
  return randomBytes(6).toString('hex');
}

export type ToolkitDeployEnvironment = DeployEnvironment & {
  readonly pool: SessionPool;
  /** Resolves and checks every account the plan touches, before anything changes. */
  checkAccounts(synth: SynthResult): Promise<void>;
};

/**
 * What diff, drift and destroy start from: the plan, and sessions into each of its accounts,
 * each checked to be the account the config names before anything is read or changed.
 */
export async function synthesizedAndConnected(
  pipeline: Pipeline,
  io: IoHost,
  options: AwsAccessOptions,
): Promise<{ synth: SynthResult; env: ToolkitDeployEnvironment }> {
  const synth = synthesize(pipeline);
  const env = deployEnvironment(pipeline, io, options);
  await env.checkAccounts(synth);
  return { synth, env };
}

/** Sessions and APIs per (account, region) for one command; credentials once per account. */
export function deployEnvironment(
  pipeline: Pipeline,
  io: IoHost,
  options: AwsAccessOptions,
): ToolkitDeployEnvironment {
  const pool = createSessionPool({
    region: pipeline.region,
    ...(options.profiles ? { profiles: options.profiles } : {}),
    assumeRole: options.assumeRole ?? pipeline.credentials.assumeRole,
    endpoint: options.endpoint,
    ...(options.env ? { env: options.env } : {}),
    sessionName: `crossline-${pipeline.name}`,
    ...(options.clock ? { now: () => options.clock!.now() } : {}),
    retry: {
      ...options.retry,
      onRetry: (info) => {
        options.retry?.onRetry?.(info);
        io.notify(
          IO.DEPLOY_RETRY.msg(
            `${info.operation}: ${info.error} (${info.reason}); retry ${info.attempt} in ${info.delayMs} ms`,
            info,
          ),
        );
      },
    },
  });
  const ref = (a: { alias: string; id: string }): AccountRef => {
    const full =
      pipeline.accounts.find((x) => x.id === a.id && x.alias === a.alias) ??
      pipeline.accounts.find((x) => x.id === a.id);
    return { alias: full?.alias ?? a.alias, id: a.id, profile: full?.profile };
  };
  const stackApis = createClientPool(pool, createStackApi);
  const artifactApis = createClientPool(pool, createArtifactStoreApi);
  const stackSetApis = new Map<string, ReturnType<typeof createStackSetApi>>();
  const session = (a: { alias: string; id: string }) => pool.get(ref(a));
  return {
    io,
    pool,
    clock: options.clock ?? realClock,
    stackApi: (account, region) => stackApis.get(ref(account), region),
    lockApi: async () => createLockApi(await session(pipeline.tools)),
    artifactStoreApi: (region) => artifactApis.get(ref(pipeline.tools), region),
    async stackSetApi(account, region, callAs) {
      const key = `${account.id}/${region}/${callAs}`;
      let api = stackSetApis.get(key);
      if (api === undefined) {
        api = createStackSetApi(await pool.get(ref(account), region), callAs);
        stackSetApis.set(key, api);
      }
      return api;
    },
    // Organizations is a global service, served from one region per partition
    // (https://docs.aws.amazon.com/general/latest/gr/ao.html).
    organizationsAccessApi: async (account) =>
      createOrganizationsAccessApi(
        await pool.get(ref(account), ORGANIZATIONS_REGION[pipeline.partition] ?? pipeline.region),
      ),
    async checkAccounts(synth) {
      const seen = new Map<string, { alias: string; id: string }>();
      for (const s of synth.plan.stacks) seen.set(s.account.id, s.account);
      // The account the StackSets calls are made in (the management account may be no stack's).
      for (const s of synth.plan.stackSets ?? []) seen.set(s.account.id, s.account);
      const sessions = await Promise.all([...seen.values()].map((a) => session(a)));
      for (const s of sessions) {
        io.notify(
          IO.DEPLOY_CREDENTIALS.msg(
            `${s.account.alias} (${s.account.id}): ${s.via} → ${s.callerArn}`,
          ),
        );
      }
    },
  };
}

/** Result aliases for the Toolkit facade's method signatures. */
export type DiffResultRun = DiffResult;
export type DestroyResultRun = DestroyResult;
