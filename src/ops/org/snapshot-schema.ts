// The snapshot's schema and reader live in src/config (the config reads snapshots for targets
// by OU or tag, and may not import src/ops); re-exported here for `org snapshot`.
export {
  parseSnapshot,
  type OrgSnapshot,
  type SnapshotAccount,
  type SnapshotUnit,
} from '../../config/org-snapshot.js';
