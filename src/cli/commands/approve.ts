import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { ApprovalOutcome } from '../../toolkit/index.js';
import { pipelineOptions, pipelineSelection, type PipelineFlags } from './status.js';
import { verbosity } from './flags.js';

interface ApproveFlags extends PipelineFlags {
  comment?: string;
  action?: string;
  yes?: boolean;
}

/** `approve STAGE` and `reject STAGE`: one command each, the same flags. */
export function registerApprove(program: Command, ctx: CliContext): void {
  for (const decision of ['Approved', 'Rejected'] as const) {
    const name = decision === 'Approved' ? 'approve' : 'reject';
    pipelineOptions(
      program
        .command(name)
        .description(`${name} the manual approval waiting in a stage`)
        .argument('<stage>', 'stage whose approval waits (as `crossline status` shows it)'),
    )
      .option('-m, --comment <text>', 'why; recorded with the approval in CodePipeline')
      .option('--action <name>', 'the approval action, when the stage has several waiting')
      .option(
        '-y, --yes',
        decision === 'Approved'
          ? 'approve a change-set stage without asking (its changes are still shown)'
          : 'accepted for symmetry with approve; reject never asks',
      )
      .action(
        ctx.action(async (stage: string, opts: ApproveFlags) => {
          const toolkit = await ctx.toolkit({ json: opts.json, verbose: verbosity(program) });
          const outcome = await toolkit.approve(
            pipelineSelection(opts, ctx),
            { stage, action: opts.action, decision, comment: opts.comment },
            { yes: opts.yes === true },
          );
          if (opts.json) ctx.json(outcome);
          else ctx.out(renderOutcome(outcome));
        }),
      );
  }
}

function renderOutcome(o: ApprovalOutcome): string {
  const verb = o.decision === 'Approved' ? 'approved' : 'rejected';
  return `${o.stage}/${o.action} ${verb}${o.executionId ? ` (run ${o.executionId})` : ''}: ${o.comment}`;
}
