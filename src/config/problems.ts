import { isMap, isScalar } from 'yaml';
import type * as z from 'zod/mini';
import { knownKeysAt } from './known-keys.js';
import { formatPath, type Locator, type Path } from './locate.js';
import { configSchema } from './schema.js';
import { closest } from './suggest.js';

/** A problem before it has a file position: a config path and what is wrong there. */
export interface RawProblem {
  readonly path: Path;
  readonly message: string;
  readonly hint?: string | undefined;
  /** Point at the key rather than the value (unknown keys). */
  readonly atKey?: boolean;
  /** Set on "missing required key" problems: the missing key. */
  readonly missing?: string;
  /** Set on unknown-key problems that look like a typo of a known key. */
  readonly typoOf?: string;
}

/** Turns one schema issue into the problems a user reads (in YAML words, not zod's). */
export function fromIssue(issue: z.core.$ZodIssue, locator: Locator): RawProblem[] {
  const path = issue.path as Path;
  const where = formatPath(path) || 'the config';
  if (path[0] === 'accounts' && issue.code !== 'unrecognized_keys') {
    return [accountProblem(issue, path, locator)];
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = knownKeysAt(configSchema, path, (p) => {
          const node = locator.node(p);
          return isScalar(node) ? node.value : undefined;
        });
        const typoOf = closest(key, known);
        return {
          path: [...path, key],
          atKey: true,
          message: `unknown key '${key}'${path.length ? ` in ${where}` : ''}`,
          hint:
            typoOf !== undefined
              ? `did you mean '${typoOf}'?`
              : `allowed keys here: ${known.join(', ')}`,
          ...(typoOf === undefined ? {} : { typoOf }),
        };
      });
    case 'invalid_type': {
      const node = locator.node(path);
      if (!node) {
        const key = String(path[path.length - 1]);
        const parent = formatPath(path.slice(0, -1));
        return [
          {
            path,
            missing: key,
            message: `missing required key '${key}'${parent ? ` in ${parent}` : ''}`,
          },
        ];
      }
      return [
        {
          path,
          message: `${where}: expected ${yamlType(issue.expected)}, found ${describe(node)}`,
        },
      ];
    }
    case 'invalid_union':
      return [{ path, message: `${where}: ${describe(locator.node(path))} is not allowed here` }];
    case 'invalid_value':
      return [
        {
          path,
          message: `${where}: expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`,
        },
      ];
    default:
      return [{ path, message: `${where}: ${issue.message}` }];
  }
}

/**
 * A "missing required key" next to an unknown key that is a typo of it says the same thing
 * twice; keep only the typo, which has the better hint.
 */
export function withoutShadowedMissing(problems: readonly RawProblem[]): RawProblem[] {
  const typos = new Set(
    problems
      .filter((p) => p.typoOf !== undefined)
      .map((p) => `${formatPath(p.path.slice(0, -1))}|${p.typoOf}`),
  );
  return problems.filter(
    (p) => p.missing === undefined || !typos.has(`${formatPath(p.path.slice(0, -1))}|${p.missing}`),
  );
}

const YAML_TYPES: Readonly<Record<string, string>> = {
  record: 'a mapping (key: value)',
  object: 'a mapping (key: value)',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
};

function yamlType(expected: string): string {
  return YAML_TYPES[expected] ?? expected;
}

function describe(node: unknown): string {
  if (node === undefined) return 'nothing';
  if (isScalar(node)) {
    if (node.value === null) return 'nothing';
    const shown = node.source ?? JSON.stringify(node.value);
    return `${typeof node.value === 'string' ? 'the string' : `the ${typeof node.value}`} ${shown}`;
  }
  return isMap(node) ? 'a mapping' : 'a list';
}

/** Account ids are the classic YAML trap: unquoted, they become numbers (and lose leading zeros). */
function accountProblem(issue: z.core.$ZodIssue, path: Path, locator: Locator): RawProblem {
  if (path.length < 2) {
    return {
      path,
      message: `accounts: expected a mapping of alias to account id, found ${describe(locator.node(path))}`,
      hint: 'e.g. accounts: { tools: "111111111111", prod: "444444444444" }',
    };
  }
  const alias = String(path[1]);
  if (issue.code === 'invalid_key') {
    return {
      path: path.slice(0, 2),
      atKey: true,
      message: `account alias '${alias}' is not valid`,
      hint: 'an alias starts with a letter and has letters, digits, - or _ (at most 64)',
    };
  }
  const entryPath = path.slice(0, 2);
  const entry = locator.node(entryPath);
  const idPath = isMap(entry) ? [...entryPath, 'id'] : entryPath;
  const idNode = locator.node(idPath);
  const value = isScalar(idNode) ? idNode.value : undefined;
  if (typeof value === 'number' || typeof value === 'bigint') {
    const source = (isScalar(idNode) ? idNode.source : undefined) ?? String(value);
    const digits = source.replace(/[^0-9]/g, '');
    return {
      path: idPath,
      message: `account '${alias}': the id ${source} is a YAML number, not a string`,
      hint:
        digits.length === 12
          ? `quote it: "${digits}" (numbers lose leading zeros and precision)`
          : `quote it and check the digits: an account id has 12, this has ${digits.length}`,
    };
  }
  if (typeof value === 'string' && !/^\d{12}$/.test(value)) {
    const digits = value.replace(/\D/g, '').length;
    const other = /\D/.test(value) ? ' and other characters' : '';
    return {
      path: idPath,
      message: `account '${alias}': '${value}' is not a 12-digit account id (it has ${digits} digit${digits === 1 ? '' : 's'}${other})`,
      hint: 'an AWS account id is exactly 12 digits, e.g. "111111111111"',
    };
  }
  if (isMap(entry) && idNode === undefined) {
    return {
      path: entryPath,
      message: `account '${alias}': missing 'id'`,
      hint: 'e.g. source: { id: "222222222222", profile: client-admin }',
    };
  }
  if (isMap(entry) && typeof value === 'string') {
    return {
      path: [...entryPath, 'profile'],
      message: `account '${alias}': profile must be a non-empty string`,
      hint: 'the name of an AWS CLI profile, e.g. profile: client-admin',
    };
  }
  return {
    path: entryPath,
    message: `account '${alias}': expected a quoted 12-digit id, or {id, profile}; found ${describe(entry)}`,
    hint: 'e.g. staging: "333333333333"  or  source: { id: "222222222222", profile: client-admin }',
  };
}
