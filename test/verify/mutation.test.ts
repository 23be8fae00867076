// Mutation tests on our own synth output: remove each Allow statement or each of
// its actions → verify fails at the step that needed it; widen a statement to `*` (principal,
// action or resource), drop its condition, or remove a Deny → the negative script catches it.
// Survivors must be exactly the mutants listed below, each with why it survives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize } from '../../src/synth/index.js';
import { buildAccessScript, topologyFromSynth, verifyAccess } from '../../src/verify/index.js';
import { ALL_KINDS, mutants, runMutant, type MutantOutcome } from './mutate.js';

interface Survivor {
  readonly id: RegExp;
  /**
   * `equivalent`: the mutant changes no effective access, so no request can tell it apart.
   * `prescribed`: a grant that no request of the access script exercises, kept because
   * docs/design.md §4 or AWS's documented minimum policy for that role prescribes it (`source`);
   * removing it would deviate from the contract without evidence that AWS never asks for it.
   * A grant that is neither (the script misses no request AWS makes, nothing prescribes it)
   * must be removed from synth instead of being listed here.
   */
  readonly kind: 'equivalent' | 'prescribed';
  readonly why: string;
  /** For `prescribed`: the document that prescribes the grant. */
  readonly source?: string;
}

const DOCS = 'https://docs.aws.amazon.com';

const SURVIVORS: readonly Survivor[] = [
  {
    id: /^widen-principal (artifact-key\/(SourceRoleEncryptsArtifacts|DeployRolesDecryptArtifacts)|artifact-bucket\/(SourceRoleWritesSourceArtifact|DeployRolesReadArtifacts)|(source-role|target-\w+-deploy-role)-trust\/AssumedByPipelineRole)$/,
    kind: 'equivalent',
    why: 'the statement keeps its ArnEquals aws:PrincipalArn pin, which admits exactly the one role whatever the Principal says (docs/design.md §4 grants the root and pins the role)',
  },
  {
    id: /^widen-resource artifact-bucket\/(SourceRoleWritesSourceArtifact|DeployRolesReadArtifacts)$/,
    kind: 'equivalent',
    why: 'a bucket policy governs only its own bucket; `*` adds the bucket ARN itself, on which these object actions (PutObject, GetObject…) are never requested',
  },
  {
    id: /^widen-(action|resource) tools-event-bus\/SourceAccountForwardsCommits$/,
    kind: 'equivalent',
    why: 'a bus policy governs only that bus: with Resource `*` it still grants PutEvents on this bus only; with Action `*` on the bus ARN nothing but PutEvents targets a bus (rule actions name rule ARNs)',
  },
  {
    id: /^widen-account tools-event-bus\/SourceAccountForwardsCommits$/,
    kind: 'equivalent',
    why: 'a bus policy governs only its own bus: a resource `*` in the account field names no other resource it could grant',
  },
  {
    id: /^widen-account (source-role-permissions\/ReadRepositoryBranch|target-\w+-deploy-role-permissions\/(DeployTargetStacks|PassExecutionRoleToCloudFormation)|pipeline-role-permissions\/RunBuildProject|build-role-permissions\/WriteBuildLogs|trigger-role-permissions\/StartThisPipeline)$/,
    kind: 'equivalent',
    why: "CodeCommit repositories, CloudFormation stacks, CodeBuild projects, log groups and pipelines have no resource policy that could admit another account's role, and iam:PassRole passes roles of the caller's own account only: an identity policy naming them in any account reaches only its own",
    source: `${DOCS}/IAM/latest/UserGuide/reference_aws-services-that-work-with-iam.html`,
  },
  {
    id: /^widen-account (source-role-permissions\/EncryptSourceArtifact|target-\w+-deploy-role-permissions\/DecryptBuildArtifact|(pipeline|build)-role-permissions\/UseArtifactKey)$/,
    kind: 'equivalent',
    why: 'the resource is the artifact key by its key id, which AWS generates and no other account can have; `*` for the account names no other key',
    source: `${DOCS}/kms/latest/developerguide/concepts.html#key-id-key-id`,
  },
  {
    id: /^widen-action artifact-key\/ToolsAccountAdministersKey$/,
    kind: 'equivalent',
    why: 'the statement already allows kms:* and a key policy governs only its key, on which only kms: actions exist',
  },
  {
    id: /^widen-action target-\w+-deploy-role-permissions\/PassExecutionRoleToCloudFormation$/,
    kind: 'equivalent',
    why: 'its StringEquals iam:PassedToService condition holds only in iam:PassRole requests, so `*` still allows only passing the execution role to CloudFormation',
  },
  {
    id: /^remove-action (artifact-key\/SourceRoleEncryptsArtifacts|source-role-permissions\/EncryptSourceArtifact) kms:(DescribeKey|Encrypt|ReEncrypt\*)$/,
    kind: 'prescribed',
    why: 'docs/design.md §4 prescribes the cross-account writer set (Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey) on the key and the source role. Finding: the S3 page on SSE-KMS says uploads need only kms:GenerateDataKey (and kms:Decrypt for multipart uploads), so Encrypt, ReEncrypt* and DescribeKey are not requested by the source action; kept because docs/design.md §4 prescribes them',
    source: `${DOCS}/AmazonS3/latest/userguide/UsingKMSEncryption.html`,
  },
  {
    id: /^remove-action (artifact-key\/DeployRolesDecryptArtifacts|target-\w+-deploy-role-permissions\/DecryptBuildArtifact) kms:DescribeKey$/,
    kind: 'prescribed',
    why: 'docs/design.md §4 prescribes the reader set (Decrypt, DescribeKey) in the key policy and the deploy role. Finding: SSE-KMS downloads need only kms:Decrypt (same S3 page); kept per the contract',
    source: `${DOCS}/AmazonS3/latest/userguide/UsingKMSEncryption.html`,
  },
  {
    id: /^remove-action (pipeline|build)-role-permissions\/UseArtifactKey kms:(DescribeKey|Encrypt|ReEncrypt\*)$/,
    kind: 'prescribed',
    why: 'the key-user set CodeBuild\'s documentation grants its service role on a customer-managed artifact key (Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey); docs/design.md §4 asks for "key use" by the pipeline and build roles. The S3 SSE-KMS page shows only GenerateDataKey and Decrypt in artifact uploads and downloads',
    source: `${DOCS}/codebuild/latest/userguide/setting-up-kms.html`,
  },
  {
    id: /^remove-action (artifact-bucket\/DeployRolesReadArtifacts|target-\w+-deploy-role-permissions\/ReadBuildArtifact) s3:GetObjectVersion$/,
    kind: 'prescribed',
    why: 'docs/design.md §4 prescribes s3:GetObject and s3:GetObjectVersion for the deploy roles in the bucket policy (the identity side mirrors it). An action reads its input artifact by key (the job names bucket and object key, no version id), so only GetObject is requested',
    source: `${DOCS}/codepipeline/latest/userguide/pipelines-create-cross-account.html`,
  },
  {
    id: /^remove-action (pipeline|build)-role-permissions\/ReadWriteArtifacts s3:GetObjectVersion$/,
    kind: 'prescribed',
    why: "both services' documented minimum service-role policies list s3:GetObjectVersion on the artifact objects (CodePipeline: AllowS3ObjectAccess; CodeBuild: the CodePipeline bucket statement); no request of the script reads an artifact by version id",
    source: `${DOCS}/codepipeline/latest/userguide/how-to-custom-role.html#how-to-custom-role-policy`,
  },
  {
    id: /^remove-action target-\w+-deploy-role-permissions\/DeployTargetStacks cloudformation:(DescribeStackResources|GetTemplate)$/,
    kind: 'prescribed',
    why: "the CloudFormation action's role permissions (the action reference's service-role section, and the CDK's grantCreateUpdateStack: DescribeStack*, GetTemplate*) include them; the page says when the action calls DescribeStacks, Create/UpdateStack and DescribeStackEvents, but not when it calls these, so the script has no row for them",
    source: `${DOCS}/codepipeline/latest/userguide/action-reference-CloudFormation.html#edit-role-cloudformation`,
  },
];

void test('mutation score of the access script on the four-account example', () => {
  const pipeline = loadConfigFile('examples/four-accounts.yml').pipeline;
  const synth = synthesize(pipeline);
  const script = buildAccessScript(topologyFromSynth(pipeline, synth));
  const baseline = verifyAccess(script, synth.policies);
  assert.ok(baseline.ok, 'the unmutated output verifies clean');

  const all = mutants(synth.policies, ALL_KINDS);
  const outcomes: MutantOutcome[] = all.map((m) => runMutant(script, baseline, m));
  const killed = outcomes.filter((o) => o.killed);
  const survivors = outcomes.filter((o) => !o.killed);

  // Killed at the right step: a removal fails a row the statement granted (and that calls the
  // removed action); a widening fails a negative row that the widened statement now grants.
  const wrong = killed
    .filter((o) => !o.rightStep)
    .map((o) => `${o.mutant.id}: ${o.failing.map((f) => f.step).join(', ')}`);
  assert.deepEqual(wrong, [], 'every killed mutant fails at the step it affects');

  const unlisted = survivors
    .filter((o) => !SURVIVORS.some((s) => s.id.test(o.mutant.id)))
    .map((o) => o.mutant.id);
  assert.deepEqual(unlisted, [], 'every surviving mutant is listed with why it survives');
  const stale = SURVIVORS.filter((s) => !survivors.some((o) => s.id.test(o.mutant.id))).map(
    (s) => s.id.source,
  );
  assert.deepEqual(stale, [], 'every listed survivor still survives (the list stays tight)');
  for (const s of SURVIVORS.filter((x) => x.kind === 'prescribed'))
    assert.match(s.source ?? '', /^https:\/\//, `${s.id.source} names what prescribes it`);

  const equivalent = survivors.filter((o) =>
    SURVIVORS.some((s) => s.kind === 'equivalent' && s.id.test(o.mutant.id)),
  ).length;
  const prescribed = survivors.length - equivalent;
  const byKind = new Map<string, [number, number]>();
  for (const o of outcomes) {
    const [k, n] = byKind.get(o.mutant.kind) ?? [0, 0];
    byKind.set(o.mutant.kind, [k + (o.killed ? 1 : 0), n + 1]);
  }
  console.log(
    [
      `mutation score: ${killed.length}/${all.length} killed (${pct(killed.length, all.length)});`,
      `${killed.length}/${all.length - equivalent} (${pct(killed.length, all.length - equivalent)}) excluding ${equivalent} equivalent mutants;`,
      `${prescribed} survive as prescribed grants no request exercises (listed with their source in test/verify/mutation.test.ts)`,
      `  by kind: ${[...byKind].map(([kind, [k, n]]) => `${kind} ${k}/${n}`).join(', ')}`,
    ].join('\n'),
  );
  // Every widening, dropped pin and removed Deny that changes access is caught.
  for (const o of outcomes) {
    if (
      o.mutant.kind.startsWith('widen') ||
      o.mutant.kind === 'add-write' ||
      o.mutant.kind === 'drop-condition' ||
      o.mutant.kind === 'remove-deny'
    ) {
      assert.ok(
        o.killed || SURVIVORS.some((s) => s.kind === 'equivalent' && s.id.test(o.mutant.id)),
        o.mutant.id,
      );
    }
  }
});

function pct(a: number, b: number): string {
  return `${((100 * a) / b).toFixed(1)}%`;
}
