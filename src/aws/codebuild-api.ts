import { sessionClient, type ApiSession } from './api-session.js';

/** A build project as doctor needs it: the role CodeBuild runs the build as. */
export interface LiveProject {
  readonly name: string;
  readonly arn: string;
  /** The project's service role ARN (CodeBuild returns it as `serviceRole`). */
  readonly serviceRole?: string | undefined;
  /**
   * The CloudWatch Logs group the builds write to (CodeBuild's default is
   * `/aws/codebuild/<project>`); `null` when the project turns CloudWatch Logs off.
   */
  readonly logGroup: string | null;
  /** The key the project encrypts its output with (id, ARN or alias), when it names one. */
  readonly encryptionKey?: string | undefined;
}

/** Read-only CodeBuild, for `doctor`. */
export interface CodeBuildReadApi {
  /** A project by name; undefined when it does not exist. */
  readProject(name: string): Promise<LiveProject | undefined>;
}

export async function createCodeBuildReadApi(session: ApiSession): Promise<CodeBuildReadApi> {
  const sdk = await import('@aws-sdk/client-codebuild');
  const { client: codebuild, call } = sessionClient(session, 'codebuild', sdk.CodeBuildClient);
  return {
    async readProject(name) {
      // BatchGetProjects lists unknown names in `projectsNotFound` instead of failing.
      const out = await call('BatchGetProjects', () =>
        codebuild.send(new sdk.BatchGetProjectsCommand({ names: [name] })),
      );
      const p = out.projects?.find((x) => x.name === name) ?? out.projects?.[0];
      if (p?.arn === undefined) return undefined;
      return {
        name: p.name ?? name,
        arn: p.arn,
        ...(p.serviceRole ? { serviceRole: p.serviceRole } : {}),
        ...(p.encryptionKey ? { encryptionKey: p.encryptionKey } : {}),
        logGroup:
          p.logsConfig?.cloudWatchLogs?.status === 'DISABLED'
            ? null
            : (p.logsConfig?.cloudWatchLogs?.groupName ?? `/aws/codebuild/${p.name ?? name}`),
      };
    },
  };
}
