import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, isScalar, parseDocument, visit, type Document } from 'yaml';
import { ConfigInvalidError, CrosslineError, type Problem } from '../errors/index.js';
import type { Pipeline } from '../model/index.js';
import { artifactProblems } from './artifacts.js';
import { hintFor } from './hints.js';
import { Locator, formatPath } from './locate.js';
import { fromIssue, withoutShadowedMissing, type RawProblem } from './problems.js';
import { configSchema, type ConfigInput } from './schema.js';
import { configOrganization, expandOrganization } from './organization.js';
import { withOrganization } from './organization-model.js';
import type { OrgSnapshot } from './org-snapshot.js';
import { semanticProblems, toPipeline } from './semantics.js';
import { syntaxProblem } from './yaml-errors.js';
import { workloadProblems, workloadWarnings } from './workloads.js';

export type { RawProblem } from './problems.js';

export interface LoadedConfig {
  readonly file: string;
  readonly input: ConfigInput;
  readonly pipeline: Pipeline;
  /** Located problems that do not stop the run ("recommended", "unused"). */
  readonly warnings?: readonly Problem[];
}

/** Reads and validates a config file. Throws ConfigInvalidError with every problem at once. */
/** What a load may take instead of reading it from disk. */
export interface LoadOptions {
  /** The organization as deploy has just read it, in place of `organization.snapshot`'s file. */
  readonly snapshot?: OrgSnapshot;
}

export function loadConfigFile(file: string, options: LoadOptions = {}): LoadedConfig {
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
    if (code === 'EISDIR') {
      throw new CrosslineError(
        'ConfigNotFound',
        'usage',
        `${file} is a folder, not a config file`,
        {
          hint: `point -c at the YAML file, e.g. -c ${join(file, 'crossline.yml')}`,
          cause: e,
        },
      );
    }
    throw new CrosslineError(
      'ConfigNotFound',
      'usage',
      `cannot read config file ${file}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  return parseConfig(text, file, options);
}

/**
 * Validates config text; `file` is only used in messages. Every problem is collected and
 * reported at once (ConfigInvalidError), each with its line and column and a hint.
 */
export function parseConfig(text: string, file: string, options: LoadOptions = {}): LoadedConfig {
  const lines = new LineCounter();
  // logLevel 'error': the library reports through `problems`, never process warnings.
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    logLevel: 'error',
  });
  const at = (
    line: number,
    col: number,
    message: string,
    hint: string,
    path?: string,
  ): Problem => ({
    file,
    line,
    col,
    message,
    hint,
    ...(path === undefined ? {} : { path }),
  });

  if (doc.errors.length > 0) {
    throw new ConfigInvalidError(
      dedupe(
        doc.errors.map((e) => {
          const p = syntaxProblem(e, text, lines);
          return at(p.line, p.col, p.message, p.hint);
        }),
      ),
    );
  }

  const complexKeys = collectionKeys(doc).map((offset) => {
    const pos = lines.linePos(offset);
    return at(
      pos.line,
      pos.col,
      'a key must be plain text, not a list or mapping',
      'write keys as `name: value`; check for a stray `?`, `[` or `{` before a colon',
    );
  });
  if (complexKeys.length > 0) throw new ConfigInvalidError(complexKeys);

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // e.g. an alias to an anchor defined later, or an alias bomb.
    throw new ConfigInvalidError([
      at(
        1,
        1,
        `YAML error: ${(e as Error).message}`,
        'avoid YAML anchors and aliases in the config',
      ),
    ]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigInvalidError([
      at(
        1,
        1,
        'the config must be a YAML mapping (key: value lines)',
        'start from the commented file that `crossline init` writes',
      ),
    ]);
  }
  const obj = raw as Record<string, unknown>;
  const locator = new Locator(doc, lines);
  const parsed = configSchema.safeParse(raw);
  const problems: RawProblem[] = parsed.success
    ? []
    : parsed.error.issues.flatMap((i) => fromIssue(i, locator));
  problems.push(...semanticProblems(obj), ...artifactProblems(obj), ...workloadProblems(obj));
  const org = configOrganization(obj, file, options.snapshot);
  problems.push(...org.problems);

  if (problems.length > 0) {
    throw new ConfigInvalidError(
      dedupe(
        withoutShadowedMissing(problems).map((p) => {
          const pos = locator.locate(p.path, { key: p.atKey === true });
          const hint = p.hint ?? hintFor(p.path, obj);
          return at(pos.line, pos.col, p.message, hint, formatPath(p.path));
        }),
      ),
    );
  }
  const input = (parsed as { data: ConfigInput }).data;
  const warnings = [...workloadWarnings(obj), ...org.warnings].map((p) => {
    const pos = locator.locate(p.path);
    return at(pos.line, pos.col, p.message, p.hint ?? '', formatPath(p.path));
  });
  return {
    file,
    input,
    pipeline:
      org.snapshot === undefined
        ? toPipeline(input)
        : withOrganization(
            toPipeline(expandOrganization(input, org.snapshot)),
            input,
            org.snapshot,
            org.file!,
          ),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** Offsets of map keys that are lists or mappings (`? [a, b]: x`), which no config key is. */
function collectionKeys(doc: Document): number[] {
  const offsets: number[] = [];
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key as { range?: [number, number, number] } | null;
      if (key !== null && !isScalar(key)) offsets.push(key.range?.[0] ?? 0);
    },
  });
  return offsets;
}

/** One problem per place and message, in file order. */
function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const k = `${p.line}:${p.col}:${p.message}`;
      return seen.has(k) ? false : (seen.add(k), true);
    })
    .sort((a, b) => a.line - b.line || a.col - b.col);
}
