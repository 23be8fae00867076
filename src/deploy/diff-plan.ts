/**
 * `crossline diff`: per stack (and per StackSet of OU accounts), the deployed template against the generated one, with
 * @aws-cdk/cloudformation-diff (the CDK's own differ). Each stack gets the list of resources
 * that change, the IAM changes in words (see access-changes.ts) and, for `-v`, the CDK's
 * property-level rendering of the resources, parameters and outputs. The CDK's IAM table and
 * its notes are left out: the IAM changes are already listed once, by name. Changes that
 * broaden access are marked; `deploy` asks before applying them.
 */
import { Writable } from 'node:stream';
import type { TemplateDiff } from '@aws-cdk/cloudformation-diff';
import type { StackId, SynthResult } from '../synth/types.js';
import { accessChanges, type AccessChange } from './access-changes.js';
import { stackSetNodeId, stackSetTemplate } from './stackset-ids.js';
import type { DeployEnvironment } from './types.js';

export interface ResourceChangeLine {
  readonly sign: '+' | '-' | '~';
  readonly logicalId: string;
  readonly type: string;
  /** Whether the update replaces the resource (CloudFormation creates a new one). */
  readonly replaces: boolean;
}

export interface StackDiff {
  readonly id: StackId;
  readonly stack: string;
  readonly account: { readonly alias: string; readonly id: string };
  readonly exists: boolean;
  /** Resources added, changed or removed (0 for an identical template). */
  readonly resourceChanges: number;
  /** Parameters, outputs and other sections that differ, besides resources. */
  readonly otherChanges: number;
  readonly resources: readonly ResourceChangeLine[];
  readonly broadening: boolean;
  /** Every IAM change (managed policies, identity, resource and trust statements), by name. */
  readonly accessChanges: readonly AccessChange[];
  /** The property-level difference of resources, parameters and outputs (no colour codes). */
  readonly text: string;
  /**
   * Deploy deletes this stack (or StackSet, `stackset/<name>`), which the plan does not have,
   * because this planned StackSet brings its roles (docs/design.md §13).
   */
  readonly replacedBy?: string | undefined;
}

/** One thing diff compares: what deploy would make it, and how to read what is deployed. */
export interface DiffSource {
  readonly id: string;
  readonly name: string;
  readonly account: { readonly alias: string; readonly id: string };
  readonly desired: Record<string, unknown>;
  readonly current: () => Promise<string | undefined>;
  readonly replacedBy?: string | undefined;
}

export interface DiffResult {
  readonly stacks: readonly StackDiff[];
  readonly broadening: boolean;
  /** Stacks that differ in anything (or are not deployed yet). */
  readonly changed: number;
  /** What deploy could not check, or leaves in place, about the StackSets (see stackset-preview.ts). */
  readonly warnings?: readonly string[];
}

export async function diffPlan(
  synth: SynthResult,
  env: Pick<DeployEnvironment, 'stackApi' | 'stackSetApi'>,
): Promise<DiffResult> {
  const { fullDiff, Formatter } = await import('@aws-cdk/cloudformation-diff');
  // Each stack, then each StackSet of OU accounts (its template against DescribeStackSet's),
  // then what deploy would retire for them (their template against nothing).
  const preview =
    (synth.plan.stackSets ?? []).length === 0
      ? { sources: [], warnings: [] }
      : await (await import('./stackset-preview.js')).retirementSources(synth, env);
  const sources: DiffSource[] = [
    ...synth.plan.stacks.map((sp) => ({
      id: sp.id,
      name: sp.name,
      account: sp.account,
      desired: synth.templates[sp.id] ?? {},
      current: async () => (await env.stackApi(sp.account, sp.region)).template(sp.name),
    })),
    ...(synth.plan.stackSets ?? []).map((set) => ({
      id: stackSetNodeId(set.name),
      name: set.name,
      account: set.account,
      desired: stackSetTemplate(synth, set),
      current: async () => {
        if (env.stackSetApi === undefined) return undefined;
        const api = await env.stackSetApi(set.account, set.region, set.callAs);
        return (await api.describe(set.name))?.templateBody;
      },
    })),
    ...preview.sources,
  ];
  const stacks = await Promise.all(
    sources.map(async (sp): Promise<StackDiff> => {
      const body = await sp.current();
      const current = body === undefined ? {} : parseTemplate(body);
      const desired = sp.desired;
      const diff = fullDiff(current, desired);
      let text = '';
      const sink = new Writable({
        write(chunk: Buffer | string, _enc, done) {
          text += chunk.toString();
          done();
        },
      });
      const f = new Formatter(sink, {}, diff, 3);
      f.formatSection('Parameters', 'Parameter', diff.parameters);
      f.formatSection('Conditions', 'Condition', diff.conditions);
      f.formatSection('Resources', 'Resource', diff.resources, f.formatResourceDifference.bind(f));
      f.formatSection('Outputs', 'Output', diff.outputs);
      f.formatSection('Other Changes', 'Unknown', diff.unknown);
      const resources = resourceLines(diff);
      const access = accessChanges(diff, current, desired);
      return {
        id: sp.id,
        stack: sp.name,
        account: sp.account,
        exists: body !== undefined,
        resourceChanges: diff.resources.differenceCount,
        otherChanges:
          diff.parameters.differenceCount +
          diff.outputs.differenceCount +
          diff.conditions.differenceCount +
          diff.unknown.differenceCount,
        resources,
        broadening: diff.permissionsBroadened || access.some((c) => c.broadens),
        accessChanges: access,
        text: stripAnsi(text),
        ...(sp.replacedBy === undefined ? {} : { replacedBy: sp.replacedBy }),
      };
    }),
  );
  return {
    stacks,
    broadening: stacks.some((s) => s.broadening),
    changed: stacks.filter(differs).length,
    ...(preview.warnings.length === 0 ? {} : { warnings: preview.warnings }),
  };
}

/** One line per resource the diff adds (+), removes (-) or changes (~). */
export function resourceLines(diff: TemplateDiff): ResourceChangeLine[] {
  const lines: ResourceChangeLine[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    lines.push({
      sign: change.isAddition ? '+' : change.isRemoval ? '-' : '~',
      logicalId,
      type: change.resourceType ?? 'unknown type',
      replaces: String(change.changeImpact) === 'WILL_REPLACE',
    });
  });
  return lines;
}

/** `± AWS::Type LogicalId`, `(replaced)` when the update replaces it: how diff and approve show it. */
export function renderResourceLine(r: ResourceChangeLine): string {
  return `${r.sign} ${r.type} ${r.logicalId}${r.replaces ? ' (replaced)' : ''}`;
}

/** Whether a deploy would change anything in this stack. */
export function differs(s: StackDiff): boolean {
  return !s.exists || s.resourceChanges > 0 || s.otherChanges > 0 || s.accessChanges.length > 0;
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
