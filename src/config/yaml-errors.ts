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
  return {
    ...pos,
    message: `YAML syntax error: ${first}`,
    hint: HINTS[error.code] ?? DEFAULT_HINT,
  };
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
