import {
  type Dirent,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CrosslineError } from '../errors/index.js';

/** The file that marks a folder as crossline output (safe to replace). */
const MARKER = 'plan.json';

/** Where the output went, and whether anything had to be written. */
export interface OutputDir {
  /** Absolute path of the folder. */
  readonly path: string;
  /** False when the folder already held exactly `files`, byte for byte: nothing was touched. */
  readonly written: boolean;
}

/** "wrote 32 files to crossline.out", or that the folder already held them. */
export function wroteMessage(out: OutputDir, count: number, dir: string): string {
  return out.written
    ? `wrote ${count} files to ${dir}`
    : `${dir} is up to date (its ${count} files already hold this output)`;
}

/**
 * Replaces `dir` with exactly `files`: everything is written to a sibling temporary folder,
 * which then takes the place of the old one. A reader sees the old folder or the new one,
 * never a half-written mix, and files of a previous run that are no longer produced are gone.
 * Refuses to replace a non-empty folder that is not crossline output (no plan.json in it).
 * A folder that already holds exactly these files (a re-run of an unchanged config) is left
 * as it is, timestamps included: creating and removing files is most of a re-run's cost.
 */
export function replaceOutputDir(dir: string, files: ReadonlyMap<string, string>): OutputDir {
  const target = resolve(dir);
  const exists = existsSync(target);
  let entries: Dirent[] | undefined;
  if (exists) {
    if (!statSync(target).isDirectory()) {
      throw new CrosslineError('OutputInvalid', 'usage', `${dir} exists and is not a folder`, {
        hint: 'choose another output folder with -o DIR',
      });
    }
    entries = readdirSync(target, { withFileTypes: true });
    if (entries.length > 0 && !entries.some((e) => e.name === MARKER)) {
      throw new CrosslineError(
        'OutputInvalid',
        'usage',
        `${dir} is not empty and is not crossline output (no ${MARKER}); not replacing it`,
        {
          hint: 'choose an empty or new folder with -o DIR, or remove it yourself',
        },
      );
    }
  }
  if (entries !== undefined && holdsExactly(target, entries, files)) {
    return { path: target, written: false };
  }
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  // mkdtemp names the folder uniquely without node:crypto, whose loading is a tenth of a plan's
  // start on Node 20.
  let tmp: string | undefined;
  try {
    tmp = mkdtempSync(join(parent, `.${basename(target)}.tmp-`));
    const made = new Set<string>([tmp]);
    for (const [rel, content] of files) {
      const file = join(tmp, rel);
      const folder = dirname(file);
      if (!made.has(folder)) mkdirSync(folder, { recursive: true });
      made.add(folder);
      writeFileSync(file, content);
    }
  } catch (e) {
    if (tmp !== undefined) removeTree(tmp);
    throw new CrosslineError(
      'OutputInvalid',
      'external',
      `cannot write the output to ${parent}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const suffix = tmp.slice(tmp.lastIndexOf('-') + 1);
  if (!exists) {
    renameSync(tmp, target);
    return { path: target, written: true };
  }
  const old = join(parent, `.${basename(target)}.old-${suffix}`);
  renameSync(target, old);
  try {
    renameSync(tmp, target);
  } catch (e) {
    renameSync(old, target);
    removeTree(tmp);
    throw new CrosslineError(
      'OutputInvalid',
      'external',
      `cannot replace ${dir}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  removeTree(old);
  return { path: target, written: true };
}

/**
 * Whether `dir`, whose entries are `top`, holds `files` and nothing else (no other file, link
 * or empty folder), each with the same bytes. plan.json first, which almost any change of the
 * config changes; then the rest, stopping at the first difference. Any error reading counts as
 * one.
 */
function holdsExactly(
  dir: string,
  top: readonly Dirent[],
  files: ReadonlyMap<string, string>,
): boolean {
  const same = (rel: string, expected: string): boolean => {
    const bytes = readFileSync(join(dir, rel));
    return bytes.length === Buffer.byteLength(expected) && bytes.toString() === expected;
  };
  let seen = 0;
  /** False at the first difference; else whether the folder holds any file. */
  const walk = (prefix: string, entries: readonly Dirent[]): boolean => {
    let any = false;
    for (const entry of entries) {
      const rel = prefix + entry.name;
      if (entry.isDirectory()) {
        if (!walk(`${rel}/`, readdirSync(join(dir, rel), { withFileTypes: true }))) return false;
      } else {
        const expected = files.get(rel);
        if (!entry.isFile() || expected === undefined) return false;
        if (rel !== MARKER && !same(rel, expected)) return false;
        seen++;
      }
      any = true;
    }
    return any;
  };
  try {
    const marker = files.get(MARKER);
    return marker !== undefined && same(MARKER, marker) && walk('', top) && seen === files.size;
  } catch {
    return false;
  }
}

/**
 * Removes a folder and what it holds, like `rmSync(dir, { recursive: true, force: true })` but
 * with the entry types that reading the folder gives: Node 20's rmSync asks for each entry's
 * type again, a third of the system calls of replacing a plan's output. Symbolic links are
 * removed, not followed. A folder that is already gone is not an error.
 */
export function removeTree(dir: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) removeTree(path);
    else unlinkSync(path);
  }
  rmdirSync(dir);
}
