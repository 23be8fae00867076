/**
 * Turns a policy document into compiled statements, once per document: a WeakMap keyed by
 * the document object (or a bounded Map for JSON text), so that evaluating thousands of
 * requests against the same policies parses each policy once.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { arnMatcher } from './arn-match.js';
import { BoundedCache } from './bounded-cache.js';
import { compileConditions } from './conditions/condition.js';
import type { KeyCondition } from './conditions/condition.js';
import { template } from './policy-variables.js';
import type { Template } from './policy-variables.js';
import { wildcardMatcher } from './wildcard.js';
import type { Matcher } from './wildcard.js';

/** The Principal or NotPrincipal element. */
export interface PrincipalSpec {
  readonly wildcard: boolean;
  /** AWS principals as written: account ids, root/role/user/session ARNs. */
  readonly aws: readonly string[];
  /** Service principals, lower case. */
  readonly services: readonly string[];
  readonly federated: readonly string[];
  /** The element as written, for messages. */
  readonly raw: readonly string[];
}

/** An element or its `Not` form (Action / NotAction, Resource / NotResource). */
export interface NegatableSpec {
  readonly not: boolean;
  /** The element as written. */
  readonly raw: readonly string[];
}

export interface ActionSpec extends NegatableSpec {
  readonly matchers: readonly Matcher[];
}

export interface ResourcePattern {
  readonly template: Template;
  /** Present when the pattern has no variables. */
  readonly matcher: Matcher | undefined;
}

export interface ResourceSpec extends NegatableSpec {
  readonly patterns: readonly ResourcePattern[];
}

export interface CompiledStatement {
  /** The Sid, or `#<index>` (0-based position in the Statement array). */
  readonly id: string;
  readonly effect: 'Allow' | 'Deny';
  /** `undefined`: the statement has neither Principal nor NotPrincipal (identity policies). */
  readonly principal: { readonly not: boolean; readonly spec: PrincipalSpec } | undefined;
  /** `undefined` only for malformed statements, which then never match. */
  readonly action: ActionSpec | undefined;
  /** `undefined`: no Resource element (trust policies), any resource. */
  readonly resource: ResourceSpec | undefined;
  readonly conditions: readonly KeyCondition[];
}

export interface CompiledPolicy {
  readonly statements: readonly CompiledStatement[];
  readonly warnings: readonly string[];
}

const objectCache = new WeakMap<object, CompiledPolicy>();
const textCache = new BoundedCache<CompiledPolicy>(1_000);

export function compilePolicy(document: unknown): CompiledPolicy {
  if (typeof document === 'string') return textCache.get(document, compileText);
  if (typeof document === 'object' && document !== null) {
    let compiled = objectCache.get(document);
    if (compiled === undefined) {
      compiled = compileObject(document);
      objectCache.set(document, compiled);
    }
    return compiled;
  }
  return { statements: [], warnings: ['policy document is not an object'] };
}

function compileText(text: string): CompiledPolicy {
  const trimmed = text.trim();
  try {
    // IAM's GetRolePolicy, GetPolicyVersion and role trust documents arrive URL-encoded.
    const json = trimmed.startsWith('%') ? decodeURIComponent(trimmed) : trimmed;
    return compileObject(JSON.parse(json) as unknown);
  } catch (cause) {
    return { statements: [], warnings: [`policy document is not valid JSON: ${String(cause)}`] };
  }
}

function compileObject(document: unknown): CompiledPolicy {
  const warnings: string[] = [];
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { statements: [], warnings: ['policy document is not an object'] };
  }
  const body = (document as { Statement?: unknown }).Statement;
  const list = body === undefined ? [] : Array.isArray(body) ? (body as unknown[]) : [body];
  if (body === undefined) warnings.push('policy has no Statement');
  const statements: CompiledStatement[] = [];
  list.forEach((raw, index) => {
    const statement = compileStatement(raw, index, (m) =>
      warnings.push(`statement #${index}: ${m}`),
    );
    if (statement !== undefined) statements.push(statement);
  });
  return { statements, warnings };
}

function compileStatement(
  raw: unknown,
  index: number,
  warn: (m: string) => void,
): CompiledStatement | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    warn('not an object; ignored');
    return undefined;
  }
  const s = raw as Record<string, unknown>;
  const effect = s['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') {
    warn(`Effect ${JSON.stringify(effect)} is neither Allow nor Deny; ignored`);
    return undefined;
  }
  const id = typeof s['Sid'] === 'string' && s['Sid'] !== '' ? s['Sid'] : `#${index}`;
  let principal: CompiledStatement['principal'];
  if (s['Principal'] !== undefined)
    principal = { not: false, spec: principalSpec(s['Principal'], warn) };
  else if (s['NotPrincipal'] !== undefined)
    principal = { not: true, spec: principalSpec(s['NotPrincipal'], warn) };

  let action: ActionSpec | undefined;
  if (s['Action'] !== undefined) action = actionSpec(s['Action'], false);
  else if (s['NotAction'] !== undefined) action = actionSpec(s['NotAction'], true);
  else warn('has neither Action nor NotAction; never matches');

  let resource: ResourceSpec | undefined;
  if (s['Resource'] !== undefined) resource = resourceSpec(s['Resource'], false);
  else if (s['NotResource'] !== undefined) resource = resourceSpec(s['NotResource'], true);

  return {
    id,
    effect,
    principal,
    action,
    resource,
    conditions: compileConditions(s['Condition'], warn),
  };
}

function strings(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

function actionSpec(value: unknown, not: boolean): ActionSpec {
  const raw = strings(value);
  // Actions are case-insensitive: patterns are lower-cased here, the request action once per request.
  return { not, raw, matchers: raw.map((a) => wildcardMatcher(a.toLowerCase())) };
}

function resourceSpec(value: unknown, not: boolean): ResourceSpec {
  const raw = strings(value);
  const patterns = raw.map((r) => {
    const t = template(r);
    return { template: t, matcher: t.isStatic ? arnMatcher(r, true) : undefined };
  });
  return { not, raw, patterns };
}

function principalSpec(value: unknown, warn: (m: string) => void): PrincipalSpec {
  if (value === '*') return { wildcard: true, aws: [], services: [], federated: [], raw: ['*'] };
  const aws: string[] = [];
  const services: string[] = [];
  const federated: string[] = [];
  const raw: string[] = [];
  let wildcard = false;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    warn('Principal is neither "*" nor an object; matches nobody');
    return { wildcard, aws, services, federated, raw };
  }
  for (const [type, entries] of Object.entries(value as Record<string, unknown>)) {
    for (const entry of strings(entries)) {
      raw.push(`${type}:${entry}`);
      if (type === 'AWS') {
        if (entry === '*') wildcard = true;
        else aws.push(entry);
      } else if (type === 'Service') services.push(entry.toLowerCase());
      else if (type === 'Federated') federated.push(entry);
      else warn(`principal type ${type} is not supported; it matches nobody`);
    }
  }
  return { wildcard, aws, services, federated, raw };
}

/** Formats an element's values for messages: one value bare, several as a list. */
export function formatValues(values: readonly string[]): string {
  return values.length === 1
    ? JSON.stringify(values[0])
    : `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}
