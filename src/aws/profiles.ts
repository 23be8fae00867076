import { usageError } from '../errors/index.js';

/**
 * Parses repeated `--profile ALIAS=NAME` flags into alias → profile. Aliases are checked
 * against the config's when `aliases` is given, so a typo does not silently fall back to
 * another credential source.
 */
export function parseProfileFlags(
  values: readonly string[],
  aliases?: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    const alias = eq > 0 ? v.slice(0, eq).trim() : '';
    const name = eq > 0 ? v.slice(eq + 1).trim() : '';
    if (alias === '' || name === '') {
      throw usageError(`--profile ${v}: expected ALIAS=NAME`, 'e.g. --profile source=client-admin');
    }
    if (aliases !== undefined && !aliases.includes(alias)) {
      throw usageError(
        `--profile ${v}: no account alias '${alias}' in the config`,
        `aliases: ${aliases.join(', ')}`,
      );
    }
    if (out[alias] !== undefined && out[alias] !== name) {
      throw usageError(`--profile given twice for ${alias} (${out[alias]} and ${name})`);
    }
    out[alias] = name;
  }
  return out;
}
