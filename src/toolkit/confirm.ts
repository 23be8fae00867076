/**
 * The one way a command stops when a person did not say yes to its question (deploy's
 * broadening changes and new accounts, destroy): ConfirmationRequired, exit 2, worded for
 * "no terminal to ask" (`answer` undefined) or for a "no".
 */
import { CrosslineError } from '../errors/index.js';

export interface Refusal {
  /** Why the command asks, when there is no terminal to ask. */
  readonly noTerminal: string;
  /** What was left undone, after a "no". */
  readonly declined: string;
  readonly hint: string;
}

export function requireYes(answer: boolean | undefined, refusal: Refusal): void {
  if (answer === true) return;
  throw new CrosslineError(
    'ConfirmationRequired',
    'usage',
    answer === undefined ? refusal.noTerminal : refusal.declined,
    { hint: refusal.hint },
  );
}
