import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { CliContext } from './context.js';
import { packageFile } from './package-files.js';
import { registerInit } from './commands/init.js';
import { registerValidate } from './commands/validate.js';
import { registerSynth } from './commands/synth.js';
import { registerPlan } from './commands/plan.js';
import { registerVerify } from './commands/verify.js';
import { registerDeploy } from './commands/deploy.js';
import { registerDiff } from './commands/diff.js';
import { registerDestroy } from './commands/destroy.js';
import { registerStart } from './commands/start.js';
import { registerStatus } from './commands/status.js';
import { registerWatch } from './commands/watch.js';
import { registerApprove } from './commands/approve.js';
import { registerDoctor } from './commands/doctor.js';
import { registerImport } from './commands/import.js';
import { registerReport } from './commands/report.js';
import { registerExplain } from './commands/explain.js';
import { registerOrg } from './commands/org.js';
import { registerDrift } from './commands/drift.js';

type Register = (program: Command, ctx: CliContext) => void;

/**
 * Each command file registers itself, under the names it is listed by here; actions load the
 * toolkit lazily to keep --help fast. The order is the order of `crossline --help`.
 */
export const COMMANDS: readonly (readonly [names: readonly string[], register: Register])[] = [
  [['init'], registerInit],
  [['validate'], registerValidate],
  [['synth'], registerSynth],
  [['plan'], registerPlan],
  [['verify'], registerVerify],
  [['diff'], registerDiff],
  [['deploy'], registerDeploy],
  [['destroy'], registerDestroy],
  [['start'], registerStart],
  [['status'], registerStatus],
  [['watch'], registerWatch],
  [['approve', 'reject'], registerApprove],
  [['doctor'], registerDoctor],
  [['explain'], registerExplain],
  [['import'], registerImport],
  [['report'], registerReport],
  [['org'], registerOrg],
  [['drift'], registerDrift],
];

/**
 * The commands a run registers: only the one its first word names (`crossline plan …`, its
 * `--help` too), or every one when there is none or it is not a command name (`--help`, `help`,
 * a typo that gets "did you mean"). Registering all of them is 1–2 ms of each start.
 */
export function commandsFor(argv: readonly string[]): readonly Register[] {
  const first = argv.find((a) => !a.startsWith('-'));
  const named = COMMANDS.find(([names]) => first !== undefined && names.includes(first));
  return named === undefined ? COMMANDS.map(([, register]) => register) : [named[1]];
}

function version(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the CLI; returns the exit code. Only this layer touches process and console. */
export async function main(argv: readonly string[], ctx = new CliContext()): Promise<number> {
  const program = new Command('crossline')
    .description(
      'Cross-account AWS CodePipeline pipelines from one YAML file: plan, verify, deploy, operate.',
    )
    .version(version(), '-V, --version')
    .option(
      '-v, --verbose',
      'more detail on stderr (repeat for more)',
      (_: string, prev: number) => prev + 1,
      0,
    )
    .showSuggestionAfterError(true)
    .addHelpText('after', '\nStart with `crossline init`, then `crossline validate`.')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    });
  for (const register of commandsFor(argv)) register(program, ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return ctx.exitCode;
      return 2;
    }
    ctx.fail(e, false);
  } finally {
    ctx.close();
  }
  return ctx.exitCode;
}
