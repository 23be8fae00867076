/**
 * Policy variables (`${aws:PrincipalAccount}`, `${aws:username, 'default'}`, `${*}`) in
 * Resource elements and String/Arn condition values.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import type { RequestContext } from './request-context.js';

type Part = string | { readonly key: string; readonly fallback: string | undefined };

/** A string with variables, resolved per request. */
export interface Template {
  readonly raw: string;
  readonly isStatic: boolean;
  /** The string with variables replaced; `undefined` when a variable is missing and has no default. */
  resolve(context: RequestContext): string | undefined;
}

const SPECIAL: Record<string, string> = { '*': '*', '?': '?', $: '$' };
const VARIABLE = /\$\{([^}]*)\}/g;

export function template(raw: string): Template {
  if (!raw.includes('${')) {
    return { raw, isStatic: true, resolve: () => raw };
  }
  const parts: Part[] = [];
  let last = 0;
  for (const match of raw.matchAll(VARIABLE)) {
    const index = match.index;
    if (index > last) parts.push(raw.slice(last, index));
    parts.push(variablePart(match[1] ?? ''));
    last = index + match[0].length;
  }
  if (last < raw.length) parts.push(raw.slice(last));
  return {
    raw,
    isStatic: false,
    resolve(context) {
      let out = '';
      for (const part of parts) {
        if (typeof part === 'string') {
          out += part;
          continue;
        }
        const value = context.variable(part.key) ?? part.fallback;
        if (value === undefined) return undefined;
        out += value;
      }
      return out;
    },
  };
}

function variablePart(body: string): Part {
  const trimmed = body.trim();
  const special = SPECIAL[trimmed];
  // `${*}` is a literal `*`; as an approximation it then behaves like the wildcard it spells.
  if (special !== undefined) return special;
  const comma = trimmed.indexOf(',');
  if (comma < 0) return { key: trimmed.toLowerCase(), fallback: undefined };
  const fallback = trimmed
    .slice(comma + 1)
    .trim()
    .replace(/^'(.*)'$/s, '$1');
  return { key: trimmed.slice(0, comma).trim().toLowerCase(), fallback };
}
