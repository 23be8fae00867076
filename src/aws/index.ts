/**
 * The only module that imports the AWS SDK. Everything else gets narrow interfaces built from
 * a checked session per (account, region), credentials resolved once per account:
 *
 *   createSessionPool(options).get(account, region?) ─▶ AccountSession { config, via, … }
 *        └─▶ createStackApi(session) · createLockApi(session) · createArtifactStoreApi(session)
 *   createClientPool(pool, createStackApi).get(account, region) ─▶ one StackApi per key
 */
export type { AwsClientConfig } from './types.js';
export {
  accountClientConfig,
  createSessionPool,
  resolveAccount,
  resolveEndpoint,
  type AccountRef,
  type AccountSession,
  type CredentialOptions,
  type SessionPool,
} from './credentials.js';
export { createClientPool, type ClientPool } from './client-pool.js';
export { parseProfileFlags } from './profiles.js';
export { backoffDelay, realSleep, withRetry, type RetryInfo, type RetryOptions } from './retry.js';
export { classifyError, errorMessage, errorName, type ErrorClass } from './sdk-errors.js';
export {
  refreshingCredentials,
  type RefreshingCredentials,
  type RefreshOptions,
} from './session.js';
export {
  createStackApi,
  isNoChangesReason,
  type ChangeSetDescription,
  type StackApi,
  type StackDescription,
  type StackEvent,
  type StackInput,
} from './stack-api.js';
export { createLockApi, type LockApi } from './lock-api.js';
export {
  createStackSetApi,
  type CallAs,
  type OperationResult,
  type StackInstance,
  type StackSetApi,
  type StackSetDescription,
  type StackSetInput,
  type StackSetTargetsInput,
} from './stackset-api.js';
export type { OrganizationsAccessApi } from './organizations-api.js';
export {
  createArtifactStoreApi,
  templateUrl,
  type ArtifactStoreApi,
  type TemplateUpload,
} from './artifact-api.js';
