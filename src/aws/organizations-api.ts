/**
 * Read-only AWS Organizations, for `crossline org snapshot`: the few list calls that give the
 * tree of roots, OUs and accounts with their tags
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Operations.html).
 * Callable from the management account or a delegated administrator.
 *
 * Pages are joined here: each method returns every item, following NextToken until the
 * answer has none (every List* operation of the API pages this way).
 */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { CrosslineError } from '../errors/index.js';
import { explainedFailure, type AccountSession } from './credentials.js';
import { clientConfig, HTTP_TIMEOUTS } from './http-timeouts.js';
import { withRetry } from './retry.js';

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

type Session = Pick<AccountSession, 'config' | 'expire' | 'retry'>;

export async function createOrganizationsReadApi(session: Session): Promise<OrganizationsReadApi> {
  const sdk = await import('@aws-sdk/client-organizations');
  const org: OrganizationsClient = new sdk.OrganizationsClient(session.config);
  const call = <T>(op: string, fn: () => Promise<T>): Promise<T> =>
    withRetry(`organizations:${op}`, fn, { ...session.retry, onExpired: session.expire });
  /** Every page of a List* call: NextToken in, NextToken out, until there is none. */
  const pages = async <P, T>(
    op: string,
    send: (token: string | undefined) => Promise<P & { NextToken?: string | undefined }>,
    items: (page: P) => readonly T[] | undefined,
  ): Promise<T[]> => {
    const out: T[] = [];
    let token: string | undefined;
    do {
      const page = await call(op, () => send(token));
      out.push(...(items(page) ?? []));
      token = page.NextToken;
    } while (token);
    return out;
  };
  const token = (t: string | undefined): { NextToken?: string } => (t ? { NextToken: t } : {});
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
    async listRoots() {
      const roots = await pages(
        'ListRoots',
        (t) => org.send(new sdk.ListRootsCommand({ ...token(t) })),
        (p) => p.Roots,
      );
      return roots.map((r) => ({ id: r.Id ?? '', name: r.Name ?? '' }));
    },
    async listOrganizationalUnitsForParent(parentId) {
      const units = await pages(
        'ListOrganizationalUnitsForParent',
        (t) =>
          org.send(
            new sdk.ListOrganizationalUnitsForParentCommand({ ParentId: parentId, ...token(t) }),
          ),
        (p) => p.OrganizationalUnits,
      );
      return units.map((u) => ({ id: u.Id ?? '', name: u.Name ?? '' }));
    },
    async listAccountsForParent(parentId) {
      const accounts = await pages(
        'ListAccountsForParent',
        (t) => org.send(new sdk.ListAccountsForParentCommand({ ParentId: parentId, ...token(t) })),
        (p) => p.Accounts,
      );
      return accounts.map((a) => ({
        id: a.Id ?? '',
        name: a.Name ?? '',
        email: a.Email ?? '',
        status: a.Status ?? '',
      }));
    },
    async listTagsForResource(resourceId) {
      const tags = await pages(
        'ListTagsForResource',
        (t) =>
          org.send(new sdk.ListTagsForResourceCommand({ ResourceId: resourceId, ...token(t) })),
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
  session: Session,
): Promise<OrganizationsAccessApi> {
  const sdk = await import('@aws-sdk/client-organizations');
  const org: OrganizationsClient = new sdk.OrganizationsClient(session.config);
  const call = <T>(op: string, fn: () => Promise<T>): Promise<T> =>
    withRetry(`organizations:${op}`, fn, { ...session.retry, onExpired: session.expire });
  const token = (t: string | undefined): { NextToken?: string } => (t ? { NextToken: t } : {});
  return {
    async serviceAccess() {
      const out: string[] = [];
      let next: string | undefined;
      do {
        const page = await call('ListAWSServiceAccessForOrganization', () =>
          org.send(new sdk.ListAWSServiceAccessForOrganizationCommand({ ...token(next) })),
        );
        out.push(...(page.EnabledServicePrincipals ?? []).flatMap((p) => p.ServicePrincipal ?? []));
        next = page.NextToken;
      } while (next);
      return out;
    },
    async delegatedAdministrators(servicePrincipal) {
      const out: string[] = [];
      let next: string | undefined;
      do {
        const page = await call('ListDelegatedAdministrators', () =>
          org.send(
            new sdk.ListDelegatedAdministratorsCommand({
              ServicePrincipal: servicePrincipal,
              ...token(next),
            }),
          ),
        );
        out.push(...(page.DelegatedAdministrators ?? []).flatMap((a) => a.Id ?? []));
        next = page.NextToken;
      } while (next);
      return out;
    },
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
}): Session {
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
