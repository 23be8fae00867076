/**
 * `notifications` (docs/design.md §12, release flow), shared by config, synth and verify: the
 * events a user names, the CodeStar Notifications event type id of each, and the names of
 * what synthesis creates for them in the pipeline account.
 */

/** What a user can be told about, in the config's words. */
export const NOTIFICATION_EVENTS = ['failed', 'approval-needed', 'succeeded'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/**
 * The event type id of each event, as the notification rule's EventTypeIds take them
 * (https://docs.aws.amazon.com/dtconsole/latest/userguide/concepts.html#events-ref-pipeline).
 */
export const NOTIFICATION_EVENT_TYPES: Readonly<Record<NotificationEvent, string>> = {
  failed: 'codepipeline-pipeline-pipeline-execution-failed',
  'approval-needed': 'codepipeline-pipeline-manual-approval-needed',
  succeeded: 'codepipeline-pipeline-pipeline-execution-succeeded',
};

/** The model's `notifications` of a pipeline. */
export interface PipelineNotifications {
  /** In config order, without duplicates. */
  readonly events: readonly NotificationEvent[];
  /** Email subscriptions of the topic. */
  readonly email: readonly string[];
  /** An existing topic to notify (crossline does not own it); absent: crossline creates one. */
  readonly topic?: string | undefined;
}

/** The topic crossline creates: `<pipeline>-notifications`. */
export function notificationTopicName(pipeline: string): string {
  return `${pipeline}-notifications`;
}

/** The notification rule on the pipeline (1-64 of letters, digits, `-`, `_` and spaces). */
export function notificationRuleName(pipeline: string): string {
  return `${pipeline}-notifications`;
}

/** The CodeStar Notifications service principal's service name. */
export const NOTIFICATIONS_SERVICE = 'codestar-notifications';

/** The alias of the key that encrypts the topic (`alias/<pipeline>-notifications`). */
export function notificationKeyAlias(pipeline: string): string {
  return `alias/${pipeline}-notifications`;
}
