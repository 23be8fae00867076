import { CrosslineError } from '../../errors/index.js';
import { ARTIFACT_KEY_ID_PLACEHOLDER, SAMPLE_KEY_ID } from '../placeholders.js';
import type { PolicyDocument } from '../types.js';

/**
 * Size limits of the policies crossline writes. IAM counts characters without white space;
 * crossline measures compact JSON, with a real-length key id in place of the placeholder.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html
 */
export const POLICY_LIMITS = {
  trust: 2048,
  inlineAggregate: 10240,
  managed: 6144,
  /** Managed policies attached to one role (default IAM quota). */
  managedPerRole: 10,
  key: 32768,
  bucket: 20480,
  bus: 10240,
} as const;

export function policySize(doc: PolicyDocument): number {
  return JSON.stringify(doc).split(ARTIFACT_KEY_ID_PLACEHOLDER).join(SAMPLE_KEY_ID).length;
}

export function tooLarge(what: string, size: number, limit: number, hint: string): CrosslineError {
  return new CrosslineError(
    'PolicyTooLarge',
    'usage',
    `${what} would be ${size} characters; AWS allows ${limit}, and no smaller layout fits`,
    { hint, details: { policy: what, size, limit } },
  );
}
