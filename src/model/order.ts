/**
 * Locale-independent text order (UTF-16 code units), for every sort whose result is written
 * out. `localeCompare` depends on the machine's ICU data and costs milliseconds to initialise
 * on first use; this gives the same bytes on every machine, at once.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
