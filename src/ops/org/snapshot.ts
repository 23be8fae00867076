/**
 * Reads an organization into a snapshot: every OU (recursively from each root), every account
 * with its organization path and tags. `plan` and `verify` work offline on the snapshot, so it
 * is written deterministically: sorted, stable JSON, the same organization gives the same bytes.
 */
import type { OrganizationsReadApi } from '../../aws/organizations-api.js';
import { compareText } from '../../model/index.js';
import type { OrgSnapshot, SnapshotAccount, SnapshotUnit } from './snapshot-schema.js';

export async function readOrganization(api: OrganizationsReadApi): Promise<OrgSnapshot> {
  const org = await api.describeOrganization();
  const roots = [...(await api.listRoots())].sort((a, b) => compareText(a.id, b.id));
  const units: SnapshotUnit[] = [];
  const accounts: SnapshotAccount[] = [];
  // The organization path format of aws:PrincipalOrgPaths: `o-…/r-…/ou-…/` down to the parent
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths).
  const walk = async (parentId: string, path: string): Promise<void> => {
    for (const account of await api.listAccountsForParent(parentId)) {
      accounts.push({
        id: account.id,
        name: account.name,
        status: account.status,
        parent: parentId,
        path,
        tags: sortedRecord(await api.listTagsForResource(account.id)),
      });
    }
    for (const unit of await api.listOrganizationalUnitsForParent(parentId)) {
      const unitPath = `${path}${unit.id}/`;
      units.push({ id: unit.id, name: unit.name, parent: parentId, path: unitPath });
      await walk(unit.id, unitPath);
    }
  };
  for (const root of roots) await walk(root.id, `${org.id}/${root.id}/`);
  return {
    version: 1,
    organization: { id: org.id, managementAccount: org.managementAccount },
    roots: roots.map((r) => ({ id: r.id, name: r.name })),
    units: units.sort((a, b) => compareText(a.id, b.id)),
    accounts: accounts.sort((a, b) => compareText(a.id, b.id)),
  };
}

/** The snapshot as written: keys in a fixed order, two-space indent, a final newline. */
export function snapshotJson(snapshot: OrgSnapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record).sort(compareText)) out[key] = record[key]!;
  return out;
}
