/**
 * Read-only AWS Organizations, for `crossline org snapshot`: the few list calls that give the
 * tree of roots, OUs and accounts with their tags
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Operations.html).
 * Callable from the management account or a delegated administrator.
 *
 * Only the interface lives here for now: an SDK-backed implementation needs
 * @aws-sdk/client-organizations, which is not a dependency yet. Pages are already joined:
 * each method returns every item (the implementation follows NextToken).
 */
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
