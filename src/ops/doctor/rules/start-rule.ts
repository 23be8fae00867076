import { sourcePolls, type LintRule } from './rule.js';

/**
 * No rule on the tools account's default bus starts the pipeline: commits start it only by
 * polling (an error when polling is off). Source:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-trigger-source-repo-changes-cfn.html
 */
export const startRule: LintRule = (s, model) => {
  const t = model.topology;
  if (model.source === undefined || s.startRules === undefined || s.startRules.length > 0)
    return [];
  return [
    {
      severity: sourcePolls(model) ? 'warning' : 'error',
      category: 'trigger',
      step: 'trigger.start',
      account: t.tools,
      message: `no rule on the tools account's default bus starts the pipeline ${t.pipelineName}`,
      fix: `in account ${t.tools}: a rule matching the forwarded event (account ${t.source}, resources ${model.repositoryArn}) with target ${t.pipelineArn} and a role allowed only codepipeline:StartPipelineExecution on it`,
    },
  ];
};
