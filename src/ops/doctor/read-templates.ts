import type { ActionDeclaration, PipelineDocument } from '../../aws/pipeline-api.js';
import { arn } from '../../model/index.js';
import { accountOf } from '../pipeline-ref.js';
import type { LiveSnapshot, StackTemplateRead } from './snapshot.js';

/** A stack a CloudFormation deploy action deploys: in its role's account, in its region. */
export interface StackPlace {
  readonly account: string;
  readonly region: string;
  readonly stack: string;
}

/**
 * Where a CloudFormation deploy action's stack lives: the account of the action's role (the
 * pipeline's own without one), the action's region (the pipeline's without one). Undefined for
 * other actions and for DELETE_ONLY, whose stack reads nothing.
 */
export function stackPlace(
  a: ActionDeclaration,
  home: string,
  region: string,
): StackPlace | undefined {
  if (a.actionTypeId.provider !== 'CloudFormation' || a.actionTypeId.category !== 'Deploy')
    return undefined;
  const stack = a.configuration?.StackName;
  if (stack === undefined || a.configuration?.ActionMode === 'DELETE_ONLY') return undefined;
  return { account: accountOf(a.roleArn) ?? home, region: a.region ?? region, stack };
}

/** Each stack the pipeline deploys, once, in pipeline order. */
export function deployedStacks(doc: PipelineDocument, home: string, region: string): StackPlace[] {
  const out: StackPlace[] = [];
  for (const a of doc.pipeline.stages.flatMap((s) => s.actions)) {
    const place = stackPlace(a, home, region);
    if (place && !out.some((p) => samePlace(p, place))) out.push(place);
  }
  return out;
}

export function samePlace(a: StackPlace, b: StackPlace): boolean {
  return a.account === b.account && a.region === b.region && a.stack === b.stack;
}

/** How the snapshot's `unread` names a template doctor could not read. */
export function templateWhat(p: StackPlace): string {
  return `template of stack ${p.stack} (${p.region})`;
}

/** The ARN an unread template is recorded under: every stack of that name. */
export function templateArn(partition: string, p: StackPlace): string {
  return arn.stack({ partition, region: p.region, account: p.account }, p.stack);
}

/** The template read for a stack; undefined when it was not read. */
export function templateOf(s: LiveSnapshot, p: StackPlace): StackTemplateRead | undefined {
  return s.templates?.find((t) => samePlace(t, p));
}
