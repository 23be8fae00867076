import { formatStep, step } from '../../verify/index.js';
import { liveModel, type LiveSnapshot } from '../doctor/index.js';
import { classifyMessage, type Classification } from './classify.js';
import { decide, type RequestVerdict } from './decide.js';
import { reconstruct, type ActionContext } from './reconstruct.js';
import type { StackEventView } from './stack-events.js';

/**
 * `explain` for one message: denied (exit 1) when some reconstructed request is still denied,
 * allowed (exit 0: fixed since) when every one is now allowed, not-understood (exit 2) when the
 * text is not a known form or names nothing of this pipeline.
 */
export interface Explanation {
  readonly verdict: 'denied' | 'allowed' | 'not-understood';
  readonly message: string;
  readonly action?: ActionContext | undefined;
  readonly classification?: Classification | undefined;
  /** For a message not understood: the fragments that were recognised. */
  readonly recognised: readonly string[];
  readonly notes: readonly string[];
  readonly requests: readonly RequestVerdict[];
  /** When the message is a stack event's reason: that event (DescribeStackEvents). */
  readonly stackEvent?: StackEventView | undefined;
}

/** The CodePipeline rule behind "Cross-account pass role is not allowed" (aws-cdk #28122). */
const PASS_ROLE_SOURCE =
  'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html';

export function explainMessage(
  snapshot: LiveSnapshot,
  message: string,
  action?: ActionContext,
): Explanation {
  const base = { message, ...(action ? { action } : {}) };
  const classified = classifyMessage(message);
  if (!classified.understood) {
    return {
      ...base,
      verdict: 'not-understood',
      recognised: classified.recognised,
      notes: [],
      requests: [],
    };
  }
  const c = classified.classification;
  const model = liveModel(snapshot);
  const r = reconstruct(c, model.topology, action);
  const requests: RequestVerdict[] = (r.crossAccountPass ?? []).map((x) => ({
    step: formatStep(
      step('deploy', { target: { stage: x.stage, alias: x.alias }, verb: 'pass-role' }),
    ),
    principal: x.deployRole,
    action: 'iam:PassRole',
    resource: x.execRole,
    context: {},
    allowed: false,
    outcome: 'codepipeline-rule',
    side: 'codepipeline',
    statements: [],
    fix: `CodePipeline passes the CloudFormation execution role from the action role's account: create the execution role in ${accountOf(x.deployRole)} (the account of ${x.deployRole}) and name it in the action's RoleArn (${PASS_ROLE_SOURCE})`,
  }));
  requests.push(...r.rows.map((row) => decide(row, model.policies)));
  const recognised = summary(c);
  if (requests.length === 0) {
    return {
      ...base,
      verdict: 'not-understood',
      classification: c,
      recognised,
      notes: r.notes,
      requests,
    };
  }
  return {
    ...base,
    verdict: requests.some((q) => !q.allowed) ? 'denied' : 'allowed',
    classification: c,
    recognised,
    notes: r.notes,
    requests,
  };
}

function summary(c: Classification): string[] {
  return [
    `kind ${c.kind}`,
    ...(['principal', 'action', 'resource', 'bucket', 'objectKey', 'role'] as const)
      .filter((k) => c[k] !== undefined)
      .map((k) => `${k} ${c[k]}`),
    ...(c.because
      ? [
          `${c.because.explicit ? 'explicit deny in' : 'no allow in'} ${c.because.policyType} policy`,
        ]
      : []),
  ];
}

function accountOf(arn: string): string {
  return /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn)?.[1] ?? arn;
}
