/** Where the CodeConnections source's claims about AWS come from. */
const DOCS = 'https://docs.aws.amazon.com';

export const CONNECTION_DOCS = {
  /** The action: ConnectionArn, FullRepositoryId, BranchName, OutputArtifactFormat; its service role permission. */
  action: `${DOCS}/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html`,
  /** Prefixes: a policy names the prefix of the resource ARN; PassConnection when a connection is passed to a service. */
  iam: `${DOCS}/dtconsole/latest/userguide/security-iam.html`,
  /** Full clone (CODEBUILD_CLONE_REF): the CodeBuild role uses the connection itself. */
  fullClone: `${DOCS}/codepipeline/latest/userguide/tutorials-github-gitclone.html`,
  /** CodePipeline troubleshooting: "CodeBuild GitClone permissions for connections" (UseConnection on the build role). */
  gitClonePermissions: `${DOCS}/codepipeline/latest/userguide/troubleshooting.html#codebuild-role-connections`,
  /** CodeBuild's own connection credential (GetConnectionToken, GetConnection): not what a full clone uses. */
  codeBuildCredential: `${DOCS}/codebuild/latest/userguide/connections-github-app.html`,
  /** The codeconnections actions: PassConnection (pass a connection to a service), GetConnection, UseConnection. */
  authorization: `${DOCS}/service-authorization/latest/reference/list_awscodeconnections.html`,
  /** V2 pipeline triggers with git push / pull request filters. */
  triggers: `${DOCS}/codepipeline/latest/userguide/pipelines-filter.html`,
  /** AWS::CodeConnections::Connection (PENDING until completed in the console). */
  cfnConnection: `${DOCS}/AWSCloudFormation/latest/TemplateReference/aws-resource-codeconnections-connection.html`,
  /** Completing a pending connection in the console. */
  updatePending: `${DOCS}/dtconsole/latest/userguide/connections-update.html`,
  /** Resources AWS RAM can share across accounts. */
  ramShareable: `${DOCS}/ram/latest/userguide/shareable.html`,
  /**
   * The CDK's CodeStarConnectionsSourceAction grants its role bucket read/write and put-ACL:
   * the action writes the artifact with an ACL, as the CodeCommit action does.
   */
  cdkGrants:
    'https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-codepipeline-actions/lib/codestar-connections/source-action.ts',
} as const;
