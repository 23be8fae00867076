// The change-set review `approve` shows: the change sets found in the release example's
// pipeline declaration, and the IAM changes each makes, flagged when they broaden access.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PipelineDeclaration } from '../../src/aws/pipeline-types.js';
import { loadConfigFile } from '../../src/config/index.js';
import {
  changeSetRefs,
  reviewChangeSets,
  type ChangeSetReader,
  type ChangeSetRef,
} from '../../src/deploy/change-set-review.js';
import { synthesize } from '../../src/synth/index.js';
import { parseTemplateText } from '../../src/synth/template-text.js';

const pipeline = loadConfigFile('examples/release-flow.yml').pipeline;
const declaration = (synthesize(pipeline).pipelineJson as { pipeline: PipelineDeclaration })
  .pipeline;

const DEPLOYED = `
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: shop-app
      AssumeRolePolicyDocument:
        Statement:
          - { Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt AppRole.Arn
      MemorySize: 128
      Code: { ZipFile: !Sub "exports.handler = () => '\${AWS::Region}'" }
`;

void test('the prod stage of the release example has one change set per target, in run order, in the prod account', () => {
  const refs = changeSetRefs(declaration, 'prod', pipeline.region);
  assert.deepEqual(
    refs.map((r) => [r.stack, r.account, r.region]),
    [
      ['shop-data', '444444444444', 'eu-west-1'],
      ['shop-prod', '444444444444', 'eu-west-1'],
    ],
  );
  assert.ok(refs.every((r) => r.changeSet.length > 0));
  assert.deepEqual(
    changeSetRefs(declaration, 'staging', pipeline.region),
    [],
    'staging deploys directly',
  );
});

void test('CloudFormation YAML short forms read back as the long forms', () => {
  const t = parseTemplateText(DEPLOYED) as {
    Resources: { Fn: { Properties: { Role: unknown; Code: { ZipFile: unknown } } } };
  };
  assert.deepEqual(t.Resources.Fn.Properties.Role, { 'Fn::GetAtt': ['AppRole', 'Arn'] });
  assert.deepEqual(t.Resources.Fn.Properties.Code.ZipFile, {
    'Fn::Sub': "exports.handler = () => '${AWS::Region}'",
  });
  assert.equal(parseTemplateText('- not a template'), undefined);
});

function reader(proposed: Record<string, string>): ChangeSetReader {
  return {
    status: () => Promise.resolve({ status: 'CREATE_COMPLETE' }),
    deployed: () => Promise.resolve(DEPLOYED),
    proposed: (ref: ChangeSetRef) => Promise.resolve(proposed[ref.stack]),
  };
}

void test('a change set that attaches AdministratorAccess is flagged; one that only resizes a function is not', async () => {
  const refs = changeSetRefs(declaration, 'prod', pipeline.region);
  const broader = DEPLOYED.replace(
    '      AssumeRolePolicyDocument:',
    '      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]\n      AssumeRolePolicyDocument:',
  );
  const resized = DEPLOYED.replace('MemorySize: 128', 'MemorySize: 256');
  const [data, prod] = await reviewChangeSets(
    refs,
    reader({ 'shop-data': resized, 'shop-prod': broader }),
  );
  assert.equal(data.broadening, false);
  assert.deepEqual(data.access, []);
  assert.deepEqual(
    data.resources.map((r) => [r.sign, r.logicalId, r.type]),
    [['~', 'Fn', 'AWS::Lambda::Function']],
  );
  assert.equal(prod.broadening, true);
  assert.deepEqual(
    prod.access.map((c) => [c.sign, c.subject, c.what, c.broadens]),
    [['+', 'shop-app', 'arn:aws:iam::aws:policy/AdministratorAccess', true]],
  );
});

void test('a change set for a stack not deployed yet lists every resource as added', async () => {
  const [ref] = changeSetRefs(declaration, 'prod', pipeline.region);
  const [review] = await reviewChangeSets([ref], {
    ...reader({ 'shop-data': DEPLOYED }),
    deployed: () => Promise.resolve(undefined),
  });
  assert.deepEqual(
    review.resources.map((r) => r.sign + r.logicalId),
    ['+AppRole', '+Fn'],
  );
  assert.equal(review.broadening, true, 'a new role with a trust policy grants access');
});
