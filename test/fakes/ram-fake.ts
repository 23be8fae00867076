/**
 * A small in-memory fake of AWS RAM's ListResources for the `connection-share` doctor rule
 * (moto 5.2's RAM has no ListResources, refuses `resourceOwner: OTHER-ACCOUNTS` in
 * GetResourceShares, and cannot share a connection: its shareable types omit it). Behaviour,
 * as https://docs.aws.amazon.com/ram/latest/APIReference/API_ListResources.html describes it:
 *
 * - `shares` are made by an owner account, with principals (12-digit accounts) and resource ARNs.
 * - `api(account).sharedWithMe(arn)` is ListResources(resourceOwner OTHER-ACCOUNTS,
 *   resourceArns [arn]) called in `account`: the resources of shares owned by another account
 *   whose principals include `account`, filtered to `arn`, each `{arn, type
 *   'codeconnections:Connection', resourceShareArn, status}`.
 * - A share to an account outside the owner's organization is listed only once its invitation
 *   is accepted (`accepted`, default true); the fake's simplification of the invitation flow.
 * - `status` is the resource's status in the share (default AVAILABLE).
 * - Every call is recorded in `requests`.
 */
import type { RamReadApi, SharedResource } from '../../src/aws/ram-api.js';

export interface FakeShare {
  readonly owner: string;
  readonly principals: readonly string[];
  readonly resources: readonly string[];
  accepted?: boolean;
  status?: string;
}

export interface RamFake {
  readonly shares: FakeShare[];
  readonly requests: { readonly account: string; readonly resourceArn: string }[];
  api(account: string): RamReadApi;
}

export function ramFake(shares: FakeShare[] = []): RamFake {
  const requests: RamFake['requests'] = [];
  return {
    shares,
    requests,
    api: (account) => ({
      sharedWithMe(resourceArn) {
        requests.push({ account, resourceArn });
        const out: SharedResource[] = [];
        for (const [i, s] of shares.entries()) {
          if (s.owner === account || !s.principals.includes(account)) continue;
          if (s.accepted === false) continue;
          for (const arn of s.resources)
            if (arn === resourceArn)
              out.push({
                arn,
                type: 'codeconnections:Connection',
                resourceShareArn: `arn:aws:ram:us-east-1:${s.owner}:resource-share/share-${i}`,
                status: s.status ?? 'AVAILABLE',
              });
        }
        return Promise.resolve(out);
      },
    }),
  };
}
