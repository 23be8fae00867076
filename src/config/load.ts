import { readFileSync } from 'node:fs';
import { LineCounter, isScalar, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigInvalidError, CrosslineError, type Problem } from '../errors/index.js';
import type { Pipeline } from '../model/index.js';
import { knownKeysAt } from './known-keys.js';
import { Locator, formatPath, type Path } from './locate.js';
import { configSchema, type ConfigInput } from './schema.js';
import { semanticProblems, toPipeline } from './semantics.js';
import { didYouMean } from './suggest.js';

/** A problem before it has a file position: a config path and what is wrong there. */
export interface RawProblem {
  readonly path: Path;
  readonly message: string;
  readonly hint?: string | undefined;
  /** Point at the key rather than the value (unknown keys). */
  readonly atKey?: boolean;
}

export interface LoadedConfig {
  readonly file: string;
  readonly input: ConfigInput;
  readonly pipeline: Pipeline;
}

/** Reads and validates a config file. Throws ConfigInvalidError with every problem at once. */
export function loadConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new CrosslineError('ConfigNotFound', 'usage', `config file not found: ${file}`, {
        hint: 'create one with `crossline init`, or point at it with -c FILE',
        cause: e,
      });
    }
    throw new CrosslineError(
      'ConfigNotFound',
      'usage',
      `cannot read config file ${file}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  return parseConfig(text, file);
}

/** Validates config text; `file` is only used in messages. */
export function parseConfig(text: string, file: string): LoadedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const located = (
    line: number,
    col: number,
    message: string,
    hint?: string,
    path?: string,
  ): Problem => ({
    file,
    line,
    col,
    message,
    ...(hint === undefined ? {} : { hint }),
    ...(path === undefined ? {} : { path }),
  });

  if (doc.errors.length > 0) {
    throw new ConfigInvalidError(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        const message = e.message.split('\n')[0] ?? e.message;
        return located(
          pos.line,
          pos.col,
          `YAML syntax error: ${message}`,
          'fix the YAML syntax; check indentation and quotes',
        );
      }),
    );
  }

  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  const locator = new Locator(doc, lines);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigInvalidError([
      located(
        1,
        1,
        'the config must be a YAML mapping (key: value lines)',
        'start from `crossline init`',
      ),
    ]);
  }

  const parsed = configSchema.safeParse(raw);
  const problems: RawProblem[] = parsed.success
    ? []
    : parsed.error.issues.flatMap((i) => fromIssue(i, locator));
  problems.push(...semanticProblems(raw as Record<string, unknown>));

  if (problems.length > 0) {
    const seen = new Set<string>();
    const list = problems
      .map((p) => {
        const pos = locator.locate(p.path, { key: p.atKey === true });
        return located(pos.line, pos.col, p.message, p.hint, formatPath(p.path));
      })
      .filter((p) => {
        const k = `${p.line}:${p.col}:${p.message}`;
        return seen.has(k) ? false : (seen.add(k), true);
      })
      .sort((a, b) => a.line - b.line || a.col - b.col);
    throw new ConfigInvalidError(list);
  }
  const input = (parsed as { data: ConfigInput }).data;
  return { file, input, pipeline: toPipeline(input) };
}

function fromIssue(issue: z.core.$ZodIssue, locator: Locator): RawProblem[] {
  const path = issue.path as Path;
  const where = formatPath(path) || 'the config';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = knownKeysAt(configSchema, path);
        const suggestion = didYouMean(key, known);
        return {
          path: [...path, key],
          atKey: true,
          message: `unknown key '${key}'${path.length ? ` in ${where}` : ''}`,
          hint: suggestion ?? `allowed keys here: ${known.join(', ')}`,
        };
      });
    case 'invalid_union':
    case 'invalid_type':
    case 'invalid_format':
      if (path[0] === 'accounts') return [accountIdProblem(path, locator)];
      if (issue.code === 'invalid_type') {
        const node = locator.node(path);
        if (!node)
          return [{ path, message: `missing required key '${String(path[path.length - 1])}'` }];
        return [{ path, message: `${where}: expected ${issue.expected}, found ${describe(node)}` }];
      }
      return [{ path, message: `${where}: ${issue.message}` }];
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

function describe(node: unknown): string {
  if (isScalar(node))
    return node.value === null ? 'nothing' : `${typeof node.value} ${JSON.stringify(node.value)}`;
  return Array.isArray((node as { items?: unknown }).items) ? 'a list or mapping' : 'another type';
}

/** Account ids are the classic YAML trap: unquoted, they become numbers (and lose leading zeros). */
function accountIdProblem(path: Path, locator: Locator): RawProblem {
  const alias = String(path[1]);
  const idPath = locator.node([...path.slice(0, 2), 'id'])
    ? [...path.slice(0, 2), 'id']
    : path.slice(0, 2);
  const node = locator.node(idPath);
  const value = isScalar(node) ? node.value : undefined;
  const source = isScalar(node) ? (node.source ?? String(value)) : undefined;
  if (typeof value === 'number') {
    const digits = (source ?? String(value)).replace(/[^0-9]/g, '');
    return {
      path: idPath,
      message: `account '${alias}': the id ${source ?? value} is a YAML number, not a string`,
      hint:
        digits.length === 12
          ? `quote it: "${digits}" (numbers lose leading zeros and precision)`
          : `quote it and check the digits: an account id has 12, this has ${digits.length}`,
    };
  }
  if (typeof value === 'string') {
    return {
      path: idPath,
      message: `account '${alias}': '${value}' is not a 12-digit account id (it has ${value.replace(/\D/g, '').length} digits${/\D/.test(value) ? ' and other characters' : ''})`,
      hint: 'an AWS account id is exactly 12 digits, e.g. "111111111111"',
    };
  }
  return {
    path: path.slice(0, 2),
    message: `account '${alias}': expected a quoted 12-digit id, or {id, profile}`,
    hint: 'e.g. staging: "333333333333"  or  source: { id: "222222222222", profile: client-admin }',
  };
}
