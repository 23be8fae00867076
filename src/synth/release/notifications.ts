import {
  NOTIFICATION_EVENT_TYPES,
  NOTIFICATIONS_SERVICE,
  arn,
  notificationKeyAlias,
  notificationRuleName,
  notificationTopicName,
  scopeOf,
  snsTopicArn,
} from '../../model/index.js';
import { toCfn, type Json, type Resources } from '../cfn.js';
import type { SynthContext } from '../context.js';
import { because, DOCS } from '../policies/sources.js';
import {
  allow,
  awsPrincipal,
  policyDocument,
  reasonsOf,
  type Grant,
} from '../policies/statement.js';
import type { PolicyEntry } from '../types.js';

/** Where the notification grants' claims about AWS come from. */
export const NOTIFICATION_DOCS = {
  /** The topic policy CodeStar Notifications needs to publish, pinned to the account. */
  topicPolicy: 'https://docs.aws.amazon.com/dtconsole/latest/userguide/set-up-sns.html',
  /** The same statement with `aws:SourceAccount`, as the troubleshooting page shows it. */
  sourceAccount: 'https://docs.aws.amazon.com/dtconsole/latest/userguide/troubleshooting.html',
  /** A service that publishes to an encrypted topic needs kms:GenerateDataKey* and kms:Decrypt. */
  encryptedTopic:
    'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
  /** DetailType, EventTypeIds, Resource and Targets of the rule. */
  /** An email subscription receives nothing until its address confirms it. */
  email: 'https://docs.aws.amazon.com/sns/latest/dg/sns-email-notifications.html',
  rule: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-codestarnotifications-notificationrule.html',
} as const;

/** The topic the rule notifies and, when crossline creates it, its key (by alias ARN). */
export function notificationTargets(
  ctx: SynthContext,
): { topicArn: string; keyArn?: string; owned: boolean } | undefined {
  const n = ctx.pipeline.notifications;
  if (n === undefined) return undefined;
  if (n.topic !== undefined) return { topicArn: n.topic, owned: false };
  const tools = scopeOf(ctx.pipeline, ctx.tools);
  return {
    topicArn: snsTopicArn(tools, notificationTopicName(ctx.names.pipeline)),
    keyArn: arn.keyAlias(tools, notificationKeyAlias(ctx.names.pipeline)),
    owned: true,
  };
}

/** The topic policy: CodeStar Notifications publishes for rules of the pipeline account only. */
export function topicGrants(ctx: SynthContext, topicArn: string): Grant[] {
  return [
    allow({
      sid: 'CodeStarNotificationsPublish',
      reason: because(
        `sns:Publish by ${ctx.service(NOTIFICATIONS_SERVICE)} when the notification rule on ${ctx.names.pipeline} matches an event`,
        'the topic policy must let the notifications service publish; aws:SourceAccount limits it to rules of the pipeline account (confused deputy)',
        `${NOTIFICATION_DOCS.topicPolicy}, ${NOTIFICATION_DOCS.sourceAccount}`,
      ),
      principal: { Service: ctx.service(NOTIFICATIONS_SERVICE) },
      actions: ['sns:Publish'],
      resources: [topicArn],
      condition: { StringEquals: { 'aws:SourceAccount': ctx.tools.id } },
    }),
  ];
}

/** The topic key's policy. In a key policy, `Resource: "*"` means this key. */
export function notificationKeyGrants(ctx: SynthContext): Grant[] {
  return [
    allow({
      sid: 'ToolsAccountAdministersKey',
      reason: because(
        'every kms:* request from the tools account (SNS on behalf of its subscribers, key administrators)',
        'a key policy must allow the key account itself, or IAM policies there grant nothing on the key',
        DOCS.keyRoot,
      ),
      principal: awsPrincipal([ctx.arns.toolsRoot]),
      actions: ['kms:*'],
      resources: ['*'],
    }),
    allow({
      sid: 'CodeStarNotificationsEncrypt',
      reason: because(
        `kms:GenerateDataKey* / kms:Decrypt by ${ctx.service(NOTIFICATIONS_SERVICE)} when it publishes to the encrypted topic`,
        'an AWS service that publishes to a KMS-encrypted topic must be allowed on the key by the key policy',
        `${NOTIFICATION_DOCS.encryptedTopic}, ${NOTIFICATION_DOCS.topicPolicy}`,
      ),
      principal: { Service: ctx.service(NOTIFICATIONS_SERVICE) },
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }),
  ];
}

export interface NotificationsPart {
  readonly resources: Resources;
  readonly entries: readonly PolicyEntry[];
  readonly notes: readonly string[];
}

/**
 * The pipeline stack's part of `notifications`: the rule on the pipeline and, unless the
 * config names an existing topic, the topic, its key, its policy and one email subscription
 * per address.
 */
export function notificationsStackPart(ctx: SynthContext): NotificationsPart {
  const n = ctx.pipeline.notifications;
  const target = notificationTargets(ctx);
  if (n === undefined || target === undefined) return { resources: {}, entries: [], notes: [] };
  const resources: Resources = {};
  const entries: PolicyEntry[] = [];
  const notes: string[] = [];
  const topicRef: Json = target.owned ? { Ref: 'NotificationTopic' } : target.topicArn;
  if (target.owned) {
    const key = notificationKeyGrants(ctx);
    const topic = topicGrants(ctx, target.topicArn);
    resources.NotificationKey = {
      Type: 'AWS::KMS::Key',
      Properties: {
        Description: `Encrypts the notification topic of the ${ctx.names.pipeline} pipeline`,
        EnableKeyRotation: true,
        KeySpec: 'SYMMETRIC_DEFAULT',
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeyPolicy: toCfn(policyDocument(key), []),
      },
    };
    resources.NotificationKeyAlias = {
      Type: 'AWS::KMS::Alias',
      Properties: {
        AliasName: notificationKeyAlias(ctx.names.pipeline),
        TargetKeyId: { Ref: 'NotificationKey' },
      },
    };
    resources.NotificationTopic = {
      Type: 'AWS::SNS::Topic',
      Properties: {
        TopicName: notificationTopicName(ctx.names.pipeline),
        KmsMasterKeyId: { Ref: 'NotificationKey' },
      },
    };
    resources.NotificationTopicPolicy = {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [{ Ref: 'NotificationTopic' }],
        PolicyDocument: toCfn(policyDocument(topic), []),
      },
    };
    entries.push(
      {
        name: 'notification-key',
        kind: 'key',
        account: ctx.tools.id,
        attachedTo: target.keyArn!,
        document: policyDocument(key),
        reasons: reasonsOf(key),
      },
      {
        name: 'notification-topic',
        kind: 'topic',
        account: ctx.tools.id,
        attachedTo: target.topicArn,
        document: policyDocument(topic),
        reasons: reasonsOf(topic),
      },
    );
  } else {
    notes.push(
      `notifications go to the existing topic ${target.topicArn}, which crossline does not own: its policy must let ${ctx.service(NOTIFICATIONS_SERVICE)} sns:Publish (with aws:SourceAccount ${ctx.tools.id}), and a KMS key that encrypts it must allow that service kms:GenerateDataKey* and kms:Decrypt (${NOTIFICATION_DOCS.topicPolicy})`,
    );
  }
  n.email.forEach((address, i) => {
    resources[`NotificationEmail${i + 1}`] = {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: topicRef, Protocol: 'email', Endpoint: address },
    };
  });
  if (n.email.length > 0) {
    notes.push(
      `SNS emails each of ${n.email.join(', ')} a confirmation link; notifications reach an address only after it is confirmed (${NOTIFICATION_DOCS.email})`,
    );
  }
  resources.NotificationRule = {
    Type: 'AWS::CodeStarNotifications::NotificationRule',
    DependsOn: ['Pipeline', ...(target.owned ? ['NotificationTopicPolicy'] : [])],
    Properties: {
      Name: notificationRuleName(ctx.names.pipeline),
      DetailType: 'FULL',
      EventTypeIds: n.events.map((e) => NOTIFICATION_EVENT_TYPES[e]),
      Resource: ctx.arns.pipeline,
      Status: 'ENABLED',
      Targets: [{ TargetType: 'SNS', TargetAddress: topicRef }],
    },
  };
  return { resources, entries, notes };
}
