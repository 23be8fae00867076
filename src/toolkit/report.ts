import {
  DIAGRAM_FILE,
  REPORT_FILE,
  reportFiles,
  reportInput,
  type Finding,
} from '../report/index.js';
import { join } from 'node:path';
import { IO, type IoHost } from '../io/index.js';
import type { Pipeline } from '../model/index.js';
import { synthesize, type SynthResult } from '../synth/index.js';
import type { VerifyResult } from '../verify/index.js';
import type { PlanStep } from './plan-step-types.js';
import { writeFileAtomic } from './files.js';
import { verifySynthesized } from './verify.js';

export { DIAGRAM_FILE, REPORT_FILE };

/**
 * `report.html` and `diagram.mmd` of a synthesized pipeline, relative path -> content, for
 * `plan` to write into its output folder. Without `verify` the page says verify has not run.
 */
export function planReportFiles(
  pipeline: Pipeline,
  synth: SynthResult,
  verify?: VerifyResult,
  findings?: readonly Finding[],
): Map<string, string> {
  return reportFiles(reportInput(pipeline, synth, verify, findings));
}

/**
 * The report step of `plan`: report.html and diagram.mmd join the output folder (same atomic
 * replace), showing the result of the verify step that ran before it.
 */
export function reportPlanStep(): PlanStep {
  return {
    name: 'report',
    run: ({ pipeline, synth, io, outDir, verify }) => {
      const started = Date.now();
      const files = planReportFiles(pipeline, synth, verify);
      const bytes = Buffer.byteLength(files.get(REPORT_FILE) ?? '');
      io.notify(
        IO.REPORT_DONE.msg(
          `rendered the report (${Math.ceil(bytes / 1024)} KB) in ${Date.now() - started} ms`,
        ),
      );
      const report = join(outDir, REPORT_FILE);
      const diagram = join(outDir, DIAGRAM_FILE);
      return {
        ok: true,
        files,
        lines: [
          `${report} (${Math.ceil(bytes / 1024)} KB): diagram, access script, policies, deploy order${verify ? '' : ' (verify did not run)'}`,
          `${diagram}: the same diagram as Mermaid text`,
        ],
        data: { report, diagram, bytes, verified: verify !== undefined },
      };
    },
  };
}

export interface ReportOptions {
  /** Where to write the page (default `report.html`). */
  readonly out?: string;
  /** Also write the diagram as Mermaid text here. */
  readonly mermaid?: string;
}

export interface ReportRun {
  readonly pipeline: Pipeline;
  readonly verify: VerifyResult;
  /** Files written, path -> size in bytes. */
  readonly written: ReadonlyMap<string, number>;
}

/** `crossline report`: synthesize and verify in memory, then write the page (and the Mermaid text). */
export function runReport(pipeline: Pipeline, io: IoHost, options: ReportOptions = {}): ReportRun {
  const synth = synthesize(pipeline);
  const verify = verifySynthesized(pipeline, synth);
  const files = planReportFiles(pipeline, synth, verify);
  const targets: [string, string][] = [[options.out ?? REPORT_FILE, REPORT_FILE]];
  if (options.mermaid !== undefined) targets.push([options.mermaid, DIAGRAM_FILE]);
  const written = new Map<string, number>();
  for (const [path, name] of targets) {
    const content = files.get(name) ?? '';
    writeFileAtomic(path, content);
    written.set(path, Buffer.byteLength(content));
    io.notify(
      IO.REPORT_WRITTEN.msg(`wrote ${path} (${Math.ceil(Buffer.byteLength(content) / 1024)} KB)`),
    );
  }
  const { passed, total, failed } = verify.counts;
  io.notify(
    failed === 0
      ? IO.REPORT_VERIFIED.msg(`${passed}/${total} access checks pass`)
      : {
          ...IO.REPORT_VERIFIED.msg(
            `${failed} of ${total} access checks fail; the report shows which and why`,
          ),
          level: 'warn',
        },
  );
  return { pipeline, verify, written };
}
