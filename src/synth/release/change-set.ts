import { regionOf, type Target } from '../../model/index.js';
import type { Stage } from '../../model/types.js';
import type { SynthContext } from '../context.js';
import type { ActionModel } from '../pipeline-model.js';
import { changeSetConsoleUrl } from './console.js';
import { afterLevels } from './order.js';
import { targetLabel } from '../regions.js';

/**
 * Manual approval configuration: CustomData is at most 1000 characters
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals-action-add.html).
 */
export const MAX_CUSTOM_DATA = 1000;

/**
 * The change set every target of a change-set stage prepares. Change set names are per stack,
 * so one name serves every target; it must start with a letter and have only letters, digits
 * and hyphens (CreateChangeSet), which the pipeline name guarantees.
 */
export function changeSetName(ctx: SynthContext): string {
  return `${ctx.names.pipeline}-release`;
}

/**
 * The actions of a `mode: change-set` stage (docs/design.md §2): per target a
 * CHANGE_SET_REPLACE action (run order 1), then the stage's approval (2), then per target a
 * CHANGE_SET_EXECUTE action (3). Without an approval, execute follows replace directly.
 * `deploy` is the stage's CREATE_UPDATE action of a target, whose configuration this reuses;
 * `actionName` makes a valid action name of a text.
 */
export function changeSetStageActions(
  ctx: SynthContext,
  stage: Stage,
  deploy: (t: Target) => ActionModel,
  actionName: (text: string) => string,
): ActionModel[] {
  const name = changeSetName(ctx);
  const replaces = stage.targets.map((t): ActionModel => {
    const base = deploy(t);
    // Same configuration as the direct deploy, in the change-set mode.
    const config = Object.fromEntries(
      Object.entries(base.configuration).filter(([k]) => k !== 'ActionMode'),
    );
    return {
      ...base,
      name: actionName(`${targetLabel(ctx, t)}-changes`),
      runOrder: 1,
      configuration: { ActionMode: 'CHANGE_SET_REPLACE', ChangeSetName: name, ...config },
    };
  });
  // Every change set is prepared up front (one review); `after` orders the executes.
  const executeOrder = stage.approval ? 3 : 2;
  const levels = afterLevels(stage);
  const executes = stage.targets.map((t): ActionModel => {
    const base = deploy(t);
    return {
      ...base,
      name: actionName(`${targetLabel(ctx, t)}-execute`),
      runOrder: executeOrder + (levels.get(t) ?? 1) - 1,
      // The change set carries the template, parameters, capabilities and execution role.
      configuration: {
        ActionMode: 'CHANGE_SET_EXECUTE',
        ChangeSetName: name,
        StackName: t.stack,
      },
      inputArtifacts: [],
    };
  });
  return [...replaces, ...(stage.approval ? [changeSetApproval(ctx, stage)] : []), ...executes];
}

/** The approval of a change-set stage: names each change set and links to it. */
export function changeSetApproval(ctx: SynthContext, stage: Stage): ActionModel {
  const name = changeSetName(ctx);
  const partition = ctx.pipeline.partition;
  const links = stage.targets.map((t) => ({
    target: t,
    url: changeSetConsoleUrl(partition, regionOf(ctx.pipeline, t), t.stack, name),
  }));
  const lines = links.map(
    ({ target: t, url }) =>
      `${t.stack} in ${t.account.alias} (${t.account.id}): change set ${name}${url === undefined ? '' : ` ${url}`}`,
  );
  const first = links[0]?.url;
  return {
    name: 'Approve',
    category: 'Approval',
    provider: 'Manual',
    runOrder: 2,
    configuration: {
      CustomData: fitCustomData(
        `Review the change sets of ${stage.name}, then approve to execute them:`,
        lines,
        name,
      ),
      ...(first === undefined ? {} : { ExternalEntityLink: first }),
    },
    inputArtifacts: [],
    outputArtifacts: [],
  };
}

/** The header and as many lines as fit in CustomData; the rest is counted, never cut mid-line. */
function fitCustomData(header: string, lines: readonly string[], name: string): string {
  const more = (n: number): string =>
    n === 0 ? '' : `\n… and ${n} more, each change set ${name} of its stack`;
  let text = header;
  for (let i = 0; i < lines.length; i++) {
    const next = `${text}\n${lines[i]}`;
    if (next.length + more(lines.length - i - 1).length > MAX_CUSTOM_DATA)
      return text + more(lines.length - i);
    text = next;
  }
  return text;
}
