/**
 * An in-memory fake of the narrow stack interface (src/aws/stack-api.ts) for one account and
 * region, for what the StackSets tests need in the member accounts: a stack that is there
 * (status, tags, template) and its deletion. Deploying stacks is moto's job (the e2e tests).
 *
 * Specification (as the CloudFormation API reference describes the calls):
 * - DescribeStacks by name or id: undefined when absent or DELETE_COMPLETE;
 * - DeleteStack starts DELETE_IN_PROGRESS for `deletePolls` DescribeStacks, then the stack is
 *   gone (DELETE_COMPLETE), or DELETE_FAILED with a resource event when `failDelete` is set
 *   (a failed delete can be started again, as CloudFormation allows);
 * - every call is recorded in `calls` and, with the account, in `journal` when one is given
 *   (shared with StackSetFake to check the order across accounts);
 * - `unreadable` makes every call fail with AccessDenied (no access into the account).
 */
import type {
  ChangeSetDescription,
  StackApi,
  StackDescription,
  StackEvent,
} from '../../src/aws/index.js';

export interface FakeStack {
  name: string;
  status: string;
  tags: Record<string, string>;
  templateBody: string;
}

export interface StackFakeOptions {
  readonly account: string;
  readonly stacks?: readonly FakeStack[];
  readonly deletePolls?: number;
  /** The next delete ends in DELETE_FAILED with this reason. */
  failDelete?: string | undefined;
  readonly unreadable?: boolean;
  readonly journal?: string[];
}

export class StackFake implements StackApi {
  readonly calls: string[] = [];
  readonly stacks: FakeStack[];
  private readonly events_: StackEvent[] = [];
  private pending = new Map<string, number>();
  private n = 0;

  constructor(private readonly o: StackFakeOptions) {
    this.stacks = (o.stacks ?? []).map((s) => ({ ...s, tags: { ...s.tags } }));
  }

  private record(op: string, name: string): void {
    if (this.o.unreadable === true)
      throw Object.assign(new Error(`not authorized to perform ${op}`), {
        name: 'AccessDenied',
      });
    this.calls.push(`${op} ${name}`);
    this.o.journal?.push(`${this.o.account} ${op} ${name}`);
  }

  private find(nameOrId: string): FakeStack | undefined {
    return this.stacks.find((s) => s.name === nameOrId || this.idOf(s) === nameOrId);
  }

  private idOf(s: FakeStack): string {
    return `stack/${this.o.account}/${s.name}`;
  }

  async describe(nameOrId: string): Promise<StackDescription | undefined> {
    await Promise.resolve();
    this.record('DescribeStacks', nameOrId);
    const s = this.find(nameOrId);
    if (s === undefined) return Promise.resolve(undefined);
    const left = this.pending.get(s.name);
    if (left !== undefined) {
      if (left > 0) this.pending.set(s.name, left - 1);
      else {
        this.pending.delete(s.name);
        if (this.o.failDelete !== undefined) {
          s.status = 'DELETE_FAILED';
          this.events_.unshift({
            id: `e${this.n++}`,
            timestamp: new Date(0),
            logicalId: 'DeployRole',
            resourceType: 'AWS::IAM::Role',
            status: 'DELETE_FAILED',
            reason: this.o.failDelete,
          });
          this.o.failDelete = undefined;
        } else {
          this.stacks.splice(this.stacks.indexOf(s), 1);
          return Promise.resolve(undefined);
        }
      }
    }
    return Promise.resolve({
      id: this.idOf(s),
      name: s.name,
      status: s.status,
      outputs: {},
      parameters: {},
      tags: { ...s.tags },
    });
  }

  async template(nameOrId: string): Promise<string | undefined> {
    await Promise.resolve();
    this.record('GetTemplate', nameOrId);
    return this.find(nameOrId)?.templateBody;
  }

  async delete(nameOrId: string): Promise<void> {
    await Promise.resolve();
    this.record('DeleteStack', nameOrId);
    const s = this.find(nameOrId);
    if (s !== undefined) {
      s.status = 'DELETE_IN_PROGRESS';
      this.pending.set(s.name, this.o.deletePolls ?? 1);
    }
    return Promise.resolve();
  }

  async events(nameOrId: string): Promise<readonly StackEvent[]> {
    await Promise.resolve();
    this.record('DescribeStackEvents', nameOrId);
    return [...this.events_];
  }

  /** What the StackSets tests never deploy through this fake. */
  private unused(op: string): never {
    throw new Error(`StackFake: ${op} is not part of this fake`);
  }
  create(): Promise<string> {
    return this.unused('CreateStack');
  }
  createChangeSet(): Promise<'created' | 'no-changes'> {
    return this.unused('CreateChangeSet');
  }
  describeChangeSet(): Promise<ChangeSetDescription> {
    return this.unused('DescribeChangeSet');
  }
  executeChangeSet(): Promise<void> {
    return this.unused('ExecuteChangeSet');
  }
  deleteChangeSet(): Promise<void> {
    return this.unused('DeleteChangeSet');
  }
}
