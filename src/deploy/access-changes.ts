/**
 * The IAM side of a stack diff in words: one line per managed-policy attachment, identity
 * statement, resource-policy statement and trust statement that a deploy adds or removes,
 * named by the role, bucket or key it belongs to ("my-app-cfn-exec: + arn:aws:iam::aws:policy/
 * AdministratorAccess"). The CDK's differ finds the changes; it renders them as a table whose
 * rows name logical ids, which a person approving a prod change cannot read. A change broadens
 * access when it adds an Allow or a managed policy, or removes a Deny (the CDK's own rule,
 * `IamChanges.permissionsBroadened`).
 */
import type { TemplateDiff } from '@aws-cdk/cloudformation-diff';

export interface AccessChange {
  readonly sign: '+' | '-';
  /** The role, bucket, key or other resource the change is on (its physical name when known). */
  readonly subject: string;
  /** The change itself, e.g. `arn:aws:iam::aws:policy/AdministratorAccess` or `Allow s3:GetObject on …`. */
  readonly what: string;
  readonly broadens: boolean;
}

type Template = Record<string, unknown>;

/** The physical name properties, most specific first, by which a resource is shown. */
const NAME_PROPS = [
  'RoleName',
  'UserName',
  'GroupName',
  'BucketName',
  'ManagedPolicyName',
  'PolicyName',
  'Name',
  'AliasName',
];

export function accessChanges(
  diff: TemplateDiff,
  current: Template,
  desired: Template,
): AccessChange[] {
  const names = resourceNames(current, desired);
  const name = (s: string) => substituteLogicalIds(readableIntrinsic(s), names);
  const iam = diff.iamChanges;
  const out: AccessChange[] = [];
  for (const [sign, list] of [
    ['+', iam.managedPolicies.additions],
    ['-', iam.managedPolicies.removals],
  ] as const) {
    for (const m of list)
      out.push({
        sign,
        subject: name(m.identityArn),
        what: name(m.managedPolicyArn),
        broadens: sign === '+',
      });
  }
  for (const [sign, list] of [
    ['+', iam.statements.additions],
    ['-', iam.statements.removals],
  ] as const) {
    for (const s of list) {
      const negative = s.isNegativeStatement;
      const principals = s.principals.values.map(name);
      const resources = s.resources.values.map(name);
      // An identity policy's principal is the identity itself (`AWS:${Role}`, substituted to
      // `AWS:<role name>`): the statement is shown on that identity. Otherwise it is a resource
      // or trust policy, shown on the resource with the principals it admits.
      const identity =
        s.principals.values.length === 1 && /^AWS:\$\{[^}]+\}$/.test(s.principals.values[0]);
      const trust = s.actions.values.some((a) => /^sts:AssumeRole/i.test(a));
      const subject = identity ? principals[0].replace(/^AWS:/, '') : resources.join(', ');
      const parts = [
        trust && !identity ? 'trust:' : '',
        String(s.effect) === 'Deny' ? 'Deny' : 'Allow',
        `${s.actions.not ? 'every action except ' : ''}${s.actions.values.join(', ')}`,
        identity ? `on ${s.resources.not ? 'everything except ' : ''}${resources.join(', ')}` : '',
        identity ? '' : `to ${s.principals.not ? 'everyone except ' : ''}${principals.join(', ')}`,
        s.condition !== undefined ? `when ${conditionText(s.condition, name)}` : '',
      ];
      out.push({
        sign,
        subject,
        what: parts.filter((p) => p !== '').join(' '),
        broadens: sign === '+' ? !negative : negative,
      });
    }
  }
  return out;
}

/** `account/subject: ± what`, the form the diff, the deploy prompt and the JSON share. */
export function renderAccessChange(account: string, c: AccessChange): string {
  return `${account}/${c.subject}: ${c.sign} ${c.what}`;
}

function resourceNames(...templates: Template[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const t of templates) {
    const resources = (t.Resources ?? {}) as Record<
      string,
      { Properties?: Record<string, unknown> }
    >;
    for (const [id, r] of Object.entries(resources)) {
      names.set(`#${id}`, id); // a resource, named or not (parameters are not)
      const props = r.Properties ?? {};
      const found = NAME_PROPS.map((p) => props[p]).find((v) => typeof v === 'string');
      if (typeof found === 'string' && !names.has(id)) names.set(id, found);
    }
  }
  return names;
}

/**
 * `${Logical}` and `${Logical.Arn}` (how the CDK renders references) → the physical name of a
 * resource (its logical id when it has none). A `${Parameter}` or `${AWS::Partition}` stays as
 * it is: its value is known only at deploy time.
 */
function substituteLogicalIds(s: string, names: ReadonlyMap<string, string>): string {
  return s.replace(
    /\$\{([A-Za-z0-9]+)(?:\.Arn)?\}/g,
    (whole, id: string) => names.get(id) ?? (names.has(`#${id}`) ? id : whole),
  );
}

/**
 * The CDK's differ leaves an intrinsic it does not render as JSON text
 * (`{"Fn::Sub":"arn:${AWS::Partition}:s3:::${Bucket}/*"}`): shown as the string it stands
 * for, in the `${…}` form the CDK uses for the references it does render.
 */
export function readableIntrinsic(s: string): string {
  // A principal comes as `AWS:{…}`.
  const m = /^([A-Za-z]+:)?(\{.*"Fn::.*\})$/s.exec(s);
  if (!m) return s;
  try {
    const text = intrinsicText(JSON.parse(m[2] ?? '') as unknown);
    return text === undefined ? s : `${m[1] ?? ''}${text}`;
  } catch {
    return s;
  }
}

function intrinsicText(v: unknown): string | undefined {
  if (typeof v === 'string') return readableIntrinsic(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const [[fn, arg] = []] = Object.entries(v);
  if (Object.keys(v).length !== 1) return undefined;
  if (fn === 'Ref' && typeof arg === 'string') return `\${${arg}}`;
  if (fn === 'Fn::GetAtt') {
    const path = Array.isArray(arg) ? arg.join('.') : String(arg);
    return `\${${path}}`;
  }
  if (fn === 'Fn::Sub') {
    if (typeof arg === 'string') return arg;
    if (!Array.isArray(arg) || typeof arg[0] !== 'string') return undefined;
    const vars = (arg[1] ?? {}) as Record<string, unknown>;
    return arg[0].replace(/\$\{([^}!]+)\}/g, (whole, key: string) =>
      key in vars ? (intrinsicText(vars[key]) ?? whole) : whole,
    );
  }
  if (fn === 'Fn::Join' && Array.isArray(arg) && Array.isArray(arg[1])) {
    const parts = (arg[1] as unknown[]).map(intrinsicText);
    return parts.every((p) => p !== undefined) ? parts.join(String(arg[0])) : undefined;
  }
  return undefined;
}

/** `ArnEquals aws:PrincipalArn arn:…` (several keys joined with `and`), not JSON. */
function conditionText(condition: unknown, name: (s: string) => string): string {
  if (condition === null || typeof condition !== 'object') return name(String(condition));
  const parts: string[] = [];
  for (const [op, keys] of Object.entries(condition as Record<string, unknown>)) {
    if (keys === null || typeof keys !== 'object') {
      parts.push(`${op} ${name(String(keys))}`);
      continue;
    }
    for (const [key, value] of Object.entries(keys as Record<string, unknown>)) {
      const values = (Array.isArray(value) ? value : [value]).map((x) =>
        name(typeof x === 'string' ? x : (intrinsicText(x) ?? JSON.stringify(x))),
      );
      parts.push(`${op} ${key} ${values.join(', ')}`);
    }
  }
  return parts.join(' and ');
}
