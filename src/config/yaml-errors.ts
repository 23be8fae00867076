import type { LineCounter, YAMLError } from 'yaml';

export interface SyntaxProblem {
  readonly line: number;
  readonly col: number;
  readonly message: string;
  readonly hint: string;
}

/** The YAML parser's error in the config's words, with a hint for the common causes. */
export function syntaxProblem(error: YAMLError, text: string, lines: LineCounter): SyntaxProblem {
  const pos = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
  const first = error.message.split('\n')[0] ?? error.message;
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(text.slice(error.pos[0]))?.[0].trim() ?? '';
    return {
      ...pos,
      message: `duplicate key${key ? ` '${key}'` : ''}`,
      hint: 'each key appears once in a mapping; merge the two entries',
    };
  }
  const opener = /Flow (sequence|map)/.exec(first)?.[1];
  if (opener !== undefined) {
    // The parser notices an unclosed [ or { on a later line; point at the bracket itself.
    const [open, close] = opener === 'map' ? ['{', '}'] : ['[', ']'];
    const at = unclosed(text, error.pos[0], open, close);
    if (at !== undefined) {
      return {
        ...lines.linePos(at),
        message: `YAML syntax error: this '${open}' is not closed`,
        hint: `close it with '${close}'; a flow ${opener} that spans lines needs its continuation lines indented`,
      };
    }
  }
  return {
    ...pos,
    message: `YAML syntax error: ${first}`,
    hint: HINTS[error.code] ?? DEFAULT_HINT,
  };
}

/** Offset of the last `open` bracket before `end` that has no matching `close`. */
function unclosed(text: string, end: number, open: string, close: string): number | undefined {
  let depth = 0;
  for (let i = Math.min(end, text.length) - 1; i >= 0; i--) {
    const c = text[i];
    if (c === close) depth++;
    else if (c === open) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return undefined;
}

const DEFAULT_HINT = 'fix the YAML syntax; check indentation, colons and quotes';

const HINTS: Partial<Record<YAMLError['code'], string>> = {
  BAD_INDENT:
    'a [ or { on an earlier line may not be closed, or this line is indented less than its block',
  MISSING_CHAR: 'a quote, ] or } on an earlier line may not be closed',
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
  MULTILINE_IMPLICIT_KEY: 'a key and its colon must be on one line; check the indentation above',
  BLOCK_AS_IMPLICIT_KEY: 'check the indentation: a nested block needs its own line under a key',
  MULTIPLE_DOCS: 'a config is one YAML document; remove the extra `---`',
  UNEXPECTED_TOKEN: 'check the indentation and the `key: value` form on this line',
};
