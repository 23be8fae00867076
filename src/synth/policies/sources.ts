/**
 * Where each grant's claim about AWS comes from. A reason reads
 * "<the request AWS makes> — <why this statement allows it> (<source>)".
 */
export const DOCS = {
  keyRoot:
    'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam',
  keyCrossAccount:
    'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html',
  crossAccountPipeline:
    'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html',
  artifactEncryption:
    'https://docs.aws.amazon.com/codepipeline/latest/userguide/S3-artifact-encryption.html',
  s3Tls: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
  codeCommitAction:
    'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeCommit.html',
  cdkPutObjectAcl: 'https://github.com/aws/aws-cdk/pull/14260',
  cloudFormationAction:
    'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html',
  cdkCreateUpdateGrants:
    'https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-codepipeline-actions/lib/cloudformation/pipeline-actions.ts',
  passRole: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
  cfnServiceRole:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html',
  codeBuildAction:
    'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeBuild.html',
  codeBuildServiceRole:
    'https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html',
  pipelineServiceRole:
    'https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#how-to-custom-role',
  confusedDeputy: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
  eventsCrossAccount:
    'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html',
  eventsTargetRole:
    'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html',
  commitTrigger:
    'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-trigger-source-repo-changes-cfn.html',
  trustPolicy:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts',
} as const;

export function because(request: string, why: string, source: string): string {
  return `${request} — ${why} (${source})`;
}

/** Where the claims of the regional grants (targets in several regions) come from. */
export const REGION_DOCS = {
  /** An artifact store per action region; CodePipeline copies artifacts there. */
  crossRegion:
    'https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-create-cross-region.html',
  /** Multipart uploads with SSE-KMS need kms:GenerateDataKey and kms:Decrypt. */
  multipartKms:
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions',
} as const;
