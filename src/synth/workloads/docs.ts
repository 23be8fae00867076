/** Where each workload grant's claim about AWS comes from (see ../policies/sources.ts). */
export const WORKLOAD_DOCS = {
  /** `aws cloudformation package`: uploads local CodeUri / TemplateURL artifacts to S3, with --kms-key-id. */
  cliPackage: 'https://docs.aws.amazon.com/cli/latest/reference/cloudformation/package.html',
  /** Lambda reads a function's S3 code with the permissions of the caller of CreateFunction. */
  lambdaCode: 'https://docs.aws.amazon.com/lambda/latest/api/API_FunctionCode.html',
  /** CloudFormation fetches a nested stack's TemplateURL as the caller (the service role when set). */
  cfnServiceRole:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html',
  /** SSE-KMS downloads need kms:Decrypt; S3 calls KMS with kms:ViaService = s3.<region>.amazonaws.com. */
  s3SseKms: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html',
  kmsViaService:
    'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service',
  /** Push: the layer-upload actions and PutImage on the repository, GetAuthorizationToken on *. */
  ecrPush: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html',
  /** Cross-account Lambda container images: the account and lambda.amazonaws.com with aws:sourceArn. */
  lambdaImages:
    'https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#configuration-images-xaccount-permissions',
  ecrRepository:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecr-repository.html',
  /** CodeBuild needs privileged mode to run the Docker daemon (docker build / push). */
  privileged:
    'https://docs.aws.amazon.com/codebuild/latest/APIReference/API_ProjectEnvironment.html',
  /** Parameter overrides override values in a template configuration file. */
  overridesWin:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/continuous-delivery-codepipeline-parameter-override-functions.html',
} as const;

/** The actions of an image pull (Lambda's documented repository policy grants exactly these). */
export const ECR_PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
/** The actions of an image push on the repository (ECR's documented push policy). */
export const ECR_PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:CompleteLayerUpload',
  'ecr:InitiateLayerUpload',
  'ecr:PutImage',
  'ecr:UploadLayerPart',
];
