/**
 * `crossline drift -c FILE`: for a pipeline crossline deployed, what differs between AWS and
 * what `plan` generates now, per account:
 *
 *   config ─▶ synth ─▶ credentials per account (checked)
 *     ├─▶ each stack: GetTemplate vs the generated template (@aws-cdk/cloudformation-diff, as `diff`)
 *     └─▶ each policy: read from its service (key, bucket, bus, trust, inline, managed)
 *           vs the generated one ─▶ the iam engine: does the difference broaden access?
 *
 * Exit 1 on any difference (docs/design.md §8 and issue 15); 0 when AWS matches the plan.
 */
import { createEventsReadApi } from '../aws/events-api.js';
import { createIamReadApi } from '../aws/iam-api.js';
import type { AccountSession, SessionPool } from '../aws/index.js';
import { createKmsReadApi } from '../aws/kms-api.js';
import { createS3ReadApi } from '../aws/s3-api.js';
import { diffPlan, differs, renderAccessChange, type StackDiff } from '../deploy/index.js';
import type { IoHost } from '../io/index.js';
import { physicalNames, roleArn, type Pipeline } from '../model/index.js';
import type { LiveReaders } from '../ops/doctor/index.js';
import { policyDrift, type AccessDrift, type PolicyDrift } from '../ops/drift/index.js';
import { buildAccessScript, topologyFromSynth } from '../verify/index.js';
import { synthesizedAndConnected, type AwsAccessOptions } from './deploy.js';

export interface DriftOptions extends AwsAccessOptions {
  /** Ready readers (tests); default: the sessions of the deploy credentials. */
  readonly readers?: Pick<LiveReaders, 'iam' | 's3' | 'kms' | 'events'> | undefined;
}

export interface StackDrift {
  readonly id: string;
  readonly stack: string;
  readonly account: { readonly alias: string; readonly id: string };
  /** `missing`: not deployed; `changed`: its template differs from the generated one. */
  readonly state: 'missing' | 'changed';
  readonly resources: StackDiff['resources'];
  readonly accessChanges: readonly string[];
  /** The property-level difference (as `diff -v` prints it). */
  readonly text: string;
}

export interface DriftRun {
  readonly pipeline: string;
  readonly stacks: readonly StackDrift[];
  readonly policies: readonly (PolicyDrift & { readonly alias: string })[];
  readonly access: AccessDrift;
  /** Whether a difference lets someone do what the generated policies do not allow. */
  readonly broadening: boolean;
  readonly drifted: boolean;
  /** 1 on any difference (or a policy that could not be read), else 0. */
  readonly exitCode: 0 | 1;
}

export async function runDrift(
  pipeline: Pipeline,
  io: IoHost,
  options: DriftOptions = {},
): Promise<DriftRun> {
  const { synth, env } = await synthesizedAndConnected(pipeline, io, options);
  const diff = await diffPlan(synth, env);
  const stacks: StackDrift[] = diff.stacks.filter(differs).map((s) => ({
    id: s.id,
    stack: s.stack,
    account: s.account,
    state: s.exists ? 'changed' : 'missing',
    resources: s.resources,
    accessChanges: s.accessChanges.map((c) => renderAccessChange(s.account.alias, c)),
    text: s.text,
  }));
  const names = physicalNames(pipeline);
  const execRoles = new Set(
    pipeline.accounts.map((a) => roleArn(pipeline.partition, a.id, names.execRole)),
  );
  const result = await policyDrift({
    generated: synth.policies,
    script: buildAccessScript(topologyFromSynth(pipeline, synth)),
    readers: options.readers ?? poolReaders(env.pool, pipeline),
    target: { keyReference: names.keyAlias, bucket: names.bucket },
    managedOf: (role) => (execRoles.has(role) ? pipeline.execution.policies : []),
    partition: pipeline.partition,
  });
  const alias = (id: string): string => pipeline.accounts.find((a) => a.id === id)?.alias ?? id;
  const policies = result.policies.map((p) => ({ ...p, alias: alias(p.account) }));
  const drifted = stacks.length > 0 || policies.length > 0;
  const broadening = result.access.broadening.length > 0;
  io.notify({
    level: 'info',
    code: 'drift.done',
    message: drifted
      ? `drift: ${stacks.length} stack(s) and ${policies.length} policy(ies) differ from the plan${broadening ? '; access is broadened' : ''}`
      : 'drift: every stack and policy matches the plan',
  });
  return {
    pipeline: names.pipeline,
    stacks,
    policies,
    access: result.access,
    broadening,
    drifted,
    exitCode: drifted ? 1 : 0,
  };
}

function poolReaders(
  pool: SessionPool,
  pipeline: Pipeline,
): Pick<LiveReaders, 'iam' | 's3' | 'kms' | 'events'> {
  const session = (id: string): Promise<AccountSession> => {
    const a = pipeline.accounts.find((x) => x.id === id);
    return pool.get({ alias: a?.alias ?? id, id, ...(a?.profile ? { profile: a.profile } : {}) });
  };
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    let p = cache.get(key) as Promise<T> | undefined;
    if (p === undefined) {
      p = make();
      cache.set(key, p);
    }
    return p;
  };
  return {
    iam: (a) => once(`iam/${a}`, async () => createIamReadApi(await session(a))),
    s3: (a) => once(`s3/${a}`, async () => createS3ReadApi(await session(a))),
    kms: (a) => once(`kms/${a}`, async () => createKmsReadApi(await session(a))),
    events: (a) => once(`events/${a}`, async () => createEventsReadApi(await session(a))),
  };
}
