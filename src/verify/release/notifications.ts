import {
  NOTIFICATIONS_SERVICE,
  arn,
  notificationKeyAlias,
  notificationTopicName,
  physicalNames,
  scopeOf,
  servicePrincipal,
  snsTopicArn,
} from '../../model/index.js';
import type { Pipeline } from '../../model/types.js';
import type { RowGenerator } from '../generator.js';
import { OUTSIDER_ACCOUNT } from '../negative.js';
import { makeRow, type RowSpec } from '../rows.js';
import { SOURCES } from '../sources.js';
import { step } from '../step.js';
import type { Topology } from '../topology.js';
import type { AccessRow } from '../types.js';

const DOCS = 'https://docs.aws.amazon.com';
/** Where the notification rows' claims about AWS come from. */
export const NOTIFICATION_SOURCES = {
  /** CodeStar Notifications publishes to the rule's topic; its policy must admit the service. */
  topicPolicy: `${DOCS}/dtconsole/latest/userguide/set-up-sns.html`,
  /** A service publishing to an encrypted topic uses the topic's key. */
  encryptedTopic: `${DOCS}/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services`,
} as const;

/** The notification topic crossline owns, as the script sees it. */
export interface NotificationTopology {
  readonly topicArn: string;
  /** The key that encrypts the topic (by alias ARN). */
  readonly keyArn: string;
}

/**
 * The notifications part of a generated pipeline's topology: only a topic crossline creates
 * (an existing `topic` is not ours; its policy is the user's, plan says so).
 */
export function notificationTopology(p: Pipeline): Pick<Topology, 'notifications'> {
  const n = p.notifications;
  if (n === undefined || n.topic !== undefined) return {};
  const tools = scopeOf(p, p.tools);
  return {
    notifications: {
      topicArn: snsTopicArn(tools, notificationTopicName(physicalNames(p).pipeline)),
      keyArn: arn.keyAlias(tools, notificationKeyAlias(physicalNames(p).pipeline)),
    },
  };
}

/**
 * The requests of notifications (docs/design.md §5, §12): CodeStar Notifications publishes to
 * the topic for rules of the pipeline account, with the topic's key. Must fail: the same
 * service for a rule of another account (aws:SourceAccount, confused deputy) or for anything
 * but publishing and the key's data keys, and an outside
 * account publishing or decrypting, even with every permission of its own.
 */
export const notificationRows: RowGenerator = (ctx) => {
  const { t } = ctx;
  const n = t.notifications;
  if (n === undefined) return [];
  const rows: AccessRow[] = [];
  const allow = (spec: RowSpec): void => void rows.push(makeRow('allow', spec));
  const deny = (spec: RowSpec): void => void rows.push(makeRow('deny', spec));
  const service = servicePrincipal(NOTIFICATIONS_SERVICE);
  // The two resources, each with its policy and the page that says who may use it.
  const topic = {
    resource: n.topicArn,
    resourcePolicy: { kind: 'topic' as const, arn: n.topicArn },
    source: NOTIFICATION_SOURCES.topicPolicy,
  };
  const key = {
    resource: n.keyArn,
    resourcePolicy: { kind: 'key' as const, arn: n.keyArn },
    resourceAccount: t.tools,
    source: NOTIFICATION_SOURCES.encryptedTopic,
  };
  const forTools = { 'aws:SourceAccount': t.tools };
  allow({
    step: step('service', { verb: 'notifications.publish' }),
    principal: service,
    action: 'sns:Publish',
    ...topic,
    principalAccount: t.tools,
    context: forTools,
  });
  for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
    allow({
      step: step('service', { verb: 'notifications.encrypt' }),
      principal: service,
      action,
      ...key,
      principalAccount: t.tools,
    });
  }
  deny({
    step: step('negative', { check: 'confused-deputy', verb: 'notifications' }),
    principal: service,
    action: 'sns:Publish',
    ...topic,
    context: { 'aws:SourceAccount': OUTSIDER_ACCOUNT },
    source: SOURCES.confusedDeputy,
  });
  // Another service acting for the pipeline account (an EventBridge rule there) does not
  // publish: the policy names the notifications service only.
  deny({
    step: step('negative', { check: 'other-service', verb: 'notifications' }),
    principal: t.services.events,
    action: 'sns:Publish',
    ...topic,
    principalAccount: t.tools,
    context: forTools,
  });
  // Least privilege: the service publishes and uses the key for that, nothing else.
  const scope = step('negative', { check: 'scope', verb: 'notifications' });
  deny({ step: scope, principal: service, action: 'sns:Subscribe', ...topic, context: forTools });
  deny({ step: scope, principal: service, action: 'kms:CreateGrant', ...key });
  const outsider = ctx.admin(arn.accountRoot(t.partition, OUTSIDER_ACCOUNT), OUTSIDER_ACCOUNT);
  const outside = step('negative', { check: 'outsider', verb: 'notifications' });
  deny({ step: outside, principal: outsider, action: 'sns:Publish', ...topic });
  deny({ step: outside, principal: outsider, action: 'kms:Decrypt', ...key });
  return rows;
};
