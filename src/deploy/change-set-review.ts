/**
 * `crossline approve <stage>` for a `mode: change-set` stage: before anyone approves, each
 * change set the stage's CHANGE_SET_REPLACE actions created is read in its own account (the
 * deployed template and the change set's template, GetTemplate with ChangeSetName) and
 * compared with the CDK's differ, as `diff` does. The IAM and resource-policy changes are
 * listed by name and flagged when they broaden access, by the same rule `deploy` asks on
 * (access-changes.ts). https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplate.html
 */
import type { PipelineDeclaration } from '../aws/pipeline-types.js';
import { parseArn } from '../model/index.js';
import { parseTemplateText } from '../synth/template-text.js';
import { accessChanges, type AccessChange } from './access-changes.js';
import { resourceLines, type ResourceChangeLine } from './diff-plan.js';

/** One change set a stage's CHANGE_SET_REPLACE action creates. */
export interface ChangeSetRef {
  readonly action: string;
  /** The account the action's role is in: where the change set lives. */
  readonly account: string;
  readonly region: string;
  readonly stack: string;
  readonly changeSet: string;
}

/** What the review reads for one change set, through the credentials for its account. */
export interface ChangeSetReader {
  /** The change set's status (CREATE_COMPLETE when it can be executed) and reason. */
  status(ref: ChangeSetRef): Promise<{ status: string; reason?: string | undefined }>;
  /** The deployed template (undefined: the stack does not exist yet). */
  deployed(ref: ChangeSetRef): Promise<string | undefined>;
  /** The change set's template. */
  proposed(ref: ChangeSetRef): Promise<string | undefined>;
}

export interface ChangeSetReview {
  readonly ref: ChangeSetRef;
  readonly status: string;
  readonly reason?: string | undefined;
  /** Resources the change set adds, changes or removes. */
  readonly resources: readonly ResourceChangeLine[];
  /** Every IAM and resource-policy change, by name. */
  readonly access: readonly AccessChange[];
  readonly broadening: boolean;
}

/** The change sets of `stage` in a live pipeline, in run order. */
export function changeSetRefs(
  declaration: PipelineDeclaration,
  stage: string,
  pipelineRegion: string,
): ChangeSetRef[] {
  const found = declaration.stages.find((s) => s.name === stage);
  return [...(found?.actions ?? [])]
    .filter(
      (a) =>
        a.actionTypeId.provider === 'CloudFormation' &&
        a.configuration?.ActionMode === 'CHANGE_SET_REPLACE',
    )
    .sort((a, b) => (a.runOrder ?? 1) - (b.runOrder ?? 1))
    .flatMap((a) => {
      const config = a.configuration ?? {};
      const account = parseArn(a.roleArn ?? '')?.account;
      if (account === undefined || !config.StackName || !config.ChangeSetName) return [];
      return [
        {
          action: a.name,
          account,
          region: a.region ?? pipelineRegion,
          stack: config.StackName,
          changeSet: config.ChangeSetName,
        },
      ];
    });
}

export async function reviewChangeSets(
  refs: readonly ChangeSetRef[],
  reader: ChangeSetReader,
): Promise<ChangeSetReview[]> {
  const { fullDiff } = await import('@aws-cdk/cloudformation-diff');
  return Promise.all(
    refs.map(async (ref): Promise<ChangeSetReview> => {
      const [state, deployed, proposed] = await Promise.all([
        reader.status(ref),
        reader.deployed(ref),
        reader.proposed(ref),
      ]);
      const current = deployed === undefined ? {} : (parseTemplateText(deployed) ?? {});
      const desired = proposed === undefined ? {} : (parseTemplateText(proposed) ?? {});
      const diff = fullDiff(current, desired);
      const resources = resourceLines(diff);
      const access = accessChanges(diff, current, desired);
      return {
        ref,
        status: state.status,
        reason: state.reason,
        resources,
        access,
        broadening: diff.permissionsBroadened || access.some((c) => c.broadens),
      };
    }),
  );
}
