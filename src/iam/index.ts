/**
 * The policy-evaluation engine (docs/design.md §6): decides whether AWS would allow a request given
 * identity policies, a resource policy (key, trust, bucket, bus), SCPs and a permissions
 * boundary, and explains the decision. Pure: no I/O, no knowledge of crossline.
 */
export { evaluate } from './evaluate.js';
export { compilePolicy } from './compile-policy.js';
export { formatRef } from './explain.js';
export type {
  ContextValue,
  Decision,
  NamedPolicy,
  NearMiss,
  Organization,
  Outcome,
  PolicyElement,
  PolicySet,
  Request,
  ResourcePolicy,
  ResourcePolicyKind,
  StatementRef,
} from './types.js';
