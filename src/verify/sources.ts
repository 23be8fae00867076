/**
 * Where each claim of the access script about AWS comes from. The script cannot be checked
 * against AWS here, so every row names the page (or the well-tested tool's grant) it follows.
 */
const DOCS = 'https://docs.aws.amazon.com';
const CDK = 'https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib';

export const SOURCES = {
  /** Cross-account events: the receiving bus's policy must allow the sender; the rule's role needs events:PutEvents. */
  eventsCrossAccount: `${DOCS}/eventbridge/latest/userguide/eb-cross-account.html`,
  /** EventBridge assumes a target's role as events.amazonaws.com (aws:SourceArn = the rule). */
  eventsTargetRole: `${DOCS}/eventbridge/latest/userguide/eb-use-identity-based.html`,
  /** A rule starting a pipeline needs codepipeline:StartPipelineExecution on it. */
  pipelineTrigger: `${DOCS}/codepipeline/latest/userguide/pipelines-trigger-source-repo-changes-cfn.html`,
  /** The CodePipeline service role, its policy, and confused-deputy keys in its trust. */
  pipelineServiceRole: `${DOCS}/codepipeline/latest/userguide/security-iam.html#how-to-custom-role`,
  /**
   * The documented minimum policy of the CodePipeline service role: bucket metadata
   * (GetBucketVersioning, GetBucketAcl, GetBucketLocation) and artifact objects.
   */
  pipelineServiceRolePolicy: `${DOCS}/codepipeline/latest/userguide/how-to-custom-role.html#how-to-custom-role-policy`,
  /** Cross-account actions: the pipeline role assumes a role in the other account; the artifact key and bucket must admit it. */
  pipelineCrossAccount: `${DOCS}/codepipeline/latest/userguide/pipelines-create-cross-account.html`,
  /** The CodeCommit source action's permissions (GetBranch, GetCommit, UploadArchive, GetUploadArchiveStatus, CancelUploadArchive). */
  codecommitAction: `${DOCS}/codepipeline/latest/userguide/action-reference-CodeCommit.html`,
  /** The CodeBuild action: StartBuild and BatchGetBuilds on the project. */
  codebuildAction: `${DOCS}/codepipeline/latest/userguide/action-reference-CodeBuild.html`,
  /** The CloudFormation action's permissions and its RoleArn (passed to CloudFormation). */
  cloudformationAction: `${DOCS}/codepipeline/latest/userguide/action-reference-CloudFormation.html`,
  /** The CDK grants of the CloudFormation deploy actions (SingletonPolicy). */
  cdkCloudformationGrants: `${CDK}/aws-codepipeline-actions/lib/cloudformation/pipeline-actions.ts`,
  /** The CDK's cross-account source action role: bucket read/write + PutObjectAcl, key encrypt/decrypt. */
  cdkCodecommitGrants: `${CDK}/aws-codepipeline-actions/lib/codecommit/source-action.ts`,
  /** CodeBuild service role: logs, S3 artifacts, KMS; codebuild.amazonaws.com trust. */
  codebuildServiceRole: `${DOCS}/codebuild/latest/userguide/setting-up-service-role.html`,
  /** CloudFormation service role: cloudformation.amazonaws.com assumes it; the caller needs iam:PassRole. */
  cloudformationServiceRole: `${DOCS}/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html`,
  /** iam:PassRole and iam:PassedToService. */
  passRole: `${DOCS}/IAM/latest/UserGuide/id_roles_use_passrole.html`,
  /** Uploads with SSE-KMS need kms:GenerateDataKey (and kms:Decrypt for multipart uploads); reads need kms:Decrypt. */
  s3SseKms: `${DOCS}/AmazonS3/latest/userguide/UsingKMSEncryption.html`,
  /** PutObject with an ACL header (bucket-owner-full-control) also needs s3:PutObjectAcl. */
  s3PutObjectAcl: `${DOCS}/AmazonS3/latest/API/API_PutObject.html`,
  /** Denying requests without TLS (aws:SecureTransport) on the bucket and its objects. */
  s3Tls: `${DOCS}/AmazonS3/latest/userguide/security-best-practices.html`,
  /** Cross-account S3: both the bucket policy and the caller's identity policy must allow. */
  s3CrossAccount: `${DOCS}/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html`,
  /** Cross-account KMS: the key policy and the caller's identity policy must both allow. */
  kmsCrossAccount: `${DOCS}/kms/latest/developerguide/key-policy-modifying-external-accounts.html`,
  /** Key policies are authoritative; IAM policies count only when the key policy allows the account. */
  kmsKeyPolicy: `${DOCS}/kms/latest/developerguide/key-policies.html`,
  /** Cross-account role assumption: the trust policy and the caller's identity policy must allow. */
  assumeRoleCrossAccount: `${DOCS}/IAM/latest/UserGuide/id_roles_common-scenarios_aws-accounts.html`,
  /** aws:PrincipalArn pins a grant to one role when the Principal is an account root. */
  principalArn: `${DOCS}/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn`,
  /** CodeCommit actions and their resource types. */
  codecommitAuthz: `${DOCS}/service-authorization/latest/reference/list_awscodecommit.html`,
  /** CloudFormation actions and their resource types (stack ARNs). */
  cloudformationAuthz: `${DOCS}/service-authorization/latest/reference/list_awscloudformation.html`,
  /** How artifacts are stored: <bucket>/<pipeline name>/<artifact name>/<object>. */
  pipelineArtifacts: `${DOCS}/codepipeline/latest/userguide/welcome-introducing-artifacts.html`,
  /** The confused-deputy keys AWS services send when they assume a role. */
  confusedDeputy: `${DOCS}/IAM/latest/UserGuide/confused-deputy.html`,
} as const;
