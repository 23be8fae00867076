import { allPages, sessionClient, orUndefinedOn, type ApiSession } from './api-session.js';

/** A role as doctor reads it: trust, inline and attached managed policies, documents decoded. */
export interface LiveRole {
  readonly arn: string;
  readonly name: string;
  readonly trust: unknown;
  readonly inline: readonly { readonly name: string; readonly document: unknown }[];
  readonly attached: readonly {
    readonly arn: string;
    readonly name: string;
    readonly document: unknown;
  }[];
}

/** Read-only IAM, for `doctor`. */
export interface IamReadApi {
  /** undefined when the role does not exist. */
  readRole(name: string): Promise<LiveRole | undefined>;
}

/** IAM's paging: each request takes the `Marker` of the page before; a truncated page gives one. */
function markerPages<P extends { IsTruncated?: boolean; Marker?: string }, T>(
  fetch: (marker: { Marker?: string }) => Promise<P>,
  items: (page: P) => readonly T[] | undefined,
): Promise<T[]> {
  return allPages(async (marker) => {
    const page = await fetch(marker ? { Marker: marker } : {});
    return { items: items(page), next: page.IsTruncated ? page.Marker : undefined };
  });
}

export async function createIamReadApi(session: ApiSession): Promise<IamReadApi> {
  const sdk = await import('@aws-sdk/client-iam');
  const { client: iam, call } = sessionClient(session, 'iam', sdk.IAMClient);
  return {
    async readRole(name) {
      const role = (
        await orUndefinedOn(
          call('GetRole', () => iam.send(new sdk.GetRoleCommand({ RoleName: name }))),
          'NoSuchEntity',
          'NoSuchEntityException',
        )
      )?.Role;
      if (!role?.Arn) return undefined;
      const inlineNames = await markerPages(
        (marker) =>
          call('ListRolePolicies', () =>
            iam.send(new sdk.ListRolePoliciesCommand({ RoleName: name, ...marker })),
          ),
        (page) => page.PolicyNames,
      );
      const inline = [];
      for (const policyName of inlineNames.sort()) {
        const out = await call('GetRolePolicy', () =>
          iam.send(new sdk.GetRolePolicyCommand({ RoleName: name, PolicyName: policyName })),
        );
        inline.push({
          name: policyName,
          document: decodeDocument(out.PolicyDocument, `inline policy ${policyName}`),
        });
      }
      const attachedRefs = await markerPages(
        (marker) =>
          call('ListAttachedRolePolicies', () =>
            iam.send(new sdk.ListAttachedRolePoliciesCommand({ RoleName: name, ...marker })),
          ),
        (page) =>
          (page.AttachedPolicies ?? []).flatMap((p) =>
            p.PolicyArn ? [{ arn: p.PolicyArn, name: p.PolicyName ?? p.PolicyArn }] : [],
          ),
      );
      const attached = [];
      for (const ref of attachedRefs.sort((a, b) => a.arn.localeCompare(b.arn))) {
        const policy = (
          await call('GetPolicy', () => iam.send(new sdk.GetPolicyCommand({ PolicyArn: ref.arn })))
        ).Policy;
        const version = policy?.DefaultVersionId ?? 'v1';
        const out = await call('GetPolicyVersion', () =>
          iam.send(new sdk.GetPolicyVersionCommand({ PolicyArn: ref.arn, VersionId: version })),
        );
        attached.push({
          ...ref,
          document: decodeDocument(out.PolicyVersion?.Document, `managed policy ${ref.arn}`),
        });
      }
      return {
        arn: role.Arn,
        name,
        trust: decodeDocument(role.AssumeRolePolicyDocument, 'trust policy'),
        inline,
        attached,
      };
    },
  };
}

/** IAM returns policy documents URL-encoded (RFC 3986); some emulators return them plain. */
export function decodeDocument(text: string | undefined, what = 'policy document'): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(
      text.trimStart().startsWith('{') ? text : decodeURIComponent(text),
    ) as unknown;
  } catch (e) {
    // The read succeeded: say which document did not parse (doctor reports it as such).
    throw new SyntaxError(`${what} is not a JSON document: ${(e as Error).message}`);
  }
}
