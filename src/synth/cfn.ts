import type { RoleLayout } from './policies/layout.js';
import { INLINE_POLICY_NAME } from './policies/layout.js';
import { policyDocument } from './policies/statement.js';
import type { CfnTemplate } from './types.js';

/**
 * A concrete value and the CloudFormation expression that stands for it in a template:
 * `Name` (a parameter or a resource Ref) or `Resource.Attribute` (GetAtt), as in Fn::Sub.
 */
export interface CfnRef {
  readonly text: string;
  readonly sub: string;
}

export type Json =
  null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

function intrinsic(sub: string): Json {
  const dot = sub.indexOf('.');
  return dot < 0 ? { Ref: sub } : { 'Fn::GetAtt': [sub.slice(0, dot), sub.slice(dot + 1)] };
}

/**
 * Turns a concrete document (as in policies/) into template form: a string equal to a ref's
 * text becomes Ref/GetAtt, a string containing one becomes Fn::Sub. Substituting the refs
 * back gives the concrete document again, which the tests check.
 */
export function toCfn(value: unknown, refs: readonly CfnRef[]): Json {
  if (typeof value === 'string') {
    const exact = refs.find((r) => r.text === value);
    if (exact) return intrinsic(exact.sub);
    if (!refs.some((r) => value.includes(r.text))) return value;
    let text = value.split('${').join('${!');
    for (const r of refs) text = text.split(r.text).join('${' + r.sub + '}');
    return { 'Fn::Sub': text };
  }
  if (Array.isArray(value)) return value.map((v) => toCfn(v, refs));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      if (v !== undefined) out[k] = toCfn(v, refs);
    return out;
  }
  return value as Json;
}

export type Resources = Record<string, Json>;

/** The AWS::IAM::Role (and any customer managed policies) of a role layout. */
export function roleResources(
  layout: RoleLayout,
  refs: readonly CfnRef[],
  description: string,
): Resources {
  const { role } = layout;
  const resources: Resources = {};
  for (const m of layout.managed) {
    resources[m.logicalId] = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        ManagedPolicyName: m.name,
        Description: `Part of the permissions of ${role.name} (split: over the inline size limit)`,
        PolicyDocument: toCfn(policyDocument(m.grants), refs),
      },
    };
  }
  const managedArns: Json[] = [
    ...role.managedPolicyArns,
    ...layout.managed.map((m) => ({ Ref: m.logicalId })),
  ];
  resources[role.logicalId] = {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: role.name,
      Description: description,
      AssumeRolePolicyDocument: toCfn(layout.trust, refs),
      ...(layout.inline === undefined
        ? {}
        : {
            Policies: [
              {
                PolicyName: INLINE_POLICY_NAME,
                PolicyDocument: toCfn(policyDocument(layout.inline), refs),
              },
            ],
          }),
      ...(managedArns.length === 0 ? {} : { ManagedPolicyArns: managedArns }),
    },
  };
  return resources;
}

export function template(
  description: string,
  parameters: Record<string, Json>,
  resources: Resources,
  outputs: Record<string, Json>,
): CfnTemplate {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: description,
    ...(Object.keys(parameters).length === 0 ? {} : { Parameters: parameters }),
    Resources: resources,
    ...(Object.keys(outputs).length === 0 ? {} : { Outputs: outputs }),
  };
}
