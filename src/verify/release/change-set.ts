import type { RowGenerator } from '../generator.js';
import { deny } from '../negative.js';
import { stepTargets } from '../positive.js';
import type { Context } from '../rows.js';
import { SOURCES } from '../sources.js';
import { step } from '../step.js';
import type { AccessRow } from '../types.js';

/**
 * The change set a crossline change-set stage prepares for each of its stacks (the same
 * name synthesis writes: `<pipeline>-release`).
 */
export function releaseChangeSetName(pipeline: string): string {
  return `${pipeline}-release`;
}

/**
 * Negative rows of the deploy modes (docs/design.md §5). The positive rows of each mode come
 * from `stackActions`; these prove the modes apart:
 * - a create-update target's deploy role cannot execute (or create) a change set on its stack:
 *   change-set rights belong to change-set stages only;
 * - a change-set target's deploy role cannot UpdateStack/CreateStack its stack (that would
 *   skip the reviewed change set), nor execute a change set of another name.
 */
export const changeSetNegativeRows: RowGenerator = ({ t, r }) => {
  // Only pipelines that use change sets have two modes to tell apart.
  if (!t.targets.some((x) => x.mode === 'CHANGE_SET')) return [];
  const rows: AccessRow[] = [];
  for (const [target, name] of stepTargets(t)) {
    const at = step('negative', { target: name, verb: 'mode' });
    const principal = target.deployRole ?? t.pipelineRole;
    const stack = r.stack(target);
    // A create-update target uses no change set; a change-set target cannot skip its own.
    const forbidden: { actions: string[]; context: Context } =
      target.mode === 'CREATE_UPDATE'
        ? {
            actions: ['cloudformation:ExecuteChangeSet', 'cloudformation:CreateChangeSet'],
            context: { 'cloudformation:ChangeSetName': releaseChangeSetName(t.pipelineName) },
          }
        : { actions: ['cloudformation:UpdateStack', 'cloudformation:CreateStack'], context: {} };
    for (const action of forbidden.actions) {
      rows.push(
        deny({
          step: at,
          principal,
          action,
          resource: stack,
          context: forbidden.context,
          source: SOURCES.cloudformationAction,
        }),
      );
    }
    if (target.mode !== 'CREATE_UPDATE' && target.changeSetName !== undefined) {
      rows.push(
        deny({
          step: at,
          principal,
          action: 'cloudformation:ExecuteChangeSet',
          resource: stack,
          context: { 'cloudformation:ChangeSetName': `${target.changeSetName}-other` },
          source: SOURCES.cdkCloudformationGrants,
        }),
      );
    }
  }
  return rows;
};
