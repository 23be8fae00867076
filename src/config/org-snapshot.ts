/**
 * The organization snapshot written by `crossline org snapshot`, and its reader: a zod schema
 * checked with file:line:col locations, so a hand-edited or truncated snapshot is a located
 * usage error (exit code 2), not a crash later in `plan`.
 */
import { LineCounter, parseDocument } from 'yaml';
import * as z from 'zod/mini';
import './zod-messages.js';
import { CrosslineError, formatProblem, type Problem } from '../errors/index.js';
import { formatPath, Locator, type Path } from './locate.js';

// Id formats of the Organizations API reference (e.g. API_Organization.html, API_Root.html,
// API_OrganizationalUnit.html, API_Account.html).
/**
 * The snapshot's schema, built on first use: building zod schemas costs every start that loads
 * this module (`plan` does), and only pipelines with OU targets read a snapshot.
 */
function buildSchema() {
  const orgId = z
    .string()
    .check(z.regex(/^o-[a-z0-9]{10,32}$/, 'expected an organization id (o-…)'));
  const rootId = z.string().check(z.regex(/^r-[0-9a-z]{4,32}$/, 'expected a root id (r-…)'));
  const ouId = z
    .string()
    .check(z.regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, 'expected an OU id (ou-…)'));
  const accountId = z.string().check(z.regex(/^\d{12}$/, 'expected a 12-digit account id'));
  const parentId = z.union([rootId, ouId]);
  const orgPath = z.string().check(
    z.regex(/^o-[a-z0-9]+\/r-[0-9a-z]+\/(ou-[0-9a-z]+-[a-z0-9]+\/)*$/, {
      message: 'expected an organization path such as o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/',
    }),
  );

  return z.strictObject({
    version: z.literal(1),
    organization: z.strictObject({ id: orgId, managementAccount: accountId }),
    roots: z.array(z.strictObject({ id: rootId, name: z.string() })),
    units: z.array(z.strictObject({ id: ouId, name: z.string(), parent: parentId, path: orgPath })),
    accounts: z.array(
      z.strictObject({
        id: accountId,
        name: z.string(),
        status: z.string(),
        parent: parentId,
        path: orgPath,
        tags: z.record(z.string(), z.string()),
      }),
    ),
  });
}
let built: ReturnType<typeof buildSchema> | undefined;
const snapshotSchema = (): ReturnType<typeof buildSchema> => (built ??= buildSchema());

export type OrgSnapshot = z.infer<ReturnType<typeof buildSchema>>;
export type SnapshotUnit = OrgSnapshot['units'][number];
export type SnapshotAccount = OrgSnapshot['accounts'][number];

/** Parses and checks a snapshot file's text; every problem is located in `file`. */
export function parseSnapshot(text: string, file: string): OrgSnapshot {
  // `org snapshot` writes JSON: JSON.parse reads a valid file about ten times faster than the
  // YAML parser (0.5 s for 1,000 accounts); the YAML parser, which knows where every value
  // is, reads it only to locate what is wrong (and a hand-written YAML snapshot).
  const quick = parsedJson(text);
  if (quick !== undefined) {
    const result = snapshotSchema().safeParse(quick);
    if (result.success) return result.data;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const locator = new Locator(doc, lines);
  if (doc.errors.length > 0) {
    const e = doc.errors[0] as { message: string; linePos?: [{ line: number; col: number }] };
    const at = e.linePos?.[0] ?? { line: 1, col: 1 };
    throw invalid([{ file, line: at.line, col: at.col, message: e.message.split('\n')[0] ?? '' }]);
  }
  const result = snapshotSchema().safeParse(doc.toJS());
  if (!result.success) {
    throw invalid(
      result.error.issues.map((issue) => {
        const path = issue.path as Path;
        const { line, col } = locator.locate(path);
        const where = formatPath(path) || 'the snapshot';
        return { file, line, col, path: formatPath(path), message: `${where}: ${issue.message}` };
      }),
    );
  }
  return result.data;
}

function invalid(problems: readonly Problem[]): CrosslineError {
  return new CrosslineError(
    'SnapshotInvalid',
    'usage',
    `the organization snapshot is not valid:\n${problems.map(formatProblem).join('\n')}`,
    { hint: 'write it again with `crossline org snapshot -o <file>`', details: problems },
  );
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
