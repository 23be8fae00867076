/** One- or two-sentence explanations of decisions, naming statements as `policy/Sid`. */
import type { NearMiss, Request, ResourcePolicyKind, StatementRef } from './types.js';

/** Why a request fell short of an allow; drives the explanation and the near misses. */
export type Shortfall =
  | { readonly kind: 'service'; readonly resourcePolicy: string | undefined }
  | {
      readonly kind: 'authoritative';
      readonly policyKind: ResourcePolicyKind | undefined;
      readonly resourcePolicy: string | undefined;
      /** Statements of the key or trust policy that allow the caller's account (delegation to IAM). */
      readonly delegates: readonly StatementRef[];
      readonly identityAllows: boolean;
    }
  | { readonly kind: 'same-account'; readonly resourcePolicy: string | undefined }
  | {
      readonly kind: 'cross-account';
      readonly resourcePolicy: string | undefined;
      readonly resourceAllows: boolean;
      readonly identityAllows: boolean;
      readonly principalAccount: string | undefined;
      readonly resourceAccount: string | undefined;
    }
  | { readonly kind: 'boundary'; readonly boundary: string }
  | { readonly kind: 'scp'; readonly level: number; readonly policies: readonly string[] };

export type Explained =
  | { readonly kind: 'explicit-deny'; readonly denies: readonly StatementRef[] }
  | {
      readonly kind: 'allow';
      readonly grant: readonly StatementRef[];
      readonly sameAccount: boolean;
      readonly policyKind: ResourcePolicyKind | undefined;
    }
  | {
      readonly kind: 'implicit-deny';
      readonly shortfall: Shortfall;
      readonly nearMisses: readonly NearMiss[];
    };

export function formatRef(ref: StatementRef): string {
  return `${ref.policy}/${ref.statement}`;
}

const list = (refs: readonly StatementRef[]) => refs.map(formatRef).join(', ');

const POLICY_NOUN: Record<ResourcePolicyKind, string> = {
  key: 'key policy',
  trust: 'trust policy',
  bucket: 'bucket policy',
  bus: 'event bus policy',
  generic: 'resource policy',
};

export function explainDecision(explained: Explained, request: Request): string {
  const call = `${request.principal} calling ${request.action} on ${request.resource}`;
  switch (explained.kind) {
    case 'explicit-deny':
      return `Explicitly denied by ${list(explained.denies)}: an explicit Deny overrides every Allow.`;
    case 'allow': {
      const scope = explained.sameAccount ? 'same-account' : 'cross-account';
      return `Allowed (${scope}) by ${list(explained.grant)}.`;
    }
    case 'implicit-deny': {
      const closest = explained.nearMisses[0];
      const hint =
        closest === undefined
          ? ''
          : ` Closest: ${formatRef(closest.ref)}, where ${closest.detail} (${closest.element}).`;
      return `Implicitly denied: ${shortfallText(explained.shortfall, call)}${hint}`;
    }
  }
}

function shortfallText(shortfall: Shortfall, call: string): string {
  switch (shortfall.kind) {
    case 'service':
      return shortfall.resourcePolicy === undefined
        ? `a service principal is allowed only by a resource policy, and none was given for ${call}.`
        : `no statement of ${shortfall.resourcePolicy} allows ${call}; a service principal is allowed only by the resource policy.`;
    case 'authoritative': {
      const noun = POLICY_NOUN[shortfall.policyKind ?? 'generic'];
      if (shortfall.resourcePolicy === undefined) {
        return `no ${noun} was given for ${call}, and it alone can allow this request.`;
      }
      if (shortfall.delegates.length > 0 && !shortfall.identityAllows) {
        return `the ${noun} ${shortfall.resourcePolicy} delegates to IAM (${list(shortfall.delegates)}), but no identity policy allows ${call}.`;
      }
      return `the ${noun} ${shortfall.resourcePolicy} decides and neither names the caller for this action nor delegates to the account's IAM policies: add ${call.split(' calling ')[0]} to a statement that allows the action.`;
    }
    case 'same-account':
      return `no identity policy allows ${call}, and ${shortfall.resourcePolicy === undefined ? 'there is no resource policy' : `no statement of ${shortfall.resourcePolicy} names the caller`}.`;
    case 'cross-account': {
      const accounts = `${shortfall.principalAccount ?? 'unknown account'} → ${shortfall.resourceAccount ?? 'unknown account'}`;
      const missing: string[] = [];
      if (!shortfall.identityAllows) missing.push('no identity policy of the caller allows it');
      if (!shortfall.resourceAllows) {
        missing.push(
          shortfall.resourcePolicy === undefined
            ? 'the resource has no resource policy'
            : `no statement of ${shortfall.resourcePolicy} allows the caller or its account`,
        );
      }
      return `cross-account request (${accounts}) needs both the identity policy and the resource policy to allow ${call}; ${missing.join(' and ')}.`;
    }
    case 'boundary':
      return `the permissions boundary ${shortfall.boundary} does not allow ${call}.`;
    case 'scp':
      return `no service control policy at level ${shortfall.level} (${shortfall.policies.join(', ')}) allows ${call}.`;
  }
}
