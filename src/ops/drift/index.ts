/**
 * `drift` for the policies of a pipeline crossline deployed: each generated policy read back
 * from its service, compared statement by statement, and the differences judged by the iam
 * engine (compare.ts). The stacks' templates are compared by the toolkit (GetTemplate, with
 * the same differ as `diff`).
 */
import type { AccessScript, PolicyInput } from '../../verify/index.js';
import type { LiveReaders } from '../doctor/index.js';
import { accessDrift, comparePolicy, type AccessDrift, type PolicyDrift } from './compare.js';
import { readLivePolicies, type LivePolicy, type LiveTarget } from './live-policies.js';

export { canonical, type AccessDrift, type PolicyDrift, type ProbeResult } from './compare.js';
export type { LivePolicy, LiveTarget } from './live-policies.js';

export interface PolicyDriftInput {
  readonly generated: readonly PolicyInput[];
  readonly script: AccessScript;
  readonly readers: Pick<LiveReaders, 'iam' | 's3' | 'kms' | 'events'>;
  readonly target: LiveTarget;
  /** Managed policy ARNs a role should have attached (by role ARN). */
  readonly managedOf: (roleArn: string) => readonly string[];
  readonly partition: string;
}

export interface PolicyDriftResult {
  readonly policies: readonly PolicyDrift[];
  readonly access: AccessDrift;
  /** The live artifact key ARN (the generated policies name a placeholder until deploy). */
  readonly keyArn?: string | undefined;
}

export async function policyDrift(input: PolicyDriftInput): Promise<PolicyDriftResult> {
  const read = await readLivePolicies(input.generated, input.readers, input.target);
  const placeholder = input.generated.find((g) => g.kind === 'key')?.attachedTo;
  // The generated documents name the key by a placeholder ARN (docs/design.md §3); the live
  // ones by its real ARN: compare (and evaluate) both in the generated form.
  const live =
    read.keyArn !== undefined && placeholder !== undefined
      ? read.policies.map((p) => withKeyArn(p, read.keyArn!, placeholder))
      : read.policies;
  const policies = live
    .map((l) =>
      comparePolicy(
        l,
        l.generated.kind === 'identity' ? input.managedOf(l.generated.attachedTo) : [],
      ),
    )
    .filter((d): d is PolicyDrift => d !== undefined);
  const access = accessDrift(input.script, input.generated, live, policies, input.partition);
  return { policies, access, ...(read.keyArn ? { keyArn: read.keyArn } : {}) };
}

function withKeyArn(p: LivePolicy, keyArn: string, placeholder: string): LivePolicy {
  const swap = <T>(v: T): T =>
    v === null || v === undefined
      ? v
      : (JSON.parse(JSON.stringify(v).split(keyArn).join(placeholder)) as T);
  return {
    ...p,
    document: swap(p.document),
    inputs: p.inputs.map((i) => ({
      ...i,
      attachedTo: i.attachedTo === keyArn ? placeholder : i.attachedTo,
      document: swap(
        typeof i.document === 'string' ? (JSON.parse(i.document) as unknown) : i.document,
      ),
    })),
  };
}
