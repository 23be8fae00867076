import { arn } from '../../model/arns.js';
import type { RowGenerator } from '../generator.js';
import { assumeRows, deny, OTHER_ADMIN_ROLE, unique } from '../negative.js';
import { stackActions, stepTargets } from '../positive.js';
import { SOURCES } from '../sources.js';
import { step } from '../step.js';
import type { AccessRow } from '../types.js';

/**
 * Each deploy role: its own exec role, to CloudFormation only; its own stacks; no key admin;
 * no hop into the next target account (the staging role must not become prod's).
 */
export const targetNegativeRows: RowGenerator = (ctx) => {
  const { t, r } = ctx;
  const distinct = unique(t.targets.map((x) => x.account));
  const rows: AccessRow[] = [];
  for (const [target, name] of stepTargets(t)) {
    const at = (verb: string) => step('negative', { target: name, verb });
    const principal = target.deployRole ?? t.pipelineRole;
    const passRole = (resource: string, service: string): AccessRow =>
      deny({
        step: at('pass-role'),
        principal,
        action: 'iam:PassRole',
        resource,
        context: { 'iam:PassedToService': service },
        source: SOURCES.passRole,
      });
    const createStack = (action: string, account: string, stack: string): AccessRow =>
      deny({
        step: at('stacks'),
        principal,
        action,
        resource: r.stack(target, stack, account),
        source: SOURCES.cloudformationAuthz,
      });
    rows.push(
      passRole(arn.role(t.partition, target.account, OTHER_ADMIN_ROLE), t.services.cloudformation),
    );
    if (target.execRole !== undefined) rows.push(passRole(target.execRole, 'ec2.amazonaws.com'));
    if (t.keyArn !== undefined) {
      rows.push(
        deny({
          step: at('key-admin'),
          principal,
          action: 'kms:ScheduleKeyDeletion',
          resource: t.keyArn,
          resourcePolicy: { kind: 'key', arn: t.keyArn },
          context: { 'kms:CallerAccount': target.account },
          source: SOURCES.kmsKeyPolicy,
        }),
      );
    }
    const create = stackActions(target)[1] ?? 'cloudformation:CreateStack';
    const otherStack = `${target.stack}-other`;
    if (!t.targets.some((x) => x.account === target.account && x.stack === otherStack)) {
      // Neither directly nor through a change set.
      for (const action of new Set([create, 'cloudformation:CreateChangeSet']))
        rows.push(createStack(action, target.account, otherStack));
    }
    const next = distinct[(distinct.indexOf(target.account) + 1) % distinct.length];
    if (next !== undefined && next !== target.account) {
      rows.push(createStack(create, next, target.stack));
      const nextRoles = t.targets
        .filter((x) => x.account === next)
        .flatMap((x) => [x.deployRole, x.execRole]);
      rows.push(...assumeRows(ctx, at('hop'), principal, unique(nextRoles)));
    }
  }
  return rows;
};
