import type { VerifyResult } from './types.js';

/**
 * What the checks cover when accounts of an OU were proven equal to a checked sample
 * (src/verify/symmetry.ts): one line per group.
 */
export function sampledLines(result: Pick<VerifyResult, 'sampled'>): string[] {
  return (result.sampled ?? []).map(
    (g) =>
      `by OU: ${g.checked.length} of ${g.accounts} accounts under ${g.orgPath} (${g.stage}: stack ${g.stack}${g.region === undefined ? '' : ` in ${g.region}`}) checked row by row; the other ${g.equivalent} have the same policies but for their account id, and no shared policy names them`,
  );
}
