import { allPages, sessionClient, orUndefinedOn, type ApiSession } from './api-session.js';

export interface LiveRule {
  readonly name: string;
  readonly arn: string;
  readonly eventBusName: string;
  readonly state?: string | undefined;
  readonly eventPattern?: unknown;
  readonly targets: readonly {
    readonly id: string;
    readonly arn: string;
    readonly roleArn?: string | undefined;
  }[];
}

/** Read-only EventBridge, for `doctor`. */
export interface EventsReadApi {
  /** Rules on a bus with a target of this ARN (a pipeline, another account's bus). */
  rulesTargeting(targetArn: string, bus?: string): Promise<LiveRule[]>;
  /** The bus's resource policy; null when it has none. */
  busPolicy(bus?: string): Promise<unknown>;
}

export async function createEventsReadApi(session: ApiSession): Promise<EventsReadApi> {
  const sdk = await import('@aws-sdk/client-eventbridge');
  const { client: events, call } = sessionClient(session, 'events', sdk.EventBridgeClient);
  return {
    async rulesTargeting(targetArn, bus = 'default') {
      const names = await allPages(async (token) => {
        const page = await call('ListRuleNamesByTarget', () =>
          events.send(
            new sdk.ListRuleNamesByTargetCommand({
              TargetArn: targetArn,
              EventBusName: bus,
              ...(token ? { NextToken: token } : {}),
            }),
          ),
        );
        return { items: page.RuleNames, next: page.NextToken };
      });
      const rules: LiveRule[] = [];
      for (const name of [...new Set(names)].sort()) {
        const rule = await call('DescribeRule', () =>
          events.send(new sdk.DescribeRuleCommand({ Name: name, EventBusName: bus })),
        );
        const targets = await call('ListTargetsByRule', () =>
          events.send(new sdk.ListTargetsByRuleCommand({ Rule: name, EventBusName: bus })),
        );
        rules.push({
          name,
          arn: rule.Arn ?? '',
          eventBusName: rule.EventBusName ?? bus,
          state: rule.State,
          ...(rule.EventPattern ? { eventPattern: JSON.parse(rule.EventPattern) as unknown } : {}),
          targets: (targets.Targets ?? []).map((t) => ({
            id: t.Id ?? '',
            arn: t.Arn ?? '',
            ...(t.RoleArn ? { roleArn: t.RoleArn } : {}),
          })),
        });
      }
      return rules;
    },
    async busPolicy(bus = 'default') {
      const out = await orUndefinedOn(
        call('DescribeEventBus', () => events.send(new sdk.DescribeEventBusCommand({ Name: bus }))),
        'ResourceNotFoundException',
      );
      return out?.Policy ? (JSON.parse(out.Policy) as unknown) : null;
    },
  };
}
