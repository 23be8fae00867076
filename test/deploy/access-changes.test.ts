/**
 * The IAM changes of a stack diff in words: intrinsics the CDK's differ leaves as JSON
 * (`Fn::Sub`, with or without a variable map, in resources, principals and conditions) read as
 * the ARN they stand for; resources show their physical name, parameters stay `${Name}`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullDiff } from '@aws-cdk/cloudformation-diff';
import {
  accessChanges,
  readableIntrinsic,
  renderAccessChange,
} from '../../src/deploy/access-changes.js';

const trust = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const current = {
  Resources: {
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: { RoleName: 'app-deploy', AssumeRolePolicyDocument: trust([]) },
    },
  },
};
const desired = {
  Parameters: { ToolsAccount: { Type: 'String' } },
  Resources: {
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'app-artifacts' } },
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'app-deploy',
        AssumeRolePolicyDocument: trust([
          {
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${ToolsAccount}:root' } },
            Action: 'sts:AssumeRole',
            Condition: {
              ArnEquals: {
                'aws:PrincipalArn': {
                  'Fn::Sub': 'arn:${AWS::Partition}:iam::${ToolsAccount}:role/pipe',
                },
              },
            },
          },
        ]),
        Policies: [
          {
            PolicyName: 'read',
            PolicyDocument: trust([
              {
                Effect: 'Allow',
                Action: 's3:GetObject',
                Resource: {
                  'Fn::Sub': ['arn:${AWS::Partition}:s3:::${B}/*', { B: { Ref: 'Bucket' } }],
                },
              },
              {
                Effect: 'Allow',
                Action: 'kms:Decrypt',
                Resource: { 'Fn::GetAtt': ['Key', 'Arn'] },
              },
            ]),
          },
        ],
      },
    },
  },
};

void describe('access changes in words', () => {
  void it('Fn::Sub reads as its ARN in principals, resources and conditions; no JSON', () => {
    const lines = accessChanges(fullDiff(current as never, desired as never), current, desired).map(
      (c) => renderAccessChange('prod', c),
    );
    assert.deepEqual(lines.sort(), [
      'prod/app-deploy: + Allow kms:Decrypt on Key',
      'prod/app-deploy: + Allow s3:GetObject on arn:${AWS::Partition}:s3:::app-artifacts/*',
      'prod/app-deploy: + trust: Allow sts:AssumeRole to AWS:arn:${AWS::Partition}:iam::${ToolsAccount}:root when ArnEquals aws:PrincipalArn arn:${AWS::Partition}:iam::${ToolsAccount}:role/pipe',
    ]);
    for (const l of lines) assert.doesNotMatch(l, /Fn::|"/);
  });

  void it('readableIntrinsic: Sub, Join, Ref and GetAtt; anything else is left as it is', () => {
    assert.equal(
      readableIntrinsic('{"Fn::Sub":"arn:${AWS::Partition}:s3:::b"}'),
      'arn:${AWS::Partition}:s3:::b',
    );
    assert.equal(
      readableIntrinsic(
        '{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":s3:::",{"Fn::GetAtt":["B","Arn"]}]]}',
      ),
      'arn:${AWS::Partition}:s3:::${B.Arn}',
    );
    assert.equal(
      readableIntrinsic('AWS:{"Fn::Sub":"arn:aws:iam::${A}:root"}'),
      'AWS:arn:aws:iam::${A}:root',
    );
    assert.equal(readableIntrinsic('{"Fn::If":["c","a","b"]}'), '{"Fn::If":["c","a","b"]}');
    assert.equal(readableIntrinsic('arn:aws:s3:::plain'), 'arn:aws:s3:::plain');
    assert.equal(readableIntrinsic('{"Fn::Sub": broken'), '{"Fn::Sub": broken');
  });
});
