/**
 * Shared by the synth tests: the examples, synthesized once per process, and small readers
 * that find statements by meaning (effect, principal, action, resource, condition).
 */
import { resolve } from 'node:path';
import { loadConfigFile, parseConfig } from '../../src/config/index.js';
import type { Pipeline } from '../../src/model/index.js';
import {
  synthesize,
  type PolicyEntry,
  type PolicyStatement,
  type SynthResult,
} from '../../src/synth/index.js';

export const REPO = resolve(import.meta.dirname, '../..');
export const EXAMPLES = {
  four: resolve(REPO, 'examples/four-accounts.yml'),
  fifty: resolve(REPO, 'examples/fifty-targets.yml'),
  sam: resolve(REPO, 'examples/sam-app/crossline.yml'),
} as const;

const cache = new Map<string, { pipeline: Pipeline; synth: SynthResult }>();

export function example(which: keyof typeof EXAMPLES): { pipeline: Pipeline; synth: SynthResult } {
  let hit = cache.get(which);
  if (!hit) {
    const { pipeline } = loadConfigFile(EXAMPLES[which]);
    hit = { pipeline, synth: synthesize(pipeline) };
    cache.set(which, hit);
  }
  return hit;
}

/** A config from YAML text (for same-account and scale variants). */
export function pipelineFrom(yaml: string): Pipeline {
  return parseConfig(yaml, 'test.yml').pipeline;
}

export const list = (v: unknown): string[] =>
  v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string];

export function policy(synth: SynthResult, name: string): PolicyEntry {
  const p = synth.policies.find((e) => e.name === name);
  if (!p)
    throw new Error(`no policy ${name}; have ${synth.policies.map((e) => e.name).join(', ')}`);
  return p;
}

export function statement(entry: PolicyEntry, sid: string): PolicyStatement {
  const s = entry.document.Statement.find((x) => x.Sid === sid);
  if (!s) throw new Error(`no statement ${sid} in ${entry.name}`);
  return s;
}

/** Statements that allow `action` (exact or by wildcard) on `resource`. */
export function allowing(entry: PolicyEntry, action: string, resource?: string): PolicyStatement[] {
  return entry.document.Statement.filter(
    (s) =>
      s.Effect === 'Allow' &&
      list(s.Action).some((a) => matches(a, action)) &&
      (resource === undefined ||
        s.Resource === undefined ||
        list(s.Resource).some((r) => matches(r, resource))),
  );
}

export function matches(pattern: string, value: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
    'i',
  );
  return re.test(value);
}

export function awsPrincipals(s: PolicyStatement): string[] {
  const p = s.Principal as { AWS?: unknown } | string | undefined;
  if (p === undefined || typeof p === 'string') return [];
  return list(p.AWS);
}

export function condition(s: PolicyStatement, op: string, key: string): string[] {
  return list(s.Condition?.[op]?.[key]);
}

/** Every string in a JSON value. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

export type Json = unknown;

/**
 * Evaluates the intrinsics crossline templates use (Ref, Fn::GetAtt, Fn::Sub) with the given
 * values for parameters and resources: what CloudFormation does at deploy time.
 */
export function resolveCfn(value: Json, values: Readonly<Record<string, string>>): Json {
  if (Array.isArray(value)) return value.map((v) => resolveCfn(v, values));
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === 'Ref') return lookup(values, o.Ref as string);
    if (keys.length === 1 && keys[0] === 'Fn::GetAtt')
      return lookup(values, (o['Fn::GetAtt'] as string[]).join('.'));
    if (keys.length === 1 && keys[0] === 'Fn::Sub') {
      return (o['Fn::Sub'] as string).replace(
        /\$\{(!?)([^}]+)\}/g,
        (_, bang: string, name: string) =>
          bang === '!' ? '${' + name + '}' : lookup(values, name),
      );
    }
    return Object.fromEntries(keys.map((k) => [k, resolveCfn(o[k], values)]));
  }
  return value;
}

function lookup(values: Readonly<Record<string, string>>, name: string): string {
  // Names not given stay visible, so a policy that uses one cannot equal a concrete document.
  return values[name] ?? `<unresolved ${name}>`;
}
