// Mutation tests on our own synth output (issue 4): remove each Allow statement or each of
// its actions → verify fails at the step that needed it; widen a statement to `*` (principal,
// action or resource), drop its condition, or remove a Deny → the negative script catches it.
// Survivors must be exactly the mutants listed below, each with why it survives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize } from '../../src/synth/index.js';
import { buildAccessScript, topologyFromSynth, verifyAccess } from '../../src/verify/index.js';
import { mutants, runMutant, type MutantOutcome } from './mutate.js';

interface Survivor {
  readonly id: RegExp;
  /**
   * `equivalent`: the mutant changes no effective access, so no request can tell it apart.
   * `unexercised`: a grant no request of the access script needs: either the script misses a
   * request AWS makes (then add the row, with its source) or synth grants more than needed.
   */
  readonly kind: 'equivalent' | 'unexercised';
  readonly why: string;
}

const SURVIVORS: readonly Survivor[] = [
  {
    id: /^widen-principal (artifact-key\/(SourceRoleEncryptsArtifacts|DeployRolesDecryptArtifacts)|artifact-bucket\/(SourceRoleWritesSourceArtifact|DeployRolesReadArtifacts)|(source-role|target-\w+-deploy-role)-trust\/AssumedByPipelineRole)$/,
    kind: 'equivalent',
    why: 'the statement keeps its ArnEquals aws:PrincipalArn pin, which admits exactly the one role whatever the Principal says (DESIGN.md §4 grants the root and pins the role)',
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
    id: /^remove-action .*\/(EncryptSourceArtifact|SourceRoleEncryptsArtifacts|UseArtifactKey|DecryptBuildArtifact|DeployRolesDecryptArtifacts) kms:(DescribeKey|Encrypt|ReEncrypt\*)$/,
    kind: 'unexercised',
    why: 'DESIGN.md §4 prescribes the KMS writer set (Encrypt, ReEncrypt*, DescribeKey) and reader DescribeKey; SSE-KMS uploads and downloads use only GenerateDataKey and Decrypt (SOURCES.s3SseKms)',
  },
  {
    id: /^remove-action .*\/(ReadWriteArtifacts|DeployRolesReadArtifacts|ReadBuildArtifact) s3:GetObjectVersion$/,
    kind: 'unexercised',
    why: 'no action of the pipeline reads an artifact by version id in the documented flow; kept as the CDK and AWS examples grant it',
  },
  {
    id: /^remove-(statement|action) pipeline-role-permissions\/InspectArtifactBucket( s3:GetBucket(Location|Versioning))?$/,
    kind: 'unexercised',
    why: "no documented request of CodePipeline's own role on the bucket ARN is in the script (the CodeBuild role's GetBucketAcl/GetBucketLocation are)",
  },
  {
    id: /^remove-action target-\w+-deploy-role-permissions\/DeployTargetStacks cloudformation:(DescribeStackResources|GetTemplate)$/,
    kind: 'unexercised',
    why: 'the CloudFormation action page documents DescribeStacks, Create/UpdateStack and DescribeStackEvents for CREATE_UPDATE; the CDK grants DescribeStack* and GetTemplate* more broadly',
  },
];

void test('mutation score of the access script on the four-account example', () => {
  const pipeline = loadConfigFile('examples/four-accounts.yml').pipeline;
  const synth = synthesize(pipeline);
  const script = buildAccessScript(topologyFromSynth(pipeline, synth));
  const baseline = verifyAccess(script, synth.policies);
  assert.ok(baseline.ok, 'the unmutated output verifies clean');

  const all = mutants(synth.policies);
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

  const equivalent = survivors.filter((o) =>
    SURVIVORS.some((s) => s.kind === 'equivalent' && s.id.test(o.mutant.id)),
  ).length;
  const unexercised = survivors.length - equivalent;
  const byKind = new Map<string, [number, number]>();
  for (const o of outcomes) {
    const [k, n] = byKind.get(o.mutant.kind) ?? [0, 0];
    byKind.set(o.mutant.kind, [k + (o.killed ? 1 : 0), n + 1]);
  }
  console.log(
    [
      `mutation score: ${killed.length}/${all.length} killed (${pct(killed.length, all.length)});`,
      `${killed.length}/${all.length - equivalent} (${pct(killed.length, all.length - equivalent)}) excluding ${equivalent} equivalent mutants;`,
      `${unexercised} survive as unexercised grants (listed in test/verify/mutation.test.ts)`,
      `  by kind: ${[...byKind].map(([kind, [k, n]]) => `${kind} ${k}/${n}`).join(', ')}`,
    ].join('\n'),
  );
  // Every widening, dropped pin and removed Deny that changes access is caught.
  for (const o of outcomes) {
    if (
      o.mutant.kind.startsWith('widen') ||
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
