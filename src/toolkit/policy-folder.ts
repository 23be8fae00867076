/**
 * `verify --from`: the policies of an output folder read back (policies/index.json and each
 * policies/<name>.json, as synth writes them), checked with a schema so that a hand-edited or
 * truncated folder fails with the file and the JSON path at fault, not with a crash later.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import '../config/zod-messages.js';
import { CrosslineError } from '../errors/index.js';
import { POLICY_KINDS } from '../synth/index.js';
import type { PolicyInput } from '../verify/index.js';

const HINT = 'point --from at a folder written by `crossline synth` or `crossline plan`';

/**
 * The schemas of policies/index.json and of a policy file, built on first use: building zod
 * schemas costs every start that loads this module (`plan` does) and only `verify --from` reads.
 */
const schemas = memo(() => {
  /** One entry of policies/index.json; unknown fields (managedPolicies…) pass through. */
  const IndexEntry = z.looseObject({
    name: z.string().check(z.minLength(1)),
    kind: z.enum(POLICY_KINDS),
    account: z.string().check(z.minLength(1)),
    attachedTo: z.string().check(z.minLength(1)),
    file: z.string().check(z.minLength(1)),
    reasons: z.optional(z.record(z.string(), z.string())),
  });
  /** An IAM policy document: only the shape the evaluator relies on; the rest passes through. */
  const Statement = z.looseObject({
    Sid: z.optional(z.string()),
    Effect: z.enum(['Allow', 'Deny']),
  });
  const PolicyDocument = z.looseObject({
    Version: z.optional(z.string()),
    // One statement or a list; checked as a list so that an issue keeps its full path.
    Statement: z.pipe(
      z.transform((v: unknown): unknown => (Array.isArray(v) ? (v as unknown[]) : [v])),
      z.array(Statement),
    ),
  });
  return { Index: z.array(IndexEntry), PolicyDocument };
});

function memo<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export function readPolicyFolder(dir: string): PolicyInput[] {
  const indexRel = join('policies', 'index.json');
  if (!existsSync(join(dir, indexRel))) {
    throw new CrosslineError('OutputInvalid', 'usage', `no policies/index.json in ${dir}`, {
      hint: HINT,
    });
  }
  const { Index, PolicyDocument } = schemas();
  const entries = parseFile(dir, indexRel, Index);
  return entries.map(({ file, ...entry }) => {
    const document: unknown = readJsonFile(dir, file);
    checked(dir, file, PolicyDocument, document);
    return { ...entry, document };
  });
}

function parseFile<T>(dir: string, rel: string, schema: z.ZodMiniType<T>): T {
  return checked(dir, rel, schema, readJsonFile(dir, rel));
}

function checked<T>(dir: string, rel: string, schema: z.ZodMiniType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw invalid(dir, rel, `${jsonPath(issue.path)}: ${issue.message}`);
}

function readJsonFile(dir: string, rel: string): unknown {
  const file = join(dir, rel);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw invalid(dir, rel, (e as Error).message, e);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw invalid(dir, rel, `not valid JSON: ${(e as Error).message}`, e);
  }
}

/** `$[3].Statement[0].Effect`, the JSON path of a schema issue. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return (
    '$' +
    path
      .map((p) =>
        typeof p === 'number'
          ? `[${p}]`
          : /^[A-Za-z_$][\w$]*$/.test(String(p))
            ? `.${String(p)}`
            : `[${JSON.stringify(String(p))}]`,
      )
      .join('')
  );
}

function invalid(dir: string, rel: string, detail: string, cause?: unknown): CrosslineError {
  return new CrosslineError(
    'OutputInvalid',
    'usage',
    `cannot read the policies in ${dir}: ${join(dir, rel)}: ${detail}`,
    {
      hint: `each policies/<name>.json must be valid JSON in the shape synth writes; ${HINT}`,
      ...(cause !== undefined ? { cause } : {}),
    },
  );
}
