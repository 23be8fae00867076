import { dirname, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { usage } from '../context.js';
import { packageFile } from '../package-files.js';
import { DEFAULT_CONFIG } from './validate.js';

interface InitOptions {
  config: string;
  force?: boolean;
  name?: string;
  region?: string;
  tools?: string;
  source?: string;
  staging?: string;
  prod?: string;
  repository?: string;
  branch?: string;
  yes?: boolean;
  placeholderIds?: boolean;
}

const ACCOUNT_KEYS = ['tools', 'source', 'staging', 'prod'] as const;

const QUESTIONS: [keyof InitOptions, string][] = [
  ['name', 'pipeline name'],
  ['region', 'region'],
  ['tools', 'tools (pipeline) account id'],
  ['source', 'source (CodeCommit) account id'],
  ['staging', 'staging account id'],
  ['prod', 'prod account id'],
  ['repository', 'CodeCommit repository'],
  ['branch', 'branch'],
];

export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('write a commented starter config (asks on a terminal unless --yes or flags)')
    .option('-c, --config <file>', 'file to write', DEFAULT_CONFIG)
    .option('--force', 'overwrite an existing file')
    .option('--name <name>', 'pipeline name')
    .option('--region <region>', 'region')
    .option('--tools <id>', 'tools account id')
    .option('--source <id>', 'source account id')
    .option('--staging <id>', 'staging account id')
    .option('--prod <id>', 'prod account id')
    .option('--repository <name>', 'CodeCommit repository name')
    .option('--branch <name>', 'branch')
    .option('-y, --yes', 'do not ask; use flags and defaults (account ids are still needed)')
    .option(
      '--placeholder-ids',
      'use 111111111111, 222222222222, … for account ids not given (to try crossline out)',
    )
    .action(
      ctx.action(async (opts: InitOptions) => {
        const io = ctx.ioHost({});
        const { starterProblems } = await import('../../config/starter.js');
        const flagged = new Set(QUESTIONS.map(([k]) => k).filter((k) => opts[k] !== undefined));
        // The region default is the one the AWS SDKs and CLI would use here.
        opts.region ??= ctx.env.AWS_REGION || ctx.env.AWS_DEFAULT_REGION || undefined;
        const missingIds = ACCOUNT_KEYS.filter((k) => opts[k] === undefined);
        if (ctx.isTty) {
          // Ask what the flags did not give; with --yes only the account ids (a placeholder id
          // is never written without the person seeing it in the question).
          const ask = QUESTIONS.filter(
            ([k]) =>
              !flagged.has(k) &&
              (opts.yes !== true ||
                (opts.placeholderIds !== true && missingIds.includes(k as never))),
          );
          let ended = false;
          const shown = new Set<string>();
          for (const [key, label] of ask) {
            if (ended) break;
            shown.add(key);
            for (;;) {
              const typed = await io.ask(`${label} [${defaultOf(key, opts)}]`);
              ended = typed === undefined;
              const answer = typed?.trim() ?? '';
              if (answer === '') break;
              // Checked when given, and asked again: a bad answer is never carried to the end.
              const problem = starterProblems({ ...opts, [key]: answer }).find(
                (p) => p.flag === `--${key}`,
              );
              if (problem === undefined) {
                (opts as unknown as Record<string, string>)[key] = answer;
                break;
              }
              ctx.stderr.write(`  ${problem.message}\n`);
            }
          }
          // End of input (Ctrl+D) keeps the defaults of the questions shown, but an account id
          // whose question never came is not a default: refuse, as without a terminal.
          const unseen = ACCOUNT_KEYS.filter((k) => opts[k] === undefined && !shown.has(k));
          if (ended && unseen.length > 0 && opts.placeholderIds !== true) {
            throw usage(
              `input ended before the account ids: pass ${unseen.map((k) => `--${k} ID`).join(', ')}`,
              'or answer each question, or pass --placeholder-ids to write 111111111111, 222222222222, … (to try crossline out)',
            );
          }
        } else if (missingIds.length > 0 && opts.placeholderIds !== true) {
          // Bad flag values first: they are what the person typed.
          if (starterProblems(opts).some((p) => flagged.has(p.flag.slice(2) as keyof InitOptions)))
            (await import('../../config/starter.js')).checkedStarterConfig(opts);
          throw usage(
            `init needs the account ids and there is no terminal to ask: pass ${missingIds.map((k) => `--${k} ID`).join(', ')}`,
            'or pass --placeholder-ids to write 111111111111, 222222222222, … (to try crossline out)',
          );
        }
        const toolkit = await ctx.toolkit({});
        const { file } = toolkit.init(opts.config, {
          ...opts,
          schemaUrl: schemaUrlFor(opts.config),
        });
        ctx.out(`${file} written. Next: crossline validate -c ${file}`);
      }),
    );
}

/** What an empty answer keeps, shown in the question (the starter config's own defaults). */
function defaultOf(key: keyof InitOptions, o: InitOptions): string {
  const placeholders: Partial<Record<keyof InitOptions, string>> = {
    name: 'my-app',
    region: 'us-east-1',
    tools: '111111111111',
    source: '222222222222',
    staging: '333333333333',
    prod: '444444444444',
    branch: 'main',
  };
  const given = o[key];
  if (typeof given === 'string') return given;
  return key === 'repository' ? (o.name ?? 'my-app') : (placeholders[key] ?? '');
}

/** The JSON Schema shipped in this package, relative to the config file (for editors). */
function schemaUrlFor(configFile: string): string {
  const path = relative(dirname(resolve(configFile)), packageFile('schema/crossline.schema.json'));
  const posix = path.split(sep).join('/');
  return posix.startsWith('.') ? posix : `./${posix}`;
}
