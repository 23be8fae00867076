/**
 * Read-only AWS Organizations, for `crossline org snapshot`: the few list calls that give the
 * tree of roots, OUs and accounts with their tags
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Operations.html).
 * Callable from the management account or a delegated administrator.
 *
 * Pages are joined here: each method returns every item, following NextToken until the
 * answer has none (every List* operation of the API pages this way).
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { CrosslineError } from '../errors/index.js';
import { allPages, sessionClient, type ApiSession, type SessionCall } from './api-session.js';
import { explainedFailure } from './credentials.js';
import { clientConfig, HTTP_TIMEOUTS } from './http-timeouts.js';

export interface OrgRoot {
  readonly id: string;
  readonly name: string;
}

export interface OrgUnit {
  readonly id: string;
  readonly name: string;
}

export interface OrgAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE (ListAccountsForParent's `Status`). */
  readonly status: string;
}

export interface OrganizationsReadApi {
  /** DescribeOrganization: the organization id (`o-…`) and the management account. */
  describeOrganization(): Promise<{ readonly id: string; readonly managementAccount: string }>;
  /** ListRoots. */
  listRoots(): Promise<readonly OrgRoot[]>;
  /** ListOrganizationalUnitsForParent: the OUs directly under a root or OU. */
  listOrganizationalUnitsForParent(parentId: string): Promise<readonly OrgUnit[]>;
  /** ListAccountsForParent: the accounts directly under a root or OU. */
  listAccountsForParent(parentId: string): Promise<readonly OrgAccount[]>;
  /** ListTagsForResource: an account's (or OU's) tags. */
  listTagsForResource(resourceId: string): Promise<Readonly<Record<string, string>>>;
}

/** Every page of an Organizations List* call: `NextToken` in, `NextToken` out, until none. */
function tokenPages<P extends { NextToken?: string | undefined }, T>(
  call: SessionCall,
  op: string,
  send: (token: { NextToken?: string }) => Promise<P>,
  items: (page: P) => readonly T[] | undefined,
): Promise<T[]> {
  return allPages(async (token) => {
    const page = await call(op, () => send(token ? { NextToken: token } : {}));
    return { items: items(page), next: page.NextToken };
  });
}

/** The SDK module, its client on the session and `call`: what both API objects below use. */
async function organizationsClient(session: ApiSession) {
  const sdk = await import('@aws-sdk/client-organizations');
  return { sdk, ...sessionClient(session, 'organizations', sdk.OrganizationsClient) };
}

/** A root, OU or account as Organizations lists it: its id and name (never undefined). */
const named = (x: { Id?: string | undefined; Name?: string | undefined }) => ({
  id: x.Id ?? '',
  name: x.Name ?? '',
});

export async function createOrganizationsReadApi(
  session: ApiSession,
): Promise<OrganizationsReadApi> {
  const { sdk, client: org, call } = await organizationsClient(session);
  return {
    async describeOrganization() {
      const out = await call('DescribeOrganization', () =>
        org.send(new sdk.DescribeOrganizationCommand({})),
      );
      const o = out.Organization;
      if (!o?.Id || !o.MasterAccountId)
        throw new CrosslineError(
          'Internal',
          'external',
          'organizations:DescribeOrganization answered without an organization id or management account',
        );
      return { id: o.Id, managementAccount: o.MasterAccountId };
    },
    listRoots: () =>
      tokenPages(
        call,
        'ListRoots',
        (t) => org.send(new sdk.ListRootsCommand(t)),
        (p) => p.Roots?.map(named),
      ),
    listOrganizationalUnitsForParent: (parentId) =>
      tokenPages(
        call,
        'ListOrganizationalUnitsForParent',
        (t) =>
          org.send(new sdk.ListOrganizationalUnitsForParentCommand({ ParentId: parentId, ...t })),
        (p) => p.OrganizationalUnits?.map(named),
      ),
    listAccountsForParent: (parentId) =>
      tokenPages(
        call,
        'ListAccountsForParent',
        (t) => org.send(new sdk.ListAccountsForParentCommand({ ParentId: parentId, ...t })),
        (p) =>
          p.Accounts?.map((a) => ({ ...named(a), email: a.Email ?? '', status: a.Status ?? '' })),
      ),
    async listTagsForResource(resourceId) {
      const tags = await tokenPages(
        call,
        'ListTagsForResource',
        (t) => org.send(new sdk.ListTagsForResourceCommand({ ResourceId: resourceId, ...t })),
        (p) => p.Tags,
      );
      const out: Record<string, string> = {};
      for (const tag of tags) if (tag.Key !== undefined) out[tag.Key] = tag.Value ?? '';
      return out;
    },
  };
}

/** What `deploy` checks before the StackSets calls (docs/design.md §13). */
export interface OrganizationsAccessApi {
  /** ListAWSServiceAccessForOrganization: the service principals with trusted access. */
  serviceAccess(): Promise<readonly string[]>;
  /** ListDelegatedAdministrators of one service principal: their account ids. */
  delegatedAdministrators(servicePrincipal: string): Promise<readonly string[]>;
}

/** Callable from the management account or a delegated administrator, like the reads above. */
export async function createOrganizationsAccessApi(
  session: ApiSession,
): Promise<OrganizationsAccessApi> {
  const { sdk, client: org, call } = await organizationsClient(session);
  return {
    serviceAccess: () =>
      tokenPages(
        call,
        'ListAWSServiceAccessForOrganization',
        (t) => org.send(new sdk.ListAWSServiceAccessForOrganizationCommand(t)),
        (p) => (p.EnabledServicePrincipals ?? []).flatMap((s) => s.ServicePrincipal ?? []),
      ),
    delegatedAdministrators: (servicePrincipal) =>
      tokenPages(
        call,
        'ListDelegatedAdministrators',
        (t) =>
          org.send(
            new sdk.ListDelegatedAdministratorsCommand({
              ServicePrincipal: servicePrincipal,
              ...t,
            }),
          ),
        (p) => (p.DelegatedAdministrators ?? []).flatMap((a) => a.Id ?? []),
      ),
  };
}

/**
 * The session `org snapshot` reads with: the account is whichever the credentials belong to
 * (the management account or a delegated administrator), so there is no config account to
 * check against. Credentials: `--profile NAME`, else the SDK's default chain. Organizations'
 * endpoint lives in us-east-1 in the aws partition
 * (https://docs.aws.amazon.com/general/latest/gr/ao.html).
 */
export function organizationsSession(options: {
  readonly region: string;
  readonly profile?: string | undefined;
  readonly endpoint?: string | undefined;
  /** Instead of the profile or the default chain (tests). */
  readonly credentials?: AwsCredentialIdentityProvider;
}): ApiSession {
  const { region, profile, endpoint } = options;
  const providerConfig = {
    region,
    requestHandler: HTTP_TIMEOUTS,
    ...(endpoint ? { endpoint } : {}),
  };
  const via = profile ? `profile ${profile} (--profile)` : 'the default credentials';
  const provider =
    options.credentials ??
    (profile
      ? fromIni({ profile, clientConfig: providerConfig })
      : fromNodeProviderChain({ clientConfig: providerConfig }));
  const credentials = explainedFailure(
    provider,
    `no usable credentials from ${via}`,
    'use credentials of the management account or of a delegated administrator for Organizations (--profile NAME, AWS_PROFILE, aws sso login)',
  );
  return {
    config: clientConfig(region, credentials, endpoint),
    expire: () => undefined,
    retry: endpoint ? { endpoint } : {},
  };
}
