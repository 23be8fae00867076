import type { VerifyResult } from './types.js';

/**
 * What the checks cover when accounts of a group (an OU, or targets listed one by one) were
 * proven equal to a checked sample (src/verify/symmetry.ts): one line per group.
 */
export function sampledLines(result: Pick<VerifyResult, 'sampled'>): string[] {
  return (result.sampled ?? []).map((g) => {
    const where = `(${g.stage}: stack ${g.stack}${g.region === undefined ? '' : ` in ${g.region}`})`;
    const head =
      g.orgPath === ''
        ? `same targets: ${g.checked.length} of ${g.accounts} accounts ${where}`
        : `by OU: ${g.checked.length} of ${g.accounts} accounts under ${g.orgPath} ${where}`;
    return `${head} checked row by row; the other ${g.equivalent} have the same policies but for their account id, and every shared policy treats them alike`;
  });
}
