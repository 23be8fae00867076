/**
 * The one value synthesis cannot know: KMS picks the artifact key's id when the key is
 * created. Policies and pipeline.json carry an ARN-shaped placeholder (so ARN matching in
 * `verify` still sees the right partition, region and account); `deploy` replaces it with the
 * `ArtifactKeyArn` output of the artifacts stack.
 */
export const ARTIFACT_KEY_ID_PLACEHOLDER = 'ARTIFACT-KEY-ID-KNOWN-AFTER-DEPLOY';

/** Stack parameter and artifacts-stack output names. */
export const PARAM = {
  keyArn: 'ArtifactKeyArn',
  bucketName: 'ArtifactBucketName',
} as const;

/** A real key id has 36 characters (a UUID); size checks measure with one. */
export const SAMPLE_KEY_ID = '00000000-0000-0000-0000-000000000000';
