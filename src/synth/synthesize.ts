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
  const builds: StackBuild[] = [
    artifactsStack(ctx),
    ...extraStores(ctx).map((s) => artifactsStack(ctx, s)),
    // A provider without a source account (CodeConnections) has no source stack.
    ...[ctx.sourceModule.stack(ctx, pipeline.source)].filter((b) => b !== undefined),
    ...ctx.targets.map((a) => targetStack(ctx, a)),
    pipelineStack(ctx, model),
  ];
  const notes = [...builds.flatMap((b) => b.notes), ...model.notes];

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
  const policies: PolicyEntry[] = builds.flatMap((b) => b.entries);
  const plan = planDocument(ctx, builds, notes);
  const pipelineJson = pipelineDeclaration(ctx, model);

  const files = new Map<string, string>();
  files.set('plan.json', stableJson(plan));
  files.set('pipeline.json', stableJson(pipelineJson));
  for (const [id, t] of Object.entries(templates)) files.set(templateFile(id), stableJson(t));
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
