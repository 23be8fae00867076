/**
 * What a run-time error message says, read from its text alone: the kind of failure and the
 * principal, action, resource, bucket or role it names. The forms are the ones AWS writes
 * (docs/explain.md lists them with a source for each); anything else is "not understood",
 * with the fragments that were recognised, so that the user learns what to paste instead.
 */

export type MessageKind =
  /** `User: P is not authorized to perform: A [on resource: R] [because …| with an explicit deny …]`. */
  | 'not-authorized'
  /** `CodePipeline is not authorized to perform AssumeRole on role R` (and `P is not … on [action] role R`). */
  | 'assume-role'
  /** CodePipeline refuses a CloudFormation execution role in another account than the action role. */
  | 'cross-account-pass-role'
  /** CloudFormation/Lambda: `Your access has been denied by S3 … permission to GetObject for B/K`. */
  | 's3-get-object'
  /** KMS refused without naming the caller (`AccessDeniedException` from KMS). */
  | 'kms-denied'
  /** S3 `AccessDenied`, the bucket named or not. */
  | 's3-denied';

/** Which policy the message says decided (`because no identity-based policy allows …`). */
export type DenyReason = {
  readonly explicit: boolean;
  /** As written: `identity-based`, `resource-based`, `service control`, `permissions boundary`, `session`, `VPC endpoint`. */
  readonly policyType: string;
  /** The policy ARN some messages append after the type. */
  readonly policyArn?: string | undefined;
};

export interface Classification {
  readonly kind: MessageKind;
  readonly principal?: string | undefined;
  readonly action?: string | undefined;
  readonly resource?: string | undefined;
  /** The bucket an S3 message names (only a valid bucket name; placeholders are dropped). */
  readonly bucket?: string | undefined;
  /** The object key an S3 message names. */
  readonly objectKey?: string | undefined;
  /** The role an AssumeRole message names. */
  readonly role?: string | undefined;
  readonly because?: DenyReason | undefined;
}

export type ClassifyResult =
  | { readonly understood: true; readonly classification: Classification }
  | { readonly understood: false; readonly recognised: readonly string[] };

const END = String.raw`(?=[\s,;)(]|\.(?:\s|$)|$)`;
const TOKEN = String.raw`([^\s,;()]+?)`;

const NOT_AUTHORIZED = new RegExp(
  String.raw`(?:User|Principal):\s*` +
    TOKEN +
    String.raw`\s+is not authorized to perform:\s*([A-Za-z0-9-]+:[A-Za-z0-9*]+)` +
    String.raw`(?:\s+on resource:\s*` +
    TOKEN +
    END +
    ')?' +
    String.raw`(?:\s+(?:because no ([A-Za-z -]+?) policy allows|with an explicit deny in (?:an?|the)\s+([A-Za-z -]+?) policy)(?::\s*(arn:[^\s.]+))?)?` +
    END,
);
const ASSUME_ROLE = new RegExp(
  String.raw`(?:^|\s|:)(CodePipeline|${TOKEN.slice(1, -1)})\s+is not authorized to perform AssumeRole on (?:action )?role\s+` +
    TOKEN +
    END,
);
const PASS_ROLE = /Cross-account pass role (?:is )?not allowed/i;
const S3_GET_OBJECT =
  /Your access has been denied by S3, please make sure your request credentials have permission to GetObject for ([^\s]+?)(?=\.?\s|\.?$)/;
const S3_BUCKET_NAMED = /Amazon S3 bucket named ([^\s]+?)(?=\.?\s|\.?$)/;
const S3_DENIED =
  /Access Denied \(Service: Amazon S3|Service: Amazon S3;[^)]*Error Code: AccessDenied|Amazon S3:AccessDenied|(?:Upload to|Download from) S3 failed[^:]*:\s*Access Denied|S3 Error Code: AccessDenied/i;
const KMS_DENIED =
  /Service: AWSKMS;[^)]*Error Code: AccessDeniedException|KMS\.AccessDeniedException|Access to KMS is not allowed|The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access/i;

/** A bucket name as S3 allows it (lower case, digits, dots, hyphens; 3–63 characters). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function classifyMessage(text: string): ClassifyResult {
  const message = text.replace(/\s+/g, ' ').trim();
  let m = NOT_AUTHORIZED.exec(message);
  if (m) {
    const typeText = m[4] ?? m[5];
    return understood({
      kind: 'not-authorized',
      principal: m[1],
      action: m[2],
      resource: m[3],
      ...(typeText
        ? {
            because: {
              explicit: m[5] !== undefined,
              policyType: typeText.trim(),
              ...(m[6] ? { policyArn: m[6] } : {}),
            },
          }
        : {}),
    });
  }
  m = ASSUME_ROLE.exec(message);
  if (m) {
    return understood({
      kind: 'assume-role',
      principal: m[1] === 'CodePipeline' ? undefined : m[1],
      action: 'sts:AssumeRole',
      role: m[2],
    });
  }
  if (PASS_ROLE.test(message))
    return understood({ kind: 'cross-account-pass-role', action: 'iam:PassRole' });
  m = S3_GET_OBJECT.exec(message);
  if (m) {
    const [bucket, ...key] = m[1].split('/');
    return understood({
      kind: 's3-get-object',
      action: 's3:GetObject',
      ...(BUCKET.test(bucket)
        ? { bucket, ...(key.length > 0 ? { objectKey: key.join('/') } : {}) }
        : {}),
    });
  }
  if (KMS_DENIED.test(message)) return understood({ kind: 'kms-denied' });
  if (S3_DENIED.test(message)) {
    const named = S3_BUCKET_NAMED.exec(message)?.[1];
    return understood({
      kind: 's3-denied',
      ...(named !== undefined && BUCKET.test(named) ? { bucket: named } : {}),
    });
  }
  return { understood: false, recognised: fragments(message) };
}

function understood(c: Classification): ClassifyResult {
  const classification = Object.fromEntries(
    Object.entries(c).filter(([, v]) => v !== undefined),
  ) as unknown as Classification;
  return { understood: true, classification };
}

/** The pieces of an unknown message that still say something, for the "not understood" answer. */
function fragments(message: string): string[] {
  const out: string[] = [];
  const service = /\(Service: ([^;)]+)/.exec(message)?.[1];
  if (service) out.push(`service ${service.trim()}`);
  const code = /Error Code: ([A-Za-z.]+)/.exec(message)?.[1];
  if (code) out.push(`error code ${code}`);
  if (/Insufficient permissions/i.test(message))
    out.push('"Insufficient permissions" (CodePipeline could not act as the role)');
  if (/access denied|AccessDenied/i.test(message) && code === undefined)
    out.push('an access denial, with no service named');
  for (const arn of message.match(/arn:[a-z-]+:[a-z0-9-]+:[^\s,;()]*/g) ?? [])
    out.push(`ARN ${arn}`);
  return [...new Set(out)];
}
