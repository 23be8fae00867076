import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { DoctorFinding, DoctorReport } from '../../toolkit/index.js';
import { pipelineOptions, pipelineSelection, type PipelineFlags } from './status.js';
import { verbosity } from './flags.js';

interface DoctorFlags extends PipelineFlags {
  save?: string;
  snapshot?: string;
  report?: string;
}

export function registerDoctor(program: Command, ctx: CliContext): void {
  pipelineOptions(
    program
      .command('doctor')
      .description(
        'diagnose a live (possibly hand-built) cross-account pipeline: what will fail at run time, what is broader than needed, what is missing for automatic starts',
      ),
  )
    .option('--save <file>', 'also write everything read as one JSON snapshot')
    .option('--snapshot <file>', 'analyse a saved snapshot offline (no credentials needed)')
    .option(
      '--report <file>',
      'also write the self-contained HTML report of the live pipeline, findings highlighted',
    )
    .action(
      ctx.action(async (opts: DoctorFlags) => {
        const toolkit = await ctx.toolkit({ json: opts.json, verbose: verbosity(program) });
        const { report, page } = await toolkit.doctor(pipelineSelection(opts, ctx), {
          save: opts.save,
          snapshot: opts.snapshot,
          report: opts.report,
        });
        if (!report.ok) ctx.setExitCode(1);
        if (opts.json) {
          const { verify, unverified, ...rest } = report;
          ctx.json({
            ...rest,
            // Not verified: checks that depend on a document doctor could not read or parse.
            checks: { ...verify.counts, unverified: unverified.length },
            ...(unverified.length > 0 ? { unverified: unverifiedDocuments(report) } : {}),
            ...(page ? { page: page.file } : {}),
          });
        } else {
          ctx.out(renderDoctor(report, ctx));
        }
      }),
    );
}

/** Each document doctor could not read (or parse), with the number of checks it leaves unverified. */
function unverifiedDocuments(r: DoctorReport): { because: string; checks: number }[] {
  const count = new Map<string, number>();
  for (const u of r.unverified) count.set(u.because, (count.get(u.because) ?? 0) + 1);
  return [...count].map(([because, checks]) => ({ because, checks }));
}

const COLOUR: Record<DoctorFinding['severity'], string> = {
  error: '31',
  warning: '33',
  info: '36',
};

export function renderDoctor(r: DoctorReport, ctx: CliContext): string {
  const accounts = r.accounts.map((a) => `${a.alias} ${a.id}`).join(', ');
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  const lines = [
    `doctor: pipeline ${r.pipeline} in ${r.region} (${accounts})`,
    `${plural(r.counts.error, 'error')}, ${plural(r.counts.warning, 'warning')}; access script ${r.verify.counts.passed}/${r.verify.counts.total} checks as expected` +
      (r.unverified.length > 0
        ? `, ${r.unverified.length} not verified (doctor could not read what they depend on)`
        : ''),
  ];
  if (r.findings.length === 0)
    lines.push(
      '',
      'no problems found: every request of the running pipeline is allowed, and nothing more',
    );
  for (const f of r.findings) {
    lines.push(
      '',
      `${ctx.paint(COLOUR[f.severity], f.severity.padEnd(7))} ${f.step}  [${f.category}]${f.account ? `  account ${f.account}` : ''}`,
    );
    lines.push(`  ${f.message}`);
    if (f.statement) lines.push(`  at: ${f.statement}`);
    lines.push(`  fix: ${f.fix}`);
  }
  return lines.join('\n');
}
