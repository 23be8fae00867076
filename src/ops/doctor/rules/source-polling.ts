import { sourcePolls, type LintRule } from './rule.js';

/**
 * A CodeCommit source action that polls: runs start late, and AWS recommends EventBridge
 * change detection instead. Source:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/update-change-detection.html
 */
export const sourcePolling: LintRule = (_s, model) => {
  const source = model.source;
  if (source === undefined || !sourcePolls(model)) return [];
  return [
    {
      severity: 'warning',
      category: 'trigger',
      step: 'trigger.polling',
      message: `the source action polls the repository (PollForSourceChanges is ${source.configuration?.PollForSourceChanges ?? 'unset, which means true'}): runs start minutes late and polling is not recommended`,
      fix: 'set PollForSourceChanges to false once EventBridge rules start the pipeline',
    },
  ];
};
