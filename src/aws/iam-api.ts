import type { IAMClient } from '@aws-sdk/client-iam';
import { errorName } from './sdk-errors.js';
import { allPages, sessionCall, type ApiSession } from './api-session.js';

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

export async function createIamReadApi(session: ApiSession): Promise<IamReadApi> {
  const sdk = await import('@aws-sdk/client-iam');
  const iam: IAMClient = new sdk.IAMClient(session.config);
  const call = sessionCall(session, 'iam');
  return {
    async readRole(name) {
      let role;
      try {
        role = (await call('GetRole', () => iam.send(new sdk.GetRoleCommand({ RoleName: name }))))
          .Role;
      } catch (e) {
        if (errorName(e) === 'NoSuchEntity' || errorName(e) === 'NoSuchEntityException')
          return undefined;
        throw e;
      }
      if (!role?.Arn) return undefined;
      const inlineNames = await allPages(async (marker) => {
        const page = await call('ListRolePolicies', () =>
          iam.send(
            new sdk.ListRolePoliciesCommand({
              RoleName: name,
              ...(marker ? { Marker: marker } : {}),
            }),
          ),
        );
        return { items: page.PolicyNames, next: page.IsTruncated ? page.Marker : undefined };
      });
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
      const attachedRefs = await allPages(async (marker) => {
        const page = await call('ListAttachedRolePolicies', () =>
          iam.send(
            new sdk.ListAttachedRolePoliciesCommand({
              RoleName: name,
              ...(marker ? { Marker: marker } : {}),
            }),
          ),
        );
        return {
          items: (page.AttachedPolicies ?? []).flatMap((p) =>
            p.PolicyArn ? [{ arn: p.PolicyArn, name: p.PolicyName ?? p.PolicyArn }] : [],
          ),
          next: page.IsTruncated ? page.Marker : undefined,
        };
      });
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
