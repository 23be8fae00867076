/**
 * Escaping for every interpolated string in the report. The report shows names and reasons
 * that come from config files and live AWS accounts, so nothing is trusted: text, attribute
 * values and the JSON embedded in the page are all escaped here and nowhere else.
 */
const HTML: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for HTML/SVG element content and quoted attribute values. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => HTML[c] ?? c);
}

/**
 * JSON as it may appear inside an HTML element, e.g. a `<script type="application/json">`
 * data block: no `</script>`, comment or entity breakout.
 */
export function jsonText(value: unknown, indent = 0): string {
  return JSON.stringify(value, null, indent)
    .replace(/&/g, '\\u0026')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e');
}

/** A safe id/class token: letters, digits, `-` and `_` only. */
export function token(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Escaped text with a `<wbr>` after each `:` and `/`, so an ARN wraps at its separators. */
export function escBreak(value: string): string {
  return esc(value).replace(/([:/])/g, '$1<wbr>');
}

/**
 * Escaped text whose http(s) URLs are links (no referrer); everything else stays text. A link
 * shows the site and the page (`docs.aws.amazon.com/…/pipelines-create-cross-account.html`):
 * the whole URL is in the link, and a report cites some 400 of them.
 */
export function escLinks(value: string): string {
  const parts = value.split(/(https?:\/\/[^\s"'<>`]+[^\s"'<>`.,;:!?)\]])/);
  return parts
    .map((p, i) =>
      i % 2 === 1 ? `<a href="${esc(p)}" rel="noreferrer">${linkText(p)}</a>` : esc(p),
    )
    .join('');
}

function linkText(url: string): string {
  const m = /^https?:\/\/([^/]+)\/[^?#]*\/([^/?#]+(?:[?#].*)?)$/.exec(url);
  return m === null ? escBreak(url) : `${esc(m[1])}/…/<wbr>${escBreak(m[2])}`;
}
