import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ARTIFACT_KEY_ID_PLACEHOLDER,
  synthesize,
  type PolicyDocument,
  type SynthResult,
} from '../../src/synth/index.js';
import { example, pipelineFrom, resolveCfn, strings, type Json } from './helpers.js';
import { readFileSync } from 'node:fs';
import { EXAMPLES } from './helpers.js';

const both = ['four', 'fifty'] as const;

for (const which of both) {
  void test(`${which}: synthesizing twice gives byte-identical files`, () => {
    const { pipeline, synth } = example(which);
    const again = synthesize(pipeline);
    assert.deepEqual([...again.files.keys()], [...synth.files.keys()]);
    for (const [file, content] of synth.files) assert.equal(again.files.get(file), content, file);
    assert.deepEqual(
      [...synth.files.keys()],
      [...synth.files.keys()].sort(),
      'files are listed in sorted order',
    );
  });

  void test(`${which}: plan.json lists stacks in deploy order with their wiring`, () => {
    const { pipeline, synth } = example(which);
    const { stacks } = synth.plan;
    const kinds = stacks.map((s) => s.kind);
    assert.equal(kinds[0], 'artifacts');
    assert.equal(kinds.at(-1), 'pipeline');
    assert.equal(kinds.filter((k) => k === 'source').length, 1);
    assert.equal(
      kinds.filter((k) => k === 'target').length,
      new Set(pipeline.stages.flatMap((s) => s.targets.map((t) => t.account.id))).size,
    );
    const artifacts = stacks[0];
    assert.equal(artifacts.id, `${pipeline.tools.alias}/${pipeline.name}-artifacts`);
    assert.deepEqual([...artifacts.outputs].sort(), ['ArtifactBucketName', 'ArtifactKeyArn']);
    const seen = new Set<string>();
    for (const s of stacks) {
      assert.equal(s.id, `${s.account.alias}/${s.name}`);
      for (const d of s.dependsOn)
        assert.ok(seen.has(d), `${s.id} depends on ${d}, which comes later`);
      seen.add(s.id);
      assert.ok(synth.files.has(s.templateFile), `${s.templateFile} is written`);
      const template = JSON.parse(synth.files.get(s.templateFile)!) as {
        Parameters?: Record<string, unknown>;
      };
      assert.deepEqual(
        Object.keys(template.Parameters ?? {}).sort(),
        s.parameters.map((p) => p.name).sort(),
        `${s.id} declares the wired parameters`,
      );
      for (const p of s.parameters) {
        const wired = p.fromOutput;
        assert.ok(wired, `${s.id}.${p.name} comes from an output`);
        const from = stacks.find((x) => x.id === wired.stack);
        assert.ok(
          from?.outputs.includes(wired.output),
          `${wired.stack} has output ${wired.output}`,
        );
        assert.ok(s.dependsOn.includes(wired.stack));
      }
    }
    // The critical path is artifacts -> (source and targets, in parallel) -> pipeline.
    for (const s of stacks.filter((x) => x.kind === 'source' || x.kind === 'target'))
      assert.deepEqual(s.dependsOn, [artifacts.id]);
    const last = stacks.at(-1)!;
    assert.deepEqual(
      [...last.dependsOn].sort(),
      stacks
        .slice(0, -1)
        .map((s) => s.id)
        .sort(),
    );
  });

  void test(`${which}: every policy document equals the policy its template creates`, () => {
    const { synth } = example(which);
    const fromTemplates = templatePolicies(synth);
    const entries = new Map(
      synth.policies.map((e) => [
        `${e.account} ${e.kind} ${e.attachedTo} ${JSON.stringify(e.document)}`,
        e,
      ]),
    );
    assert.ok(synth.policies.length >= 10);
    for (const e of synth.policies) {
      if (e.document.Statement.length === 0) continue; // exec role: managed policies only
      const found = fromTemplates.filter(
        (t) => t.account === e.account && t.attachedTo === e.attachedTo && t.kind === e.kind,
      );
      assert.ok(
        found.some((t) => isDeepEqual(t.document, e.document)),
        `${e.name}: the template creates exactly this document`,
      );
    }
    for (const t of fromTemplates) {
      assert.ok(
        [...entries.values()].some(
          (e) =>
            e.account === t.account &&
            e.attachedTo === t.attachedTo &&
            isDeepEqual(e.document, t.document),
        ),
        `a template policy on ${t.attachedTo} (${t.kind}) has no PolicyEntry`,
      );
    }
  });

  void test(`${which}: every statement has a Sid and a reason citing its source`, () => {
    const { synth } = example(which);
    for (const e of synth.policies) {
      const sids = e.document.Statement.map((s) => s.Sid);
      assert.equal(new Set(sids).size, sids.length, `${e.name}: Sids are unique`);
      for (const sid of sids) {
        assert.ok(sid && /^[A-Za-z0-9]+$/.test(sid), `${e.name}: Sid ${sid} is alphanumeric`);
        const reason = e.reasons[sid];
        assert.ok(
          reason && /https:\/\//.test(reason),
          `${e.name}.${sid} has a reason with a source: ${reason}`,
        );
      }
      assert.deepEqual(Object.keys(e.reasons).sort(), [...sids].sort() as string[]);
      const file = synth.files.get(`policies/${e.name}.json`);
      assert.ok(file, `policies/${e.name}.json is written`);
      assert.deepEqual(JSON.parse(file), e.document);
    }
    const index = JSON.parse(synth.files.get('policies/index.json')!) as {
      name: string;
      reasons: object;
    }[];
    assert.deepEqual(index.map((i) => i.name).sort(), synth.policies.map((e) => e.name).sort());
  });

  void test(`${which}: the key ARN is one named placeholder, resolved by the artifacts stack output`, () => {
    const { pipeline, synth } = example(which);
    assert.equal(synth.plan.placeholders.length, 1);
    const [ph] = synth.plan.placeholders;
    assert.ok(ph.text.includes(ARTIFACT_KEY_ID_PLACEHOLDER));
    assert.equal(ph.stack, synth.plan.stacks[0].id);
    assert.equal(ph.output, 'ArtifactKeyArn');
    const declaration = synth.pipelineJson.pipeline as {
      artifactStore: { encryptionKey: { id: string; type: string }; location: string };
    };
    assert.deepEqual(declaration.artifactStore.encryptionKey, { id: ph.text, type: 'KMS' });
    assert.equal(
      declaration.artifactStore.location,
      `${pipeline.name}-artifacts-${pipeline.tools.id}-${pipeline.region}`,
    );
    // Templates never contain the placeholder: they take the key ARN as a parameter.
    for (const [id, t] of Object.entries(synth.templates)) {
      assert.ok(
        !JSON.stringify(t).includes(ARTIFACT_KEY_ID_PLACEHOLDER),
        `${id} has no placeholder`,
      );
    }
  });
}

void test('nothing hard-codes the aws partition: a China and a GovCloud pipeline use theirs', () => {
  const base = readFileSync(EXAMPLES.four, 'utf8');
  for (const [region, partition] of [
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ] as const) {
    const yaml = base
      .replace('region: us-east-1', `region: ${region}`)
      .replace(
        'arn:aws:iam::aws:policy/PowerUserAccess',
        `arn:${partition}:iam::aws:policy/PowerUserAccess`,
      );
    const synth = synthesize(pipelineFrom(yaml));
    assert.equal(synth.plan.partition, partition);
    for (const [file, content] of synth.files)
      assert.ok(!content.includes('arn:aws:'), `${file} contains arn:aws:`);
    const arns = strings(JSON.parse(synth.files.get('pipeline.json')!)).filter((s) =>
      s.startsWith('arn:'),
    );
    assert.ok(arns.length > 3 && arns.every((a) => a.startsWith(`arn:${partition}:`)));
  }
});

interface TemplatePolicy {
  account: string;
  kind: string;
  attachedTo: string;
  document: PolicyDocument;
}

/** Every policy the templates create, with intrinsics resolved as CloudFormation would. */
function templatePolicies(synth: SynthResult): TemplatePolicy[] {
  const key = synth.plan.placeholders[0].text;
  const declaration = synth.pipelineJson.pipeline as { artifactStore: { location: string } };
  const bucket = declaration.artifactStore.location;
  const values = {
    ArtifactKeyArn: key,
    ArtifactBucketName: bucket,
    'ArtifactKey.Arn': key,
    ArtifactBucket: bucket,
  };
  const out: TemplatePolicy[] = [];
  for (const s of synth.plan.stacks) {
    const t = synth.templates[s.id] as {
      Resources: Record<string, { Type: string; Properties: Record<string, Json> }>;
    };
    const partition = synth.plan.partition;
    for (const r of Object.values(t.Resources)) {
      const p = resolveCfn(r.Properties, values) as Record<string, unknown>;
      if (r.Type === 'AWS::IAM::Role') {
        const arn = `arn:${partition}:iam::${s.account.id}:role/${p.RoleName as string}`;
        out.push({
          account: s.account.id,
          kind: 'trust',
          attachedTo: arn,
          document: p.AssumeRolePolicyDocument as PolicyDocument,
        });
        for (const inline of (p.Policies ?? []) as { PolicyDocument: PolicyDocument }[]) {
          out.push({
            account: s.account.id,
            kind: 'identity',
            attachedTo: arn,
            document: inline.PolicyDocument,
          });
        }
      } else if (r.Type === 'AWS::KMS::Key') {
        out.push({
          account: s.account.id,
          kind: 'key',
          attachedTo: key,
          document: p.KeyPolicy as PolicyDocument,
        });
      } else if (r.Type === 'AWS::S3::BucketPolicy') {
        out.push({
          account: s.account.id,
          kind: 'bucket',
          attachedTo: `arn:${partition}:s3:::${bucket}`,
          document: p.PolicyDocument as PolicyDocument,
        });
      } else if (r.Type === 'AWS::Events::EventBusPolicy') {
        const st = p.Statement as Record<string, unknown>;
        out.push({
          account: s.account.id,
          kind: 'bus',
          attachedTo: st.Resource as string,
          document: {
            Version: '2012-10-17',
            Statement: [{ Sid: p.StatementId as string, ...st } as never],
          },
        });
      }
    }
  }
  return out;
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
