/** Declared in the model: verify and deploy share it with synth. */
export { ARTIFACT_KEY_ID_PLACEHOLDER } from '../model/index.js';

/** Stack parameter and artifacts-stack output names. */
export const PARAM = {
  keyArn: 'ArtifactKeyArn',
  bucketName: 'ArtifactBucketName',
} as const;

/** A real key id has 36 characters (a UUID); size checks measure with one. */
export const SAMPLE_KEY_ID = '00000000-0000-0000-0000-000000000000';
