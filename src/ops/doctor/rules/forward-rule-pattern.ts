import type { LiveRule } from '../snapshot.js';
import type { Finding } from '../findings.js';
import { sourcePolls, type LintRule } from './rule.js';

/**
 * A rule that should start the pipeline (in the tools account) or forward its commits (in
 * the source account) whose event pattern does not match the pipeline's repository or
 * branch: commits never start it. Sources:
 * https://github.com/awslabs/aws-deployment-framework/issues/188 and
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 */
export const forwardRulePattern: LintRule = (s, model) => {
  const source = model.source;
  const branch = source?.configuration?.BranchName;
  if (source === undefined) return [];
  const severity = sourcePolls(model) ? 'warning' : 'error';
  const check = (rule: LiveRule, step: string, account: string): Finding[] => {
    const p = rule.eventPattern as
      { resources?: unknown; detail?: { referenceName?: unknown } } | undefined;
    if (p === undefined || typeof p !== 'object') return [];
    const problems: string[] = [];
    if (p.resources !== undefined && !matches(p.resources, model.repositoryArn))
      problems.push(
        `its resources ${JSON.stringify(p.resources)} do not include ${model.repositoryArn}`,
      );
    if (
      branch !== undefined &&
      p.detail?.referenceName !== undefined &&
      !matches(p.detail.referenceName, branch)
    )
      problems.push(
        `its detail.referenceName ${JSON.stringify(p.detail.referenceName)} does not match the branch ${branch}`,
      );
    if (problems.length === 0) return [];
    return [
      {
        severity,
        category: 'trigger',
        step,
        account,
        message: `the rule ${rule.arn} never matches a commit of the pipeline's source: ${problems.join('; ')}`,
        fix: `set the rule's pattern to resources [${model.repositoryArn}], detail.referenceName [${branch ?? '(branch)'}]`,
      },
    ];
  };
  return [
    ...(s.startRules ?? []).flatMap((r) => check(r, 'trigger.start', s.pipelineAccount)),
    ...(s.forwardRules ?? []).flatMap((r) => check(r, 'trigger.forward', model.topology.source)),
  ];
};

/** Whether an event-pattern field (a list of values or matchers) admits `value`. */
function matches(field: unknown, value: string): boolean {
  const list = Array.isArray(field) ? field : [field];
  return list.some((m) => {
    if (typeof m === 'string') return m === value;
    if (m && typeof m === 'object') {
      const o = m as {
        prefix?: unknown;
        suffix?: unknown;
        wildcard?: unknown;
        'anything-but'?: unknown;
      };
      if (typeof o.prefix === 'string') return value.startsWith(o.prefix);
      if (typeof o.suffix === 'string') return value.endsWith(o.suffix);
      if (typeof o.wildcard === 'string')
        return new RegExp(
          `^${o.wildcard
            .split('*')
            .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')}$`,
        ).test(value);
      // Other matchers (anything-but, numeric…): do not claim a mismatch.
      return true;
    }
    return false;
  });
}
