import type { RamReadApi } from '../../aws/ram-api.js';
import type { LiveSnapshot } from './snapshot.js';

/**
 * What AWS RAM, asked in the pipeline account, lists as shared with it for `connectionArn`
 * (the snapshot's `connectionShare`, read by the `connection-share` rule).
 */
export async function readConnectionShare(
  ram: RamReadApi,
  connectionArn: string,
): Promise<NonNullable<LiveSnapshot['connectionShare']>> {
  return { arn: connectionArn, resources: await ram.sharedWithMe(connectionArn) };
}
