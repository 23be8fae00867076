import { arn, withArnParts } from '../../model/arns.js';
import { testProjectName, testRoleName } from '../../model/release-tests.js';
import { scopeOf } from '../../model/queries.js';
import type { Pipeline } from '../../model/types.js';
import type { RowGenerator } from '../generator.js';
import { OTHER_ADMIN_ROLE, OUTSIDER_ACCOUNT } from '../negative.js';
import { makeRow, type RowSpec } from '../rows.js';
import { SOURCES } from '../sources.js';
import { step } from '../step.js';
import type { Topology } from '../topology.js';
import type { AccessRow } from '../types.js';

const DOCS = 'https://docs.aws.amazon.com';
/** Where the test rows' claims about AWS come from. */
export const TEST_SOURCES = {
  /** CodePipeline starts a CodeBuild action's build and polls it with the pipeline role. */
  codeBuildAction: `${DOCS}/codepipeline/latest/userguide/action-reference-CodeBuild.html`,
  /** CodeBuild assumes the project's service role (aws:SourceAccount / aws:SourceArn). */
  codeBuildServiceRole: `${DOCS}/codebuild/latest/userguide/setting-up-service-role.html`,
  /** A role assumed from another account: its trust and the caller's identity policy. */
  crossAccountRole: `${DOCS}/IAM/latest/UserGuide/tutorial_cross-account-with-roles.html`,
} as const;

/** One tested stage as the script sees it. */
export interface TestTopology {
  readonly stage: string;
  readonly projectArn: string;
  readonly projectRole: string;
  /** The test role of each target account of the stage. */
  readonly roles: readonly {
    readonly alias: string;
    readonly account: string;
    readonly role: string;
  }[];
}

/** The tests part of a generated pipeline's topology (nothing when no stage has tests). */
export function testTopology(p: Pipeline): Pick<Topology, 'tests'> {
  const tools = scopeOf(p, p.tools);
  const tests = p.stages.flatMap((stage): TestTopology[] => {
    if (stage.tests === undefined) return [];
    const name = testProjectName(p.name, stage.name);
    const accounts = [...new Map(stage.targets.map((t) => [t.account.id, t.account])).values()];
    return [
      {
        stage: stage.name,
        projectArn: arn.buildProject(tools, name),
        projectRole: arn.role(p.partition, p.tools.id, name),
        roles: accounts.map((a) => ({
          alias: a.alias,
          account: a.id,
          role: arn.role(p.partition, a.id, testRoleName(p.name)),
        })),
      },
    ];
  });
  return tests.length === 0 ? {} : { tests };
}

/**
 * The requests of the test actions (docs/design.md §5): the pipeline role starts the test
 * project, CodeBuild assumes the project's role, which assumes the test role of each target
 * account. Must fail: anyone else assuming a test role (the pipeline, build and deploy roles,
 * another administrator of the account, an outside account), and the test role reading the
 * artifacts or passing the execution role — crossline grants it nothing beyond tests.policies.
 */
export const testRows: RowGenerator = (ctx) => {
  const { t, r } = ctx;
  const rows: AccessRow[] = [];
  const allow = (spec: RowSpec): void => void rows.push(makeRow('allow', spec));
  const deny = (spec: RowSpec): void => void rows.push(makeRow('deny', spec));
  for (const test of t.tests ?? []) {
    for (const action of ['codebuild:StartBuild', 'codebuild:BatchGetBuilds']) {
      allow({
        step: step('build', { verb: `test.${test.stage}.start` }),
        principal: t.pipelineRole,
        action,
        resource: test.projectArn,
        source: TEST_SOURCES.codeBuildAction,
      });
    }
    allow({
      step: step('service', { verb: `codebuild.test.${test.stage}` }),
      principal: t.services.codebuild,
      action: 'sts:AssumeRole',
      resource: test.projectRole,
      resourcePolicy: r.trust(test.projectRole),
      principalAccount: t.tools,
      context: { 'aws:SourceAccount': t.tools, 'aws:SourceArn': test.projectArn },
      source: TEST_SOURCES.codeBuildServiceRole,
    });
    // Least privilege: the pipeline role runs the project and nothing else on it; CodeBuild
    // acting for another account does not get the project's role (confused deputy).
    deny({
      step: step('negative', { check: 'scope', verb: 'pipeline' }),
      principal: t.pipelineRole,
      action: 'codebuild:DeleteProject',
      resource: test.projectArn,
      source: TEST_SOURCES.codeBuildAction,
    });
    deny({
      step: step('negative', { check: 'confused-deputy' }),
      principal: t.services.codebuild,
      action: 'sts:AssumeRole',
      resource: test.projectRole,
      resourcePolicy: r.trust(test.projectRole),
      context: {
        'aws:SourceAccount': OUTSIDER_ACCOUNT,
        'aws:SourceArn': withArnParts(test.projectArn, { account: OUTSIDER_ACCOUNT }),
      },
      source: SOURCES.confusedDeputy,
    });
    allow({
      step: step('build', { verb: `test.${test.stage}.read` }),
      principal: test.projectRole,
      action: 's3:GetObject',
      resource: r.object('SourceArti'),
      resourcePolicy: r.bucketPolicy,
      resourceAccount: t.tools,
      source: TEST_SOURCES.codeBuildServiceRole,
    });
    for (const target of test.roles) {
      const name = { stage: test.stage, alias: target.alias };
      allow({
        step: step('deploy', { target: name, verb: 'test' }),
        principal: test.projectRole,
        action: 'sts:AssumeRole',
        resource: target.role,
        resourcePolicy: r.trust(target.role),
        source: TEST_SOURCES.crossAccountRole,
      });
      const at = step('negative', { target: name, verb: 'test' });
      const deployRole = t.targets.find((x) => x.account === target.account)?.deployRole;
      const others = [
        t.pipelineRole,
        ...(t.buildRole === undefined ? [] : [t.buildRole]),
        ...(deployRole === undefined ? [] : [deployRole]),
        ctx.admin(arn.role(t.partition, target.account, OTHER_ADMIN_ROLE), target.account),
        ctx.admin(arn.role(t.partition, t.tools, OTHER_ADMIN_ROLE), t.tools),
        ctx.admin(arn.accountRoot(t.partition, OUTSIDER_ACCOUNT), OUTSIDER_ACCOUNT),
      ];
      for (const principal of others) {
        deny({
          step: at,
          principal,
          action: 'sts:AssumeRole',
          resource: target.role,
          resourcePolicy: r.trust(target.role),
          source: TEST_SOURCES.crossAccountRole,
        });
      }
      // One layer at a time (docs/design.md §5): the trust admits only sts:AssumeRole; the
      // project role's policy names only the test roles, for sts:AssumeRole only.
      for (const layer of ['resource', 'identity'] as const) {
        deny({
          step: at,
          principal: test.projectRole,
          action: 'sts:TagSession',
          resource: target.role,
          resourcePolicy: r.trust(target.role),
          layer,
          source: SOURCES.assumeRoleCrossAccount,
        });
      }
      if (deployRole !== undefined) {
        deny({
          step: at,
          principal: test.projectRole,
          action: 'sts:AssumeRole',
          resource: deployRole,
          resourcePolicy: r.trust(deployRole),
          layer: 'identity',
          source: TEST_SOURCES.crossAccountRole,
        });
      }
      deny({
        step: at,
        principal: target.role,
        action: 's3:GetObject',
        resource: r.object('BuildArtif'),
        resourcePolicy: r.bucketPolicy,
        resourceAccount: t.tools,
        source: SOURCES.pipelineCrossAccount,
      });
      const key = r.keyPolicy;
      if (key !== undefined && t.keyArn !== undefined) {
        deny({
          step: at,
          principal: target.role,
          action: 'kms:Decrypt',
          resource: t.keyArn,
          resourcePolicy: key,
          context: r.kmsViaS3(target.account),
          source: SOURCES.pipelineCrossAccount,
        });
      }
      const execRole = t.targets.find((x) => x.account === target.account)?.execRole;
      if (execRole !== undefined) {
        deny({
          step: at,
          principal: target.role,
          action: 'iam:PassRole',
          resource: execRole,
          context: { 'iam:PassedToService': t.services.cloudformation },
          source: SOURCES.passRole,
        });
      }
    }
  }
  return rows;
};
