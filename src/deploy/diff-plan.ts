/**
 * `crossline diff`: per stack, the deployed template against the generated one, with
 * @aws-cdk/cloudformation-diff (the CDK's own differ). Changes that broaden access (new Allow
 * statements in IAM or resource policies — key, bucket, bus, trust —, removed Denys, new
 * managed policies) are called out; `deploy` asks before applying them.
 */
import { Writable } from 'node:stream';
import type { StackId, SynthResult } from '../synth/types.js';
import type { DeployEnvironment } from './types.js';

export interface StackDiff {
  readonly id: StackId;
  readonly stack: string;
  readonly account: { readonly alias: string; readonly id: string };
  readonly exists: boolean;
  /** Resources added, changed or removed (0 for an identical template). */
  readonly resourceChanges: number;
  readonly broadening: boolean;
  /** IAM statement changes as rows (header first), as the CDK summarises them. */
  readonly securityChanges: readonly (readonly string[])[];
  /** The rendered difference (no colour codes). */
  readonly text: string;
}

export interface DiffResult {
  readonly stacks: readonly StackDiff[];
  readonly broadening: boolean;
  readonly changed: number;
}

export async function diffPlan(
  synth: SynthResult,
  env: Pick<DeployEnvironment, 'stackApi'>,
): Promise<DiffResult> {
  const { fullDiff, formatDifferences } = await import('@aws-cdk/cloudformation-diff');
  const stacks = await Promise.all(
    synth.plan.stacks.map(async (sp): Promise<StackDiff> => {
      const api = await env.stackApi(sp.account);
      const body = await api.template(sp.name);
      const current = body === undefined ? {} : parseTemplate(body);
      const desired = (synth.templates[sp.id] ?? {}) as Record<string, unknown>;
      const diff = fullDiff(current, desired);
      let text = '';
      const sink = new Writable({
        write(chunk: Buffer | string, _enc, done) {
          text += chunk.toString();
          done();
        },
      });
      if (!diff.isEmpty) formatDifferences(sink, diff);
      return {
        id: sp.id,
        stack: sp.name,
        account: sp.account,
        exists: body !== undefined,
        resourceChanges: diff.resources.differenceCount,
        broadening: diff.permissionsBroadened,
        securityChanges: diff.iamChanges.hasChanges ? diff.iamChanges.summarizeStatements() : [],
        text: stripAnsi(text),
      };
    }),
  );
  return {
    stacks,
    broadening: stacks.some((s) => s.broadening),
    changed: stacks.filter((s) => s.resourceChanges > 0 || !s.exists).length,
  };
}

function parseTemplate(body: string): Record<string, unknown> {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    // crossline deploys JSON; anything else was changed by hand: show it all as different.
    return {};
  }
}

function stripAnsi(s: string): string {
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}
