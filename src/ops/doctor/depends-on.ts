import type { AccessRow } from '../../verify/index.js';
import type { UnreadItem } from './snapshot.js';

/**
 * The unread item a row depends on: its principal's policies, or its resource's policy. The
 * bucket and the key also go by kind and account: older snapshots have no ARN for them, and
 * a key may be referenced by id or alias. A bucket or key ARN is exact (with a store per
 * region, another region's unread key is not this one). A package read also depends on the
 * template that names the object (`packageSteps`: its step → the stack's ARN, live-packages.ts).
 */
export function dependsOn(
  r: AccessRow,
  unread: readonly UnreadItem[],
  packageSteps: ReadonlyMap<string, string> = new Map(),
): UnreadItem | undefined {
  const rp = r.resourcePolicy;
  const template = packageSteps.get(r.step);
  const exact = (arn: string | undefined): boolean =>
    arn !== undefined && /^arn:[^:]+:(s3:::[^/]+|kms:[^:]+:\d+:key\/.+)$/.test(arn);
  return unread.find(
    (u) =>
      (u.arn !== undefined && (u.arn === r.principal || u.arn === rp?.arn || u.arn === template)) ||
      (rp !== undefined &&
        !exact(u.arn) &&
        u.account === r.resourceAccount &&
        ((rp.kind === 'bucket' && u.what.startsWith('bucket ')) ||
          (rp.kind === 'key' && u.what.startsWith('key ')))),
  );
}
