/** The command table of the CLI: names as registered, and which commands a run registers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { CliContext } from '../../src/cli/context.js';
import { COMMANDS, commandsFor } from '../../src/cli/main.js';

void test('each command is listed under the name it registers', () => {
  for (const [names, register] of COMMANDS) {
    const program = new Command('crossline');
    register(program, new CliContext());
    assert.deepEqual(
      program.commands.map((c) => c.name()),
      names,
    );
  }
});

void test('a run registers only the command its first word names; help and typos get all', () => {
  const only = (argv: string[]): number => commandsFor(argv).length;
  const plan = COMMANDS.find(([names]) => names.includes('plan'))?.[1];
  assert.deepEqual(commandsFor(['plan', '-c', 'crossline.yml']), [plan]);
  assert.deepEqual(commandsFor(['-v', 'plan', '--help']), [plan]);
  assert.equal(only(['org', 'snapshot']), 1);
  assert.equal(only(['reject', '--help']), 1);
  for (const argv of [[], ['--help'], ['help', 'plan'], ['plna'], ['-V']])
    assert.equal(only(argv), COMMANDS.length, argv.join(' '));
});
