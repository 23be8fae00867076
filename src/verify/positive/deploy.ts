import type { RowGenerator, ScriptContext } from '../generator.js';
import { allow, keyRows, stackActions, stepTargets, type Actor } from '../positive.js';
import type { Context } from '../rows.js';
import { serviceTrusts, trustRequest } from '../service-trusts.js';
import { SOURCES } from '../sources.js';
import { step, type StepTarget } from '../step.js';
import { targetRegion, type TargetTopology } from '../topology.js';
import type { AccessRow } from '../types.js';

/** Each target in order: the pipeline assumes its deploy role, which deploys the stack. */
export const deployRows: RowGenerator = (ctx) =>
  stepTargets(ctx.t).flatMap(([target, name]) => targetRows(ctx, target, name));

function targetRows(ctx: ScriptContext, target: TargetTopology, name: StepTarget): AccessRow[] {
  const { t, r } = ctx;
  const at = (verb: string) => step('deploy', { target: name, verb });
  const who: Actor = {
    phase: 'deploy',
    target: name,
    principal: target.deployRole ?? t.pipelineRole,
  };
  const rows: AccessRow[] = [];
  if (target.deployRole !== undefined) {
    rows.push(
      allow({
        step: at('assume'),
        principal: t.pipelineRole,
        action: 'sts:AssumeRole',
        resource: target.deployRole,
        resourcePolicy: r.trust(target.deployRole),
        source: SOURCES.pipelineCrossAccount,
      }),
    );
  }
  // The action reads its input from the artifact store of its region (regions.ts).
  const store = r.in(targetRegion(t, target));
  rows.push(
    allow({
      step: at('read'),
      principal: who.principal,
      action: 's3:GetObject',
      resource: store.object('BuildArtif'),
      resourceAccount: t.tools,
      resourcePolicy: store.bucketPolicy,
      source: SOURCES.pipelineCrossAccount,
    }),
    ...keyRows({ ...ctx, r: store }, who, 'read', ['kms:Decrypt'], SOURCES.kmsCrossAccount),
  );
  const changeSet: Context =
    target.changeSetName === undefined
      ? {}
      : { 'cloudformation:ChangeSetName': target.changeSetName };
  for (const action of stackActions(target)) {
    rows.push(
      allow({
        step: at('stack'),
        principal: who.principal,
        action,
        resource: r.stack(target),
        context: action.includes('ChangeSet') ? changeSet : {},
        source:
          target.mode === 'CHANGE_SET'
            ? SOURCES.cdkCloudformationGrants
            : SOURCES.cloudformationAction,
      }),
    );
  }
  // CloudFormation sends aws:SourceAccount when it assumes a service role; we do not rely on
  // it sending aws:SourceArn.
  const exec = serviceTrusts(t).find((x) => x.target === target);
  if (target.execRole !== undefined && exec !== undefined) {
    rows.push(
      allow({
        step: at('pass-role'),
        principal: who.principal,
        action: 'iam:PassRole',
        resource: target.execRole,
        context: { 'iam:PassedToService': t.services.cloudformation },
        source: SOURCES.passRole,
      }),
      allow({
        step: at('exec'),
        principal: exec.service,
        ...trustRequest(r, exec),
        source: exec.citation,
      }),
    );
  }
  return rows;
}
