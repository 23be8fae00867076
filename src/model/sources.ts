/**
 * Facts about source providers that more than one layer needs (synth writes the policies,
 * verify checks them, doctor reads them back): one list each, declared here.
 */

/**
 * The calls the CodeCommit source action makes with its role, sorted (CancelUploadArchive
 * when a run is stopped mid-upload).
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeCommit.html
 */
export const CODECOMMIT_SOURCE_ACTIONS: readonly string[] = [
  'codecommit:CancelUploadArchive',
  'codecommit:GetBranch',
  'codecommit:GetCommit',
  'codecommit:GetUploadArchiveStatus',
  'codecommit:UploadArchive',
];

/**
 * The one value synthesis cannot know: KMS picks the artifact key's id when the key is
 * created. Policies and pipeline.json carry an ARN-shaped placeholder (so ARN matching in
 * `verify` still sees the right partition, region and account); `deploy` replaces it with the
 * `ArtifactKeyArn` output of the artifacts stack.
 */
export const ARTIFACT_KEY_ID_PLACEHOLDER = 'ARTIFACT-KEY-ID-KNOWN-AFTER-DEPLOY';
