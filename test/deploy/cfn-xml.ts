/**
 * Canned CloudFormation (Query protocol) answers for states moto_server cannot reach: moto has
 * no rollback, so a stack that fails mid-run is played by the fault proxy.
 */
const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

export function createStackXml(stackId: string): string {
  return `<CreateStackResponse xmlns="${NS}"><CreateStackResult><StackId>${stackId}</StackId></CreateStackResult><ResponseMetadata><RequestId>canned</RequestId></ResponseMetadata></CreateStackResponse>`;
}

export function describeStacksXml(
  name: string,
  stackId: string,
  status: string,
  reason = '',
): string {
  return `<DescribeStacksResponse xmlns="${NS}"><DescribeStacksResult><Stacks><member><StackName>${name}</StackName><StackId>${stackId}</StackId><StackStatus>${status}</StackStatus><StackStatusReason>${reason}</StackStatusReason><CreationTime>2026-01-01T00:00:00Z</CreationTime></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>canned</RequestId></ResponseMetadata></DescribeStacksResponse>`;
}

export function failedEventsXml(
  name: string,
  stackId: string,
  logicalId: string,
  type: string,
  reason: string,
): string {
  const ev = (id: string, lid: string, t: string, status: string, why: string) =>
    `<member><EventId>${id}</EventId><StackName>${name}</StackName><StackId>${stackId}</StackId><LogicalResourceId>${lid}</LogicalResourceId><ResourceType>${t}</ResourceType><ResourceStatus>${status}</ResourceStatus><ResourceStatusReason>${why}</ResourceStatusReason><Timestamp>2026-01-01T00:00:0${id.length % 9}Z</Timestamp></member>`;
  // Newest first, as CloudFormation lists them.
  return `<DescribeStackEventsResponse xmlns="${NS}"><DescribeStackEventsResult><StackEvents>${[
    ev('e3', name, 'AWS::CloudFormation::Stack', 'ROLLBACK_COMPLETE', ''),
    ev('e2', logicalId, type, 'CREATE_FAILED', reason),
    ev('e1', name, 'AWS::CloudFormation::Stack', 'CREATE_IN_PROGRESS', 'User Initiated'),
  ].join(
    '',
  )}</StackEvents></DescribeStackEventsResult><ResponseMetadata><RequestId>canned</RequestId></ResponseMetadata></DescribeStackEventsResponse>`;
}
