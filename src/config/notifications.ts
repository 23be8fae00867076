import * as z from 'zod/mini';
import {
  NOTIFICATION_EVENTS,
  isKnownRegion,
  parseArn,
  partitionOf,
  withPartition,
  type PipelineNotifications,
} from '../model/index.js';
import type { RawProblem } from './problems.js';
import { type Obj, isObj } from './raw.js';

/**
 * `notifications` (docs/design.md §12, release flow): a CodeStar Notifications rule on the
 * pipeline for the listed events, sent to a topic crossline creates (with `email`
 * subscriptions) or to an existing `topic`.
 */
export const NOTIFICATION_SOURCES = {
  /** The event type ids of a pipeline's notification rule. */
  events:
    'https://docs.aws.amazon.com/dtconsole/latest/userguide/concepts.html#events-ref-pipeline',
  /** A topic ARN: arn:<partition>:sns:<region>:<account>:<name>. */
  topicArn:
    'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html#amazonsns-resources-for-iam-policies',
} as const;

/** Something with one `@` and a dot in its domain: what SNS can send an email to. */
const EMAIL_PATTERN = /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/;

export const notificationsShape = {
  notifications: z
    .optional(
      z.strictObject({
        events: z
          .array(z.enum(NOTIFICATION_EVENTS))
          .check(z.minLength(1, `name at least one event: ${NOTIFICATION_EVENTS.join(', ')}`))
          .register(z.globalRegistry, {
            description:
              'Pipeline events that send a notification: failed, approval-needed, succeeded',
          }),
        email: z
          .optional(
            z.array(
              z.string().check(z.regex(EMAIL_PATTERN, 'not an email address (name@example.com)')),
            ),
          )
          .register(z.globalRegistry, {
            description: 'Email addresses subscribed to the notification topic',
          }),
        topic: z.optional(z.string()).register(z.globalRegistry, {
          description:
            'An existing SNS topic ARN to notify instead of a topic crossline creates (its policy must let codestar-notifications.amazonaws.com publish)',
        }),
      }),
    )
    .register(z.globalRegistry, {
      description: 'Who is told when the pipeline fails, waits for an approval, or succeeds',
    }),
};

/** `notifications.topic`: an SNS topic ARN in the pipeline's partition. */
export function notificationsProblems(raw: Obj): RawProblem[] {
  const n = raw.notifications;
  if (!isObj(n) || typeof n.topic !== 'string') return [];
  const topic = n.topic;
  const path = ['notifications', 'topic'];
  const parsed = parseArn(topic);
  if (
    parsed?.service !== 'sns' ||
    !/^\d{12}$/.test(parsed.account) ||
    !isKnownRegion(parsed.region) ||
    !/^[A-Za-z0-9_-]{1,256}$/.test(parsed.resource)
  ) {
    return [
      {
        path,
        message: `'${topic}' is not an SNS topic ARN (${NOTIFICATION_SOURCES.topicArn})`,
        hint: 'e.g. topic: arn:<partition>:sns:<region>:<12-digit account>:<topic name>',
      },
    ];
  }
  const region = typeof raw.region === 'string' ? raw.region : undefined;
  const partition = region === undefined ? undefined : partitionOf(region);
  if (partition === undefined || parsed.partition === partition) return [];
  return [
    {
      path,
      message: `the topic ARN is in partition '${parsed.partition}', but ${region} is in '${partition}'`,
      hint: `use a topic of the pipeline's partition, e.g. ${withPartition(topic, partition)}`,
    },
  ];
}

/** The model's `notifications` (absent when the config has none). */
export function notificationsOf(input: {
  readonly notifications?:
    | {
        readonly events: readonly PipelineNotifications['events'][number][];
        readonly email?: readonly string[] | undefined;
        readonly topic?: string | undefined;
      }
    | undefined;
}): { notifications?: PipelineNotifications } {
  const n = input.notifications;
  if (n === undefined) return {};
  return {
    notifications: {
      events: [...new Set(n.events)],
      email: [...new Set(n.email ?? [])],
      ...(n.topic === undefined ? {} : { topic: n.topic }),
    },
  };
}
