/**
 * AWS RAM, read side: the resources other accounts share with this one. Used for a
 * CodeConnections connection whose ARN names another account: the pipeline can use it only
 * when its owner shares it with the pipeline account through AWS RAM and the share is
 * accepted (https://docs.aws.amazon.com/dtconsole/latest/userguide/connections-share.html).
 *
 * The request is ListResources with `resourceOwner: OTHER-ACCOUNTS` ("resources that other
 * accounts share with your account") and `resourceArns: [<connection ARN>]`, REST-JSON
 * `POST /listresources`, answered with `resources[]` of `{arn, type, resourceShareArn,
 * status, resourceRegionScope}`
 * (https://docs.aws.amazon.com/ram/latest/APIReference/API_ListResources.html). Connections
 * are global resources, and shares of global resources live in us-east-1 (connections-share
 * page above), so the caller asks RAM there.
 *
 * `createRamReadApi` reads it through @aws-sdk/client-ram; the `connection-share` rule works on
 * what it recorded in the snapshot (`connectionShare`), and says "not verified" without it.
 */
import { allPages, sessionClient, type ApiSession } from './api-session.js';

/** One resource shared with the account, as ListResources returns it. */
export interface SharedResource {
  readonly arn: string;
  /** e.g. `codeconnections:Connection`. */
  readonly type?: string | undefined;
  readonly resourceShareArn?: string | undefined;
  /** AVAILABLE, ZONAL_RESOURCE_INACCESSIBLE, LIMIT_EXCEEDED, UNAVAILABLE, PENDING. */
  readonly status?: string | undefined;
}

/** Read-only RAM in one account and region. */
export interface RamReadApi {
  /** ListResources(resourceOwner OTHER-ACCOUNTS, resourceArns [arn]), every page. */
  sharedWithMe(resourceArn: string): Promise<readonly SharedResource[]>;
}

/** RAM through the session's credentials; the session's region is where RAM is asked. */
export async function createRamReadApi(session: ApiSession): Promise<RamReadApi> {
  const sdk = await import('@aws-sdk/client-ram');
  const { client: ram, call } = sessionClient(session, 'ram', sdk.RAMClient);
  return {
    sharedWithMe: (resourceArn) =>
      allPages(async (token) => {
        const out = await call('ListResources', () =>
          ram.send(
            new sdk.ListResourcesCommand({
              resourceOwner: 'OTHER-ACCOUNTS',
              resourceArns: [resourceArn],
              ...(token === undefined ? {} : { nextToken: token }),
            }),
          ),
        );
        return {
          items: (out.resources ?? []).flatMap((r): SharedResource[] =>
            r.arn === undefined
              ? []
              : [
                  {
                    arn: r.arn,
                    type: r.type,
                    resourceShareArn: r.resourceShareArn,
                    status: r.status,
                  },
                ],
          ),
          next: out.nextToken,
        };
      }),
  };
}
