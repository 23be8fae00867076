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
 * No client: @aws-sdk/client-ram is not a dependency of crossline. `doctor` does not read RAM
 * until it is added; the `connection-share` rule works on what a reader of this interface
 * recorded in the snapshot (`connectionShare`), and says "not verified" otherwise.
 */

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
