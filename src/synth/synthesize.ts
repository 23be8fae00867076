import type { Pipeline } from '../model/index.js';
import { createContext } from './context.js';
import { stableJson } from './json.js';
import { pipelineModel } from './pipeline-model.js';
import { planDocument, templateFile } from './plan.js';
import { artifactsStack } from './stacks/artifacts.js';
import { pipelineDeclaration, pipelineStack } from './stacks/pipeline.js';
import type { StackBuild } from './stacks/stack.js';
import { extraStores } from './regions.js';
import { targetStack } from './stacks/target.js';
import {
  bootstrapStackSets,
  stackSetRequest,
  stackSetRequestFile,
  stackSetTemplateFile,
} from './stacksets.js';
import type { CfnTemplate, PolicyEntry, SynthResult } from './types.js';

/** CloudFormation's limit for a template passed as TemplateBody (bytes). */
export const TEMPLATE_BODY_LIMIT = 51200;

/**
 * Model → every template, pipeline.json, every policy document and the deploy plan
 * (docs/design.md §3, §4). Pure and deterministic: no I/O, no clock, no randomness; the same
 * pipeline gives the same bytes. Throws CrosslineError('PolicyTooLarge') only when no policy
 * layout fits AWS's size limits.
 */
export function synthesize(pipeline: Pipeline): SynthResult {
  const ctx = createContext(pipeline);
  const model = pipelineModel(ctx);
  // Accounts of targeted OUs get their roles from a StackSet instead of a target stack.
  const bootstrap = bootstrapStackSets(ctx);
  const memberBuilds = new Map(
    bootstrap.sets.flatMap((s) => s.memberBuilds.map((b) => [b.account.id, b] as const)),
  );
  const targetBuilds = ctx.targets.map((a) => memberBuilds.get(a.id) ?? targetStack(ctx, a));
  const builds: StackBuild[] = [
    artifactsStack(ctx),
    ...extraStores(ctx).map((s) => artifactsStack(ctx, s)),
    // A provider without a source account (CodeConnections) has no source stack.
    ...[ctx.sourceModule.stack(ctx, pipeline.source)].filter((b) => b !== undefined),
    ...targetBuilds.filter((b) => !bootstrap.members.has(b.account.id)),
    pipelineStack(ctx, model),
  ];
  // Every role and policy in first-use order, the StackSet members' too (verify proves them).
  const all: StackBuild[] = [
    ...builds.filter((b) => b.kind !== 'target' && b.kind !== 'pipeline'),
    ...targetBuilds,
    ...builds.filter((b) => b.kind === 'pipeline'),
  ];
  const notes = [
    ...all.flatMap((b) => b.notes),
    ...bootstrap.sets.flatMap((s) => s.notes),
    ...model.notes,
  ];

  const templates: Record<string, CfnTemplate> = {};
  for (const b of builds) templates[ctx.stackId(b.account, b.name)] = b.template;
  for (const [id, t] of Object.entries(templates)) {
    const size = new TextEncoder().encode(JSON.stringify(t)).length;
    if (size > TEMPLATE_BODY_LIMIT) {
      notes.push(
        `template ${id} is ${size} bytes as compact JSON, over the ${TEMPLATE_BODY_LIMIT} bytes CloudFormation takes inline: deploy uploads it to S3 (TemplateURL, up to 1 MB)`,
      );
    }
  }
  for (const s of bootstrap.sets) {
    const size = new TextEncoder().encode(JSON.stringify(s.build.template)).length;
    if (size > TEMPLATE_BODY_LIMIT) {
      notes.push(
        `StackSet template ${s.name} is ${size} bytes as compact JSON, over the ${TEMPLATE_BODY_LIMIT} bytes CloudFormation takes inline: deploy cannot create it yet (split the pipeline)`,
      );
    }
  }
  const policies: PolicyEntry[] = all.flatMap((b) => b.entries);
  const plan = planDocument(ctx, builds, notes, { all, stackSets: bootstrap.sets });
  const pipelineJson = pipelineDeclaration(ctx, model);

  const files = new Map<string, string>();
  files.set('plan.json', stableJson(plan));
  files.set('pipeline.json', stableJson(pipelineJson));
  for (const [id, t] of Object.entries(templates)) files.set(templateFile(id), stableJson(t));
  for (const s of bootstrap.sets) {
    files.set(stackSetTemplateFile(s.name), stableJson(s.build.template));
    files.set(stackSetRequestFile(s.name), stableJson(stackSetRequest(ctx, s)));
  }
  for (const e of policies) files.set(`policies/${e.name}.json`, stableJson(e.document));
  files.set(
    'policies/index.json',
    stableJson(
      policies.map(({ document: _document, ...rest }) => ({
        ...rest,
        file: `policies/${rest.name}.json`,
      })),
    ),
  );
  const sorted = new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { plan, templates, pipelineJson, policies, files: sorted };
}
