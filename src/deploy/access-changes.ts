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
  const name = (s: string) => substituteLogicalIds(s, names);
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
        s.condition !== undefined ? `when ${JSON.stringify(s.condition)}` : '',
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
      const props = r.Properties ?? {};
      const found = NAME_PROPS.map((p) => props[p]).find((v) => typeof v === 'string');
      if (typeof found === 'string' && !names.has(id)) names.set(id, found);
    }
  }
  return names;
}

/** `${Logical}` and `${Logical.Arn}` (how the CDK renders references) → the physical name. */
function substituteLogicalIds(s: string, names: ReadonlyMap<string, string>): string {
  return s.replace(/\$\{([A-Za-z0-9]+)(?:\.Arn)?\}/g, (_whole, id: string) => names.get(id) ?? id);
}
