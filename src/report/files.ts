import type { SynthResult } from '../synth/types.js';
import type { VerifyResult } from '../verify/types.js';
import { buildDiagram } from './diagram-model.js';
import { mermaidFromDiagram } from './mermaid.js';
import { renderReport } from './page.js';
import type { Finding, ReportInput, ReportSubject } from './types.js';

export const REPORT_FILE = 'report.html';
export const DIAGRAM_FILE = 'diagram.mmd';

/** The report input for a synthesized pipeline (what `plan` and `report` render). */
export function reportInput(
  subject: ReportSubject,
  synth: Pick<SynthResult, 'plan' | 'policies'>,
  verify?: VerifyResult,
  findings?: readonly Finding[],
): ReportInput {
  return { subject, plan: synth.plan, policies: synth.policies, verify, findings, mode: 'plan' };
}

/**
 * The files `plan` writes beside its other output: `report.html` and `diagram.mmd`,
 * relative path -> exact content.
 */
export function reportFiles(input: ReportInput): Map<string, string> {
  const diagram = buildDiagram(input);
  return new Map([
    [DIAGRAM_FILE, mermaidFromDiagram(diagram)],
    [REPORT_FILE, renderReport(input, diagram)],
  ]);
}
