import { esc } from './escape.js';
import type { Finding } from './types.js';

const RANK: Readonly<Record<Finding['severity'], number>> = { error: 0, warning: 1, info: 2 };

/** Findings of `doctor`, worst first; absent when there are none. */
export function findingsSection(findings: readonly Finding[] | undefined): string {
  if (!findings || findings.length === 0) return '';
  const sorted = findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i);
  return (
    `<section id="findings"><header><div><h2>Findings</h2><p class="sub">What is wrong or risky in this pipeline, and how to fix it. The diagram and the access table highlight what each one concerns.</p></div></header>` +
    sorted
      .map(
        ({ f }) =>
          `<div class="finding sev-${f.severity}" data-severity="${f.severity}" data-step="${esc(f.step)}">` +
          `<h3><span class="badge b-${f.severity}">${f.severity}</span> ${esc(f.title)}</h3>` +
          `<div class="muted">step <code>${esc(f.step)}</code>${f.account ? ` · account <code>${esc(f.account)}</code>` : ''}</div>` +
          `<div>${esc(f.detail)}</div><div class="fix"><strong>Fix:</strong> ${esc(f.fix)}</div></div>`,
      )
      .join('') +
    `</section>`
  );
}
