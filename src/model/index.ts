export type {
  Account,
  AccountPart,
  Build,
  Credentials,
  Execution,
  Partition,
  Pipeline,
  SourceRepo,
  Stage,
  Target,
} from './types.js';
export { arn, parseArn, type ArnScope, type ParsedArn } from './arns.js';
export {
  ALL_REGIONS,
  REGIONS,
  dnsSuffix,
  isKnownRegion,
  partitionOf,
  servicePrincipal,
} from './regions.js';
export { NAME_LIMITS, bucketName, physicalNames, type PhysicalNames } from './names.js';
export { targetAccounts, accountById, scopeOf } from './queries.js';
export { compareText } from './order.js';
