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
 * - DeleteStackSet refuses a StackSet with instances (StackSetNotEmptyException);
 * - it holds several StackSets by name (one caller sees them all, as ListStackSets lists
 *   them); `set` and `instances_` are the first one not put in by `seed` (the one under test),
 *   `seed` adds another (a StackSet the plan no longer has, with its instances and tags);
 * - `failDeleteOf` names StackSets whose DeleteStackInstances operation FAILS.
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
  readonly failDeleteOf?: readonly string[];
  /** Shared with StackFake: `<op> <StackSet name>` in call order across the fakes. */
  readonly journal?: string[];
}

type FakeInstance = StackInstance & { ou: string };
interface Held {
  set: StackSetInput & { status: string };
  instances: FakeInstance[];
  seeded: boolean;
}

export class StackSetFake implements StackSetApi {
  readonly callAs: CallAs;
  readonly calls: FakeCall[] = [];
  private readonly held = new Map<string, Held>();
  private readonly ops = new Map<
    string,
    { polls: number; status: string; results: OperationResult[] }
  >();
  private next = 1;

  constructor(private readonly o: StackSetFakeOptions) {
    this.callAs = o.callAs ?? 'SELF';
  }

  /** The StackSet under test (the first one not seeded). */
  private get main(): Held | undefined {
    return [...this.held.values()].find((h) => !h.seeded);
  }
  get set(): (StackSetInput & { status: string }) | undefined {
    return this.main?.set;
  }
  set set(value: (StackSetInput & { status: string }) | undefined) {
    const main = this.main;
    if (value === undefined) {
      if (main !== undefined) this.held.delete(main.set.name);
    } else if (main !== undefined) main.set = value;
    else this.held.set(value.name, { set: value, instances: [], seeded: false });
  }
  get instances_(): FakeInstance[] {
    return this.main?.instances ?? [];
  }
  set instances_(value: FakeInstance[]) {
    if (this.main !== undefined) this.main.instances = value;
  }

  /** Another StackSet already deployed (e.g. of an OU the config dropped). */
  seed(input: StackSetInput, instances: readonly FakeInstance[]): void {
    this.held.set(input.name, {
      set: { ...input, status: 'ACTIVE' },
      instances: [...instances],
      seeded: true,
    });
  }

  /** Whether a StackSet of this name exists. */
  has(name: string): boolean {
    return this.held.has(name);
  }

  /** The instances of any StackSet held. */
  instancesOf(name: string): readonly FakeInstance[] {
    return this.held.get(name)?.instances ?? [];
  }

  private record(op: string, ...args: unknown[]): void {
    this.calls.push({ op, args });
    this.o.journal?.push(`${op} ${typeof args[0] === 'string' ? args[0] : ''}`.trimEnd());
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
    const s = this.held.get(name)?.set;
    if (s === undefined) return Promise.resolve(undefined);
    return Promise.resolve({
      name: s.name,
      status: s.status,
      templateBody: s.templateBody,
      parameters: s.parameters,
      permissionModel: 'SERVICE_MANAGED',
      tags: s.tags,
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

  list(): Promise<readonly string[]> {
    this.record('ListStackSets');
    return Promise.resolve([...this.held.keys()]);
  }

  create(input: StackSetInput): Promise<void> {
    this.record('CreateStackSet', input);
    this.held.set(input.name, {
      set: { ...input, status: 'ACTIVE' },
      instances: this.held.get(input.name)?.instances ?? [],
      seeded: false,
    });
    return Promise.resolve();
  }

  update(input: StackSetInput, preferences: unknown): Promise<string> {
    this.record('UpdateStackSet', input, preferences);
    const held = this.held.get(input.name)!;
    held.set = { ...input, status: 'ACTIVE' };
    const touched = held.instances.map((i) => ({
      account: i.account,
      ou: i.ou,
      region: i.region,
    }));
    for (const i of held.instances)
      Object.assign(i, {
        status: (this.o.failIn ?? []).includes(i.account) ? 'INOPERABLE' : 'CURRENT',
      });
    return Promise.resolve(this.operationFor(touched));
  }

  instances(name: string): Promise<readonly StackInstance[]> {
    this.record('ListStackInstances', name);
    return Promise.resolve(this.instancesOf(name).map((i) => ({ ...i })));
  }

  createInstances(
    name: string,
    targets: StackSetTargetsInput,
    regions: readonly string[],
    preferences: unknown,
  ): Promise<string> {
    this.record('CreateStackInstances', name, targets, regions, preferences);
    const held = this.held.get(name)!;
    const touched = this.accountsOf(targets).flatMap((x) =>
      regions.map((region) => ({ ...x, region })),
    );
    for (const x of touched) {
      if (held.instances.some((i) => i.account === x.account && i.region === x.region)) continue;
      held.instances.push({
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
    const held = this.held.get(name)!;
    const gone = new Set(this.accountsOf(targets).map((x) => x.account));
    const touched = held.instances.filter((i) => gone.has(i.account) && regions.includes(i.region));
    if ((this.o.failDeleteOf ?? []).includes(name)) {
      const id = `op-${this.next++}`;
      this.ops.set(id, {
        polls: 0,
        status: 'FAILED',
        results: touched.map((i) => ({ ...i, status: 'FAILED', reason: 'delete failed' })),
      });
      return Promise.resolve(id);
    }
    held.instances = held.instances.filter((i) => !touched.includes(i));
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
    if (this.instancesOf(name).length > 0)
      return Promise.reject(
        Object.assign(new Error('StackSet is not empty'), { name: 'StackSetNotEmptyException' }),
      );
    this.held.delete(name);
    return Promise.resolve();
  }

  /** The operations that change something, in call order. */
  changes(): string[] {
    return this.calls.map((c) => c.op).filter((op) => /^(Create|Update|Delete)/.test(op));
  }
}
