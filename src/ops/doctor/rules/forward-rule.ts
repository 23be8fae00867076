import type { Finding } from '../findings.js';
import { sourcePolls, type LintRule } from './rule.js';

/**
 * A source account other than the tools account: a rule there must forward the repository's
 * events to the tools account's default bus, whose policy must accept them. Without polling
 * nothing else starts the pipeline, so a missing piece is an error. Source:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html
 * and https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
 */
export const forwardRule: LintRule = (s, model) => {
  const t = model.topology;
  const source = model.source;
  if (source === undefined || t.source === t.tools) return [];
  if (s.forwardRules === undefined || s.forwardRules.length > 0) return [];
  const severity = sourcePolls(model) ? 'warning' : 'error';
  const findings: Finding[] = [
    {
      severity,
      category: 'trigger',
      step: 'trigger.forward',
      account: t.source,
      message: `no rule in the source account ${t.source} forwards commits of ${model.repositoryArn} to the tools account's bus`,
      fix: `in account ${t.source}: a rule on "CodeCommit Repository State Change" for ${model.repositoryArn}, branch ${source.configuration?.BranchName ?? '(branch)'}, targeting ${s.toolsBus?.arn ?? 'the tools default bus'} with a role allowed events:PutEvents on it`,
    },
  ];
  if (
    s.toolsBus !== undefined &&
    (s.toolsBus.policy === null || !JSON.stringify(s.toolsBus.policy).includes(t.source))
  ) {
    findings.push({
      severity,
      category: 'trigger',
      step: 'trigger.forward',
      account: t.tools,
      message: `the tools account's default bus does not accept events from the source account ${t.source}`,
      fix: `aws events put-permission --event-bus-name default --action events:PutEvents --principal ${t.source} --statement-id SourceAccountForwardsCommits (in account ${t.tools})`,
    });
  }
  return findings;
};
