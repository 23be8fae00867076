import { dirname, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
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
}

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
    .option('-y, --yes', 'do not ask; use flags and defaults')
    .action(
      ctx.action(async (opts: InitOptions) => {
        const io = ctx.ioHost({});
        const given = QUESTIONS.some(([k]) => opts[k] !== undefined);
        // The region default is the one the AWS SDKs and CLI would use here.
        opts.region ??= ctx.env.AWS_REGION || ctx.env.AWS_DEFAULT_REGION || undefined;
        if (!opts.yes && !given && ctx.isTty) {
          for (const [key, label] of QUESTIONS) {
            const shown = defaultOf(key, opts);
            const answer = (await io.ask(`${label} [${shown}]`)) ?? '';
            if (answer.trim()) (opts as unknown as Record<string, string>)[key] = answer.trim();
          }
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
