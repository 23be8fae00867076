/**
 * Deterministic text widths for the diagram layout. The browser measures nothing: the layout
 * is computed here, so the same input always gives the same SVG. Widths are those of DejaVu
 * Sans (measured in Chromium, thousandths of an em) — wider than the usual UI fonts, so a box
 * sized with them holds its label whatever sans-serif font the reader's system picks.
 */
// Printable ASCII 32..126, regular and bold, in 1/100 em.
const REGULAR = [
  32, 41, 46, 84, 64, 96, 78, 28, 40, 40, 50, 84, 32, 37, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64,
  64, 64, 34, 34, 84, 84, 84, 54, 100, 69, 69, 70, 78, 64, 58, 78, 76, 30, 30, 66, 56, 87, 75, 79,
  61, 79, 70, 64, 62, 74, 69, 99, 69, 62, 69, 40, 34, 40, 84, 50, 50, 62, 64, 55, 64, 62, 36, 64,
  64, 28, 28, 58, 28, 98, 64, 62, 64, 64, 42, 53, 40, 64, 60, 82, 60, 60, 53, 64, 34, 64, 84,
];
const BOLD = [
  35, 46, 53, 84, 70, 101, 88, 31, 46, 46, 53, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70,
  70, 70, 40, 40, 84, 84, 84, 59, 100, 78, 77, 74, 84, 69, 69, 83, 84, 38, 38, 78, 64, 100, 84, 86,
  74, 86, 78, 73, 69, 82, 78, 111, 78, 73, 73, 46, 37, 46, 84, 50, 50, 68, 72, 60, 72, 68, 44, 72,
  72, 35, 35, 67, 35, 105, 72, 69, 72, 72, 50, 60, 48, 72, 66, 93, 65, 66, 59, 72, 37, 72, 84,
];
/** Monospace fonts advance 0.6 em per character (DejaVu Sans Mono: 0.602). */
const MONO = 61;

export type FontStyle = 'sans' | 'bold' | 'mono';

/** Width in px of `text` at `size` px, rounded up. Characters outside ASCII count as 1 em. */
export function textWidth(text: string, size: number, style: FontStyle = 'sans'): number {
  let hundredths = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (style === 'mono') hundredths += code < 0x2000 ? MONO : 100;
    else if (code >= 32 && code < 127)
      hundredths += (style === 'bold' ? BOLD : REGULAR)[code - 32] ?? 100;
    else hundredths += 100;
  }
  return Math.ceil((hundredths * size) / 100);
}

/** `text` shortened with an ellipsis so that it fits `max` px (the full text goes in a tooltip). */
export function fit(text: string, size: number, max: number, style: FontStyle = 'sans'): string {
  if (textWidth(text, size, style) <= max) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(chars.join('') + '…', size, style) > max) chars.pop();
  return chars.join('') + '…';
}
