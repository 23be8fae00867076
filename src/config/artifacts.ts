import type { RawProblem } from './problems.js';
import { closest } from './suggest.js';
import { type Obj, isObj } from './raw.js';

/**
 * With `build.artifacts`, the build output holds only the files those entries name, and the
 * deploy actions read each target's template from that output (TemplatePath
 * `BuildOutput::<template>`): a template outside it fails the run. Entries are CodeBuild
 * buildspec `artifacts.files` locations — a file, `dir/*`, `dir/**\/*` or `**\/*`
 * (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html) — and a bare
 * folder name is taken as the folder, so that only a template no entry can produce is refused.
 */
export function artifactProblems(raw: Obj): RawProblem[] {
  const build = isObj(raw.build) ? raw.build : undefined;
  const entries = Array.isArray(build?.artifacts)
    ? build.artifacts.filter((e): e is string => typeof e === 'string' && e !== '')
    : [];
  if (entries.length === 0 || !Array.isArray(raw.stages)) return [];
  // A packaged template reaches the output as `<name>.packaged.<ext>`, added to the build's
  // files whatever build.artifacts says, and that is what the target deploys
  // (src/synth/workloads/buildspec.ts): the template itself is read from the source.
  const packaged = new Set(
    (Array.isArray(build?.package) ? build.package : []).filter(
      (e): e is string => typeof e === 'string',
    ),
  );
  const problems: RawProblem[] = [];
  raw.stages.forEach((stage, i) => {
    const targets = isObj(stage) && Array.isArray(stage.targets) ? stage.targets : [];
    targets.forEach((t, j) => {
      const template = isObj(t) && typeof t.template === 'string' ? t.template : undefined;
      if (template === undefined || template === '') return;
      if (packaged.has(template) || entries.some((e) => produces(e, template))) return;
      const near = closestArtifact(template, entries);
      problems.push({
        path: ['stages', i, 'targets', j, 'template'],
        message: `the template '${template}' is not in the build output: build.artifacts lists ${entries.join(', ')}`,
        hint:
          near !== undefined
            ? `did you mean '${near}'? (or add the template to build.artifacts)`
            : 'add the template to build.artifacts, or omit build.artifacts to keep every file',
      });
    });
  });
  return problems;
}

/** The build.artifacts file entry (not a folder or glob) closest to `path`, for a did-you-mean. */
export function closestArtifact(path: string, entries: readonly string[]): string | undefined {
  const files = entries.filter((e) => !/[*?[]/.test(e));
  return closest(normal(path), files.map(normal));
}

/** `./a//b` and `a/b` are the same location. */
function normal(path: string): string {
  return path.replace(/^(\.\/)+/, '').replace(/\/{2,}/g, '/');
}

/** Whether a buildspec `files` entry puts `file` into the build output. */
export function produces(entry: string, file: string): boolean {
  const e = normal(entry).replace(/\/$/, '');
  const f = normal(file);
  if (e === '' || e === '.' || e === f) return true;
  if (!/[*?[]/.test(e)) return f.startsWith(`${e}/`);
  return globRegExp(e).test(f);
}

/** A glob as a RegExp: `**` spans folders, `*` and `?` stay within one, `[...]` a class. */
function globRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        out += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}
