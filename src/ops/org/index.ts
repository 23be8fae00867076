export { readOrganization, snapshotJson } from './snapshot.js';
export {
  parseSnapshot,
  type OrgSnapshot,
  type SnapshotAccount,
  type SnapshotUnit,
} from './snapshot-schema.js';
