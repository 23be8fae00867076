/**
 * ARN pattern matching, used by Resource/NotResource and the Arn* condition operators:
 * each of the six colon-separated fields is matched on its own, case-sensitively, with
 * `*` and `?` wildcards that never cross into the next field.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 */
import { parseArn, parseArnCached } from './arn.js';
import { BoundedCache } from './bounded-cache.js';
import { hasWildcard, wildcardMatcher } from './wildcard.js';
import type { Matcher } from './wildcard.js';

/**
 * A matcher for one ARN pattern. `expandShort` pads a pattern with fewer than six fields
 * that ends in `*` (e.g. `arn:aws:s3:*`) with `*` fields, as IAM does in Resource elements.
 */
export function arnMatcher(pattern: string, expandShort = false): Matcher {
  return cache.get((expandShort ? 'e:' : 'x:') + pattern, compileKey);
}

const cache = new BoundedCache<Matcher>(10_000);
/** The key is `e:` (expand short patterns) or `x:`, then the pattern. */
const compileKey = (key: string): Matcher => compile(key.slice(2), key.startsWith('e:'));

function compile(pattern: string, expandShort: boolean): Matcher {
  if (pattern === '*') return () => true;
  let parts = parseArn(pattern);
  if (parts === undefined && expandShort && pattern.startsWith('arn:') && pattern.endsWith('*')) {
    const fields = pattern.split(':');
    while (fields.length < 6) fields.push('*');
    parts = parseArn(fields.join(':'));
  }
  if (parts === undefined) return () => false;
  if (!hasWildcard(pattern)) return (value) => value === pattern;
  const partition = wildcardMatcher(parts.partition);
  const service = wildcardMatcher(parts.service);
  const region = wildcardMatcher(parts.region);
  const account = wildcardMatcher(parts.account);
  const resource = wildcardMatcher(parts.resource);
  return (value) => {
    const target = parseArnCached(value);
    return (
      target !== undefined &&
      partition(target.partition) &&
      service(target.service) &&
      region(target.region) &&
      account(target.account) &&
      resource(target.resource)
    );
  };
}
