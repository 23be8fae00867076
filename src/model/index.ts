export type {
  Account,
  AccountPart,
  Build,
  BuildVariable,
  BuildVpc,
  Credentials,
  Execution,
  Partition,
  Pipeline,
  CodeCommitSource,
  Source,
  SourceProvider,
  Stage,
  Target,
  TargetExecution,
  StageTests,
  ImageRepository,
  PipelineOrganization,
} from './types.js';
export {
  arn,
  parseArn,
  rootArn,
  roleArn,
  anyAccountRoleArn,
  managedPolicyArn,
  bucketArn,
  bucketObjectsArn,
  stackArn,
  repositoryArn,
  eventBusArn,
  pipelineArn,
  keyArn,
  accountOfArn,
  roleName,
  resourceId,
  withPartition,
  ecrRepositoryArn,
  anyFunctionArn,
  connectionArn,
  parseConnectionArn,
  snsTopicArn,
  ssmParameterArn,
  secretArnPattern,
  subnetArn,
  anyNetworkInterfaceArn,
  type ConnectionService,
  type ParsedConnectionArn,
  type ArnPlace,
  type ArnScope,
  type ParsedArn,
} from './arns.js';
export { CODECOMMIT_SOURCE_ACTIONS, ARTIFACT_KEY_ID_PLACEHOLDER } from './sources.js';
export {
  ALL_REGIONS,
  REGIONS,
  dnsSuffix,
  isKnownRegion,
  partitionOf,
  servicePrincipal,
} from './regions.js';
export { NAME_LIMITS, bucketName, physicalNames, type PhysicalNames } from './names.js';
export { regionalArtifactsStackName } from './names.js';
export { targetAccounts, accountById, scopeOf, regionOf } from './queries.js';
export { pipelineRegions, targetsIn, regionsOfAccount } from './queries.js';
export { compareText } from './order.js';
export {
  ECR_REPOSITORY_PATTERN,
  ECR_REPOSITORY_LENGTH,
  ARTIFACT_KEY_ENV,
  packagesPrefix,
  packagedTemplates,
  packagedPath,
  deployedTemplate,
  packagedPathIn,
  imageEnvVar,
} from './workloads.js';
export { consoleOrigin } from './console.js';
export {
  PIPELINE_EXECUTION_MODE,
  type ExecutionMode,
  type StageOnFailure,
} from './pipeline-mode.js';
export {
  CONNECTION_ID_PLACEHOLDER,
  CONNECTION_PROVIDERS,
  connectionArnOf,
  useConnectionActions,
  PULL_REQUEST_EVENTS,
  type CodeConnectionsSource,
  type ConnectionProvider,
  type ConnectionRef,
  type GitFilter,
  type GitPullRequestFilter,
  type GitPushFilter,
  type GitTriggers,
  type PullRequestEvent,
} from './codeconnections.js';
export {
  NOTIFICATION_EVENTS,
  NOTIFICATION_EVENT_TYPES,
  NOTIFICATIONS_SERVICE,
  notificationRuleName,
  notificationTopicName,
  notificationKeyAlias,
  type NotificationEvent,
  type PipelineNotifications,
} from './notifications.js';
