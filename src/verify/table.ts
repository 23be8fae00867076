import { isArn, parseArn } from '../model/arns.js';
import { sampledLines } from './sampled-lines.js';
import type { AccessResult, VerifyResult } from './types.js';

export interface TableOptions {
  /** Print every row even for large pipelines. Default: group passing rows past `groupAbove`. */
  readonly all?: boolean;
  /** Row count above which passing rows that differ only by account are grouped. Default 60. */
  readonly groupAbove?: number;
  /** Terminal colour, e.g. the CLI's painter; default none. */
  readonly paint?: (code: string, text: string) => string;
  /** Longest cell before it is cut with `…`. Default 48. */
  readonly maxCell?: number;
}

const OK = '✔';
const FAIL = '✘';

/**
 * The human form of a verify result: a table (step, principal, action, resource, ✔/✘, reason)
 * with ARNs abbreviated by account alias (`staging:role/my-app-deploy`). For large pipelines,
 * passing rows that differ only by target account collapse into one line with a count, and
 * every failing row is listed in full below, with what to change.
 */
export function renderVerifyTable(result: VerifyResult, options: TableOptions = {}): string {
  const paint = options.paint ?? ((_: string, t: string) => t);
  const maxCell = options.maxCell ?? 48;
  const abbr = abbreviator(result.accounts ?? []);
  const group = options.all !== true && result.rows.length > (options.groupAbove ?? 60);

  type Line = { readonly cells: readonly string[]; readonly ok: boolean };
  const lines: Line[] = [];
  if (group) {
    const groups = new Map<string, AccessResult[]>();
    for (const row of result.rows) {
      const key = [
        row.ok,
        row.expect,
        abbr.generalStep(row.step),
        row.action,
        abbr.general(row.principal),
        abbr.general(row.resource),
      ].join('|');
      const list = groups.get(key);
      if (list) list.push(row);
      else groups.set(key, [row]);
    }
    for (const rows of groups.values()) {
      const first = rows[0];
      if (rows.length === 1 || !first.ok) {
        for (const row of rows) lines.push({ cells: cellsOf(row, abbr, maxCell), ok: row.ok });
        continue;
      }
      const vary = (f: (r: AccessResult) => string, g: (s: string) => string): string =>
        rows.every((r) => f(r) === f(first)) ? f(first) : g(f(first));
      lines.push({
        cells: [
          `${abbr.generalStep(first.step)}`,
          vary(
            (r) => abbr.short(r.principal),
            (s) => abbr.general(s),
          ),
          first.action,
          vary(
            (r) => abbr.short(r.resource),
            (s) => abbr.general(s),
          ),
          OK,
          `${first.expect === 'allow' ? 'allowed' : 'denied'} ×${rows.length}`,
        ].map((c) => cut(c, maxCell)),
        ok: true,
      });
    }
  } else {
    for (const row of result.rows) lines.push({ cells: cellsOf(row, abbr, maxCell), ok: row.ok });
  }

  const header = ['step', 'principal', 'action', 'resource', '', 'reason'];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...lines.map((l) => (l.cells[i] ?? '').length)),
  );
  const fmt = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [fmt(header)];
  for (const l of lines) {
    const text = fmt(l.cells);
    out.push(l.ok ? text.replace(` ${OK} `, ` ${paint('32', OK)} `) : paint('31', text));
  }

  const failed = result.rows.filter((r) => !r.ok);
  if (failed.length > 0) {
    out.push('', paint('31', `${failed.length} failing check${failed.length === 1 ? '' : 's'}:`));
    for (const row of failed) {
      out.push(
        `  ${FAIL} ${row.step}: ${row.principal} ${row.action} ${row.resource} — expected ${row.expect}, ${row.decision}`,
      );
      out.push(`      ${row.reason}`);
    }
  }
  const c = result.counts;
  out.push(
    '',
    result.ok
      ? paint(
          '32',
          `${OK} all ${c.total} checks passed (${result.rows.filter((r) => r.expect === 'allow').length} requests allowed, ${result.rows.filter((r) => r.expect === 'deny').length} denied)`,
        )
      : paint('31', `${FAIL} ${c.failed} of ${c.total} checks failed`),
  );
  for (const line of sampledLines(result)) out.push(line);
  return out.join('\n');
}

function cellsOf(row: AccessResult, abbr: Abbreviator, maxCell: number): string[] {
  // Failing rows carry their full reason below the table; the cell keeps it short.
  const reason = row.ok ? row.reason : `expected ${row.expect}, ${row.decision} (see below)`;
  return [
    row.step,
    abbr.short(row.principal),
    row.action,
    abbr.short(row.resource),
    row.ok ? OK : FAIL,
    reason,
  ].map((c, i) => (i === 5 ? cut(c, maxCell * 2) : cut(c, maxCell)));
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

interface Abbreviator {
  /** `arn:aws:iam::333333333333:role/x` → `staging:role/x`; `arn:aws:s3:::b/k` → `s3:b/k`. */
  short(arn: string): string;
  /** As `short`, with the account alias replaced by `*`. */
  general(text: string): string;
  /** A step with alias segments replaced by `*` (`deploy.prod.prod07.read` → `deploy.prod.*.read`, `deploy.staging.read` → `deploy.*.read`). */
  generalStep(step: string): string;
}

function abbreviator(accounts: readonly { alias: string; id: string }[]): Abbreviator {
  const alias = new Map(accounts.map((a) => [a.id, a.alias]));
  const aliases = new Set(accounts.map((a) => a.alias));
  const short = (text: string): string => {
    const parsed = parseArn(text);
    if (parsed === undefined) return text;
    const { service, account, resource: rest } = parsed;
    if (service === 's3') return `s3:${rest}`;
    const who = account === '' ? '' : (alias.get(account) ?? account);
    return service === 'iam' || service === 'sts' ? `${who}:${rest}` : `${who}:${service}:${rest}`;
  };
  const general = (text: string): string => {
    const s = isArn(text) ? short(text) : text;
    const i = s.indexOf(':');
    return i > 0 && (aliases.has(s.slice(0, i)) || /^\d{12}$/.test(s.slice(0, i)))
      ? `*${s.slice(i)}`
      : s;
  };
  // Names sit between `.`, `/` (before a stack) and `@` (before a region); the separators stay.
  const generalStep = (step: string): string =>
    step
      .split(/([./@])/)
      .map((seg, i) => (i > 0 && aliases.has(seg) ? '*' : seg))
      .join('');
  // A few hundred distinct ARNs and steps recur across thousands of rows: compute each once.
  return { short: memo(short), general: memo(general), generalStep: memo(generalStep) };
}

function memo(f: (text: string) => string): (text: string) => string {
  const cache = new Map<string, string>();
  return (text) => {
    let v = cache.get(text);
    if (v === undefined) {
      v = f(text);
      cache.set(text, v);
    }
    return v;
  };
}
