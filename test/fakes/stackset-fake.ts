/**
 * An in-memory fake of the narrow StackSets interface (src/aws/stackset-api.ts) for what moto
 * does not model: AccountFilterType, operations that run for a while or fail in some accounts,
 * AutoDeployment as DescribeStackSet reports it, DeleteStackInstances by DeploymentTargets.
 *
 * Specification (as the CloudFormation API reference describes the calls):
 * - the organization is `units`: OU id → its accounts (at any depth);
 * - CreateStackInstances / DeleteStackInstances act on the accounts of the OUs, filtered by
 *   AccountFilterType: INTERSECTION keeps only `Accounts`, DIFFERENCE drops them, none keeps
 *   all; each instance remembers the OU it came through;
 * - an operation is RUNNING for `runningPolls` DescribeStackSetOperation calls, then SUCCEEDED,
 *   or FAILED when an account it touches is in `failIn` (that account's result FAILED with
 *   `failReason`, and its instance INOPERABLE);
 * - DeleteStackSet refuses a StackSet with instances (StackSetNotEmptyException).
 * Every call is recorded in `calls` with its arguments.
 */
import type {
  CallAs,
  OperationResult,
  StackInstance,
  StackSetApi,
  StackSetDescription,
  StackSetInput,
  StackSetTargetsInput,
} from '../../src/aws/index.js';

export interface FakeCall {
  readonly op: string;
  readonly args: readonly unknown[];
}

export interface StackSetFakeOptions {
  readonly units: Readonly<Record<string, readonly string[]>>;
  readonly callAs?: CallAs;
  readonly runningPolls?: number;
  readonly failIn?: readonly string[];
  readonly failReason?: string;
  /** Report AutoDeployment in DescribeStackSet (real AWS does; moto does not). */
  readonly reportAutoDeployment?: boolean;
}

export class StackSetFake implements StackSetApi {
  readonly callAs: CallAs;
  readonly calls: FakeCall[] = [];
  set: (StackSetInput & { status: string }) | undefined;
  instances_: (StackInstance & { ou: string })[] = [];
  private readonly ops = new Map<
    string,
    { polls: number; status: string; results: OperationResult[] }
  >();
  private next = 1;

  constructor(private readonly o: StackSetFakeOptions) {
    this.callAs = o.callAs ?? 'SELF';
  }

  private record(op: string, ...args: unknown[]): void {
    this.calls.push({ op, args });
  }

  private accountsOf(t: StackSetTargetsInput): { account: string; ou: string }[] {
    const out: { account: string; ou: string }[] = [];
    for (const ou of t.OrganizationalUnitIds)
      for (const account of this.o.units[ou] ?? []) {
        const listed = (t.Accounts ?? []).includes(account);
        if (t.AccountFilterType === 'INTERSECTION' && !listed) continue;
        if (t.AccountFilterType === 'DIFFERENCE' && listed) continue;
        out.push({ account, ou });
      }
    return out;
  }

  private operationFor(touched: readonly { account: string; ou: string; region: string }[]) {
    const id = `op-${this.next++}`;
    const failed = touched.filter((x) => (this.o.failIn ?? []).includes(x.account));
    this.ops.set(id, {
      polls: 0,
      status: failed.length > 0 ? 'FAILED' : 'SUCCEEDED',
      results: touched.map((x) => ({
        account: x.account,
        region: x.region,
        ou: x.ou,
        status: failed.includes(x) ? 'FAILED' : 'SUCCEEDED',
        ...(failed.includes(x) ? { reason: this.o.failReason ?? 'failed' } : {}),
      })),
    });
    return id;
  }

  describe(name: string): Promise<StackSetDescription | undefined> {
    this.record('DescribeStackSet', name);
    const s = this.set;
    if (s === undefined || s.name !== name) return Promise.resolve(undefined);
    return Promise.resolve({
      name: s.name,
      status: s.status,
      templateBody: s.templateBody,
      parameters: s.parameters,
      permissionModel: 'SERVICE_MANAGED',
      ...(this.o.reportAutoDeployment === true
        ? {
            autoDeployment: {
              enabled: s.autoDeployment.Enabled,
              retainStacksOnAccountRemoval: s.autoDeployment.RetainStacksOnAccountRemoval,
            },
          }
        : {}),
    });
  }

  create(input: StackSetInput): Promise<void> {
    this.record('CreateStackSet', input);
    this.set = { ...input, status: 'ACTIVE' };
    return Promise.resolve();
  }

  update(input: StackSetInput, preferences: unknown): Promise<string> {
    this.record('UpdateStackSet', input, preferences);
    this.set = { ...input, status: 'ACTIVE' };
    const touched = this.instances_.map((i) => ({
      account: i.account,
      ou: i.ou,
      region: i.region,
    }));
    for (const i of this.instances_)
      Object.assign(i, {
        status: (this.o.failIn ?? []).includes(i.account) ? 'INOPERABLE' : 'CURRENT',
      });
    return Promise.resolve(this.operationFor(touched));
  }

  instances(name: string): Promise<readonly StackInstance[]> {
    this.record('ListStackInstances', name);
    return Promise.resolve(this.instances_.map((i) => ({ ...i })));
  }

  createInstances(
    name: string,
    targets: StackSetTargetsInput,
    regions: readonly string[],
    preferences: unknown,
  ): Promise<string> {
    this.record('CreateStackInstances', name, targets, regions, preferences);
    const touched = this.accountsOf(targets).flatMap((x) =>
      regions.map((region) => ({ ...x, region })),
    );
    for (const x of touched) {
      if (this.instances_.some((i) => i.account === x.account && i.region === x.region)) continue;
      this.instances_.push({
        account: x.account,
        region: x.region,
        ou: x.ou,
        status: (this.o.failIn ?? []).includes(x.account) ? 'INOPERABLE' : 'CURRENT',
      });
    }
    return Promise.resolve(this.operationFor(touched));
  }

  deleteInstances(
    name: string,
    targets: StackSetTargetsInput,
    regions: readonly string[],
    preferences: unknown,
  ): Promise<string> {
    this.record('DeleteStackInstances', name, targets, regions, preferences);
    const gone = new Set(this.accountsOf(targets).map((x) => x.account));
    const touched = this.instances_.filter(
      (i) => gone.has(i.account) && regions.includes(i.region),
    );
    this.instances_ = this.instances_.filter((i) => !touched.includes(i));
    return Promise.resolve(this.operationFor(touched));
  }

  operation(name: string, operationId: string): Promise<{ status: string }> {
    this.record('DescribeStackSetOperation', name, operationId);
    const op = this.ops.get(operationId)!;
    op.polls += 1;
    return Promise.resolve({
      status: op.polls <= (this.o.runningPolls ?? 0) ? 'RUNNING' : op.status,
    });
  }

  operationResults(name: string, operationId: string): Promise<readonly OperationResult[]> {
    this.record('ListStackSetOperationResults', name, operationId);
    return Promise.resolve(this.ops.get(operationId)!.results);
  }

  delete(name: string): Promise<void> {
    this.record('DeleteStackSet', name);
    if (this.instances_.length > 0)
      return Promise.reject(
        Object.assign(new Error('StackSet is not empty'), { name: 'StackSetNotEmptyException' }),
      );
    this.set = undefined;
    return Promise.resolve();
  }

  /** The operations that change something, in call order. */
  changes(): string[] {
    return this.calls.map((c) => c.op).filter((op) => /^(Create|Update|Delete)/.test(op));
  }
}
