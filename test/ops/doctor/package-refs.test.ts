/**
 * The reference finder of the package-read rule: which S3 objects a deployed template makes
 * CloudFormation (as the execution role) read, from templates as GetTemplate returns them
 * (JSON, or YAML with short-form tags, parsed by src/synth/template-text.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  findPackageReferences,
  parseS3Url,
  type ResolveEnv,
} from '../../../src/ops/doctor/package-refs.js';
import { parseTemplateText } from '../../../src/synth/template-text.js';

const BUCKET = 'app-artifacts-111111111111-us-east-1';
const ENV: ResolveEnv = {
  parameters: { CodeBucket: BUCKET, CodeKey: 'app/BuildArtif/k3y.zip', Secret: '****' },
  region: 'eu-west-1',
  account: '444444444444',
  partition: 'aws',
  urlSuffix: 'amazonaws.com',
  stackName: 'shop-prod',
};

function find(yaml: string, env: ResolveEnv = ENV) {
  const template = parseTemplateText(yaml);
  assert.ok(template, 'the template parses');
  return findPackageReferences(template, env);
}

/** `Logical Type property → s3://bucket/key (kind)`, for short assertions. */
function lines(yaml: string): string[] {
  return find(yaml).references.map(
    (r) => `${r.logicalId} ${r.type} ${r.property} → s3://${r.bucket}/${r.key} (${r.kind})`,
  );
}

void describe('package references in a deployed template', () => {
  void it('AWS::Lambda::Function Code.S3Bucket/S3Key, literal and through parameters', () => {
    assert.deepEqual(
      lines(`
Parameters:
  CodeBucket: { Type: String }
  CodeKey: { Type: String }
  Prefix: { Type: String, Default: pkg }
Resources:
  Literal:
    Type: AWS::Lambda::Function
    Properties:
      Code: { S3Bucket: ${BUCKET}, S3Key: pkg/0a1b.zip }
  FromParameters:
    Type: AWS::Lambda::Function
    Properties:
      Code:
        S3Bucket: !Ref CodeBucket
        S3Key: !Sub '\${Prefix}/\${AWS::Region}/\${AWS::AccountId}.zip'
  Inline:
    Type: AWS::Lambda::Function
    Properties:
      Code: { ZipFile: "exports.handler = async () => 1" }
  Image:
    Type: AWS::Lambda::Function
    Properties:
      Code: { ImageUri: 111111111111.dkr.ecr.us-east-1.amazonaws.com/shop:1 }
`),
      [
        `Literal AWS::Lambda::Function Code.S3Bucket/S3Key → s3://${BUCKET}/pkg/0a1b.zip (code)`,
        `FromParameters AWS::Lambda::Function Code.S3Bucket/S3Key → s3://${BUCKET}/pkg/eu-west-1/444444444444.zip (code)`,
      ],
    );
  });

  void it('AWS::Lambda::LayerVersion Content, in a JSON template with Fn::Join', () => {
    const json = JSON.stringify({
      Resources: {
        Layer: {
          Type: 'AWS::Lambda::LayerVersion',
          Properties: {
            Content: { S3Bucket: BUCKET, S3Key: { 'Fn::Join': ['/', ['layers', 'deps.zip']] } },
          },
        },
      },
    });
    assert.deepEqual(lines(json), [
      `Layer AWS::Lambda::LayerVersion Content.S3Bucket/S3Key → s3://${BUCKET}/layers/deps.zip (code)`,
    ]);
  });

  void it('AWS::Serverless::Function CodeUri: s3:// text, {Bucket, Key}, Globals; a local path reads nothing', () => {
    assert.deepEqual(
      lines(`
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    CodeUri: s3://${BUCKET}/packages/global.zip
Resources:
  Text:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: s3://${BUCKET}/packages/text.zip, Handler: a.b, Runtime: nodejs20.x }
  Object:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: { Bucket: ${BUCKET}, Key: packages/object.zip, Version: "3" }
  Inherits:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.b, Runtime: nodejs20.x }
  Sub:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: !Sub 's3://\${CodeBucket}/packages/sub.zip' }
  Layer:
    Type: AWS::Serverless::LayerVersion
    Properties: { ContentUri: s3://${BUCKET}/packages/layer.zip }
`),
      [
        `Text AWS::Serverless::Function CodeUri → s3://${BUCKET}/packages/text.zip (code)`,
        `Object AWS::Serverless::Function CodeUri → s3://${BUCKET}/packages/object.zip (code)`,
        `Inherits AWS::Serverless::Function CodeUri → s3://${BUCKET}/packages/global.zip (code)`,
        `Sub AWS::Serverless::Function CodeUri → s3://${BUCKET}/packages/sub.zip (code)`,
        `Layer AWS::Serverless::LayerVersion ContentUri → s3://${BUCKET}/packages/layer.zip (code)`,
      ],
    );
    assert.deepEqual(
      find(`
Resources:
  NotPackaged:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: ./src, Handler: a.b, Runtime: nodejs20.x }
`),
      { references: [], skipped: [] },
    );
  });

  void it('AWS::CloudFormation::Stack TemplateURL in both URL styles, AWS::Serverless::Application Location', () => {
    assert.deepEqual(
      lines(`
Resources:
  Virtual:
    Type: AWS::CloudFormation::Stack
    Properties: { TemplateURL: https://${BUCKET}.s3.us-east-1.amazonaws.com/nested/a.template }
  VirtualGlobal:
    Type: AWS::CloudFormation::Stack
    Properties: { TemplateURL: https://${BUCKET}.s3.amazonaws.com/nested/b.template }
  PathStyle:
    Type: AWS::CloudFormation::Stack
    Properties: { TemplateURL: https://s3.us-east-1.amazonaws.com/${BUCKET}/nested/c%20d.template }
  PathStyleDash:
    Type: AWS::CloudFormation::Stack
    Properties: { TemplateURL: https://s3-eu-west-1.amazonaws.com/${BUCKET}/nested/e.template }
  App:
    Type: AWS::Serverless::Application
    Properties: { Location: https://s3.amazonaws.com/${BUCKET}/nested/app.template }
  Repository:
    Type: AWS::Serverless::Application
    Properties:
      Location: { ApplicationId: arn:aws:serverlessrepo:us-east-1:077246666028:applications/x, SemanticVersion: 1.0.0 }
`),
      [
        `Virtual AWS::CloudFormation::Stack TemplateURL → s3://${BUCKET}/nested/a.template (nested)`,
        `VirtualGlobal AWS::CloudFormation::Stack TemplateURL → s3://${BUCKET}/nested/b.template (nested)`,
        `PathStyle AWS::CloudFormation::Stack TemplateURL → s3://${BUCKET}/nested/c d.template (nested)`,
        `PathStyleDash AWS::CloudFormation::Stack TemplateURL → s3://${BUCKET}/nested/e.template (nested)`,
        `App AWS::Serverless::Application Location → s3://${BUCKET}/nested/app.template (nested)`,
      ],
    );
  });

  void it('URLs: China partition, dualstack, no key, not S3', () => {
    assert.deepEqual(parseS3Url('https://b.s3.cn-north-1.amazonaws.com.cn/k/t.yaml'), {
      bucket: 'b',
      key: 'k/t.yaml',
    });
    assert.deepEqual(parseS3Url('https://b.s3.dualstack.us-east-1.amazonaws.com/t.yaml'), {
      bucket: 'b',
      key: 't.yaml',
    });
    assert.equal(parseS3Url('https://b.s3.amazonaws.com/'), undefined);
    assert.equal(parseS3Url('https://s3.amazonaws.com/b'), undefined);
    assert.equal(parseS3Url('https://example.com/b/t.yaml'), undefined);
  });

  void it('intrinsics it cannot resolve are skipped with the reason; the stack’s own bucket is not a package', () => {
    const r = find(`
Resources:
  Own:
    Type: AWS::S3::Bucket
  FromOwnBucket:
    Type: AWS::Lambda::Function
    Properties: { Code: { S3Bucket: !Ref Own, S3Key: x.zip } }
  Imported:
    Type: AWS::Lambda::Function
    Properties: { Code: { S3Bucket: !ImportValue shared-bucket, S3Key: x.zip } }
  Attribute:
    Type: AWS::CloudFormation::Stack
    Properties: { TemplateURL: !GetAtt Own.RegionalDomainName }
  Choice:
    Type: AWS::Lambda::Function
    Properties:
      Code: { S3Bucket: ${BUCKET}, S3Key: !If [IsProd, a.zip, b.zip] }
  Hidden:
    Type: AWS::Lambda::Function
    Properties: { Code: { S3Bucket: !Ref Secret, S3Key: x.zip } }
  Dynamic:
    Type: AWS::Lambda::Function
    Properties: { Code: { S3Bucket: "{{resolve:ssm:/shop/bucket}}", S3Key: x.zip } }
  Missing:
    Type: AWS::Lambda::Function
    Properties: { Code: { S3Bucket: !Ref NoSuchParameter, S3Key: x.zip } }
`);
    assert.deepEqual(r.references, []);
    assert.deepEqual(
      r.skipped.map((x) => `${x.logicalId}: ${x.why}${x.bucket ? ` (bucket ${x.bucket})` : ''}`),
      [
        'Imported: Fn::ImportValue is not resolved by doctor',
        'Attribute: Fn::GetAtt is not resolved by doctor',
        `Choice: Fn::If is not resolved by doctor (bucket ${BUCKET})`,
        'Hidden: parameter Secret is NoEcho',
        'Dynamic: dynamic reference {{resolve:ssm:/shop/bucket}}',
        'Missing: parameter NoSuchParameter has no value',
      ],
    );
  });
});
