/**
 * The live counterpart of each generated policy (synth's PolicyInput list): the key policy
 * (kms:GetKeyPolicy), the bucket policy (s3:GetBucketPolicy), the bus policy
 * (events:DescribeEventBus), each role's trust policy, inline policies and attached managed
 * policies (iam:GetRole, GetRolePolicy, ListAttachedRolePolicies). These are read from the
 * services, not from the stacks: a policy changed by hand does not show in GetTemplate.
 */
import { errorMessage } from '../../aws/index.js';
import type { PolicyInput } from '../../verify/index.js';
import type { LiveReaders } from '../doctor/index.js';

export interface LivePolicy {
  /** The generated policy this one stands for. */
  readonly generated: PolicyInput;
  /** The live document; null when the resource has none (or does not exist). */
  readonly document: unknown;
  /** Every live identity policy of a role (inline and attached), as the engine takes them. */
  readonly inputs: readonly PolicyInput[];
  /** Attached managed policy ARNs (roles only). */
  readonly managed?: readonly string[] | undefined;
  /** Why it could not be read (the policy is then "not verified", docs/design.md §11). */
  readonly unread?: string | undefined;
}

export interface LiveTarget {
  /** The artifact key: alias or key ARN, read in the tools account. */
  readonly keyReference: string;
  readonly bucket: string;
}

const roleName = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

export async function readLivePolicies(
  generated: readonly PolicyInput[],
  readers: Pick<LiveReaders, 'iam' | 's3' | 'kms' | 'events'>,
  target: LiveTarget,
): Promise<{ readonly policies: LivePolicy[]; readonly keyArn?: string | undefined }> {
  let keyArn: string | undefined;
  const out: LivePolicy[] = [];
  for (const g of generated) {
    try {
      out.push(await readOne(g));
    } catch (e) {
      out.push({ generated: g, document: null, inputs: [], unread: errorMessage(e) });
    }
  }
  return { policies: out, ...(keyArn ? { keyArn } : {}) };

  async function readOne(g: PolicyInput): Promise<LivePolicy> {
    const resource = (document: unknown, attachedTo = g.attachedTo): LivePolicy => ({
      generated: g,
      document,
      inputs: document === null ? [] : [{ ...g, attachedTo, document, reasons: {} }],
    });
    switch (g.kind) {
      case 'key': {
        const key = await (await readers.kms(g.account)).readKey(target.keyReference);
        keyArn = key?.arn;
        return resource(key?.policy ?? null, key?.arn ?? g.attachedTo);
      }
      case 'bucket': {
        const b = await (await readers.s3(g.account)).readBucket(target.bucket);
        return resource(b.exists ? (b.policy ?? null) : null);
      }
      case 'bus':
        return resource((await (await readers.events(g.account)).busPolicy()) ?? null);
      case 'trust': {
        const role = await (await readers.iam(g.account)).readRole(roleName(g.attachedTo));
        return resource(role?.trust ?? null);
      }
      case 'identity': {
        const role = await (await readers.iam(g.account)).readRole(roleName(g.attachedTo));
        if (role === undefined) return { generated: g, document: null, inputs: [], managed: [] };
        // The inline policies are the generated document; managed ones are compared by ARN.
        const statements = role.inline.flatMap((p) => statementsOf(p.document));
        return {
          generated: g,
          document: { Version: '2012-10-17', Statement: statements },
          inputs: [...role.inline, ...role.attached].map((p) => ({
            name: `${g.name}/${p.name}`,
            kind: 'identity' as const,
            account: g.account,
            attachedTo: g.attachedTo,
            document: p.document,
          })),
          managed: role.attached.map((p) => p.arn).sort(),
        };
      }
      default:
        return resource(null);
    }
  }
}

export function statementsOf(document: unknown): unknown[] {
  const d = typeof document === 'string' ? (JSON.parse(document) as unknown) : document;
  if (d === null || typeof d !== 'object') return [];
  const s = (d as { Statement?: unknown }).Statement;
  return s === undefined ? [] : Array.isArray(s) ? s : [s];
}
