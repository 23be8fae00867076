/**
 * IAM wildcard patterns: `*` matches any run of characters (also none), `?` exactly one.
 * Compiled once per distinct pattern; plain strings compare without a regular expression.
 */
import { BoundedCache } from './bounded-cache.js';

export type Matcher = (value: string) => boolean;

const cache = new BoundedCache<Matcher>(10_000);
/** The key is `i:` (ignore case) or `s:`, then the pattern. */
const compileKey = (key: string): Matcher => compile(key.slice(2), key.startsWith('i:'));

/** A matcher for `pattern`; `ignoreCase` lower-cases both sides (actions, StringEqualsIgnoreCase). */
export function wildcardMatcher(pattern: string, ignoreCase = false): Matcher {
  return cache.get((ignoreCase ? 'i:' : 's:') + pattern, compileKey);
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

function compile(pattern: string, ignoreCase: boolean): Matcher {
  if (pattern === '*') return () => true;
  if (!hasWildcard(pattern)) {
    if (!ignoreCase) return (value) => value === pattern;
    const lower = pattern.toLowerCase();
    return (value) => value.length === lower.length && value.toLowerCase() === lower;
  }
  const starIndex = pattern.indexOf('*');
  // `prefix*` is the most common shape (arn:...:bucket/*, s3:Get*): a prefix test is cheaper.
  if (starIndex === pattern.length - 1 && !pattern.includes('?')) {
    const prefix = ignoreCase ? pattern.slice(0, -1).toLowerCase() : pattern.slice(0, -1);
    return ignoreCase
      ? (value) => value.toLowerCase().startsWith(prefix)
      : (value) => value.startsWith(prefix);
  }
  let source = '^';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const regex = new RegExp(source + '$', ignoreCase ? 'is' : 's');
  return (value) => regex.test(value);
}
