/**
 * Names of `stages[].tests` (docs/design.md §2, release flow), shared by synth and verify:
 * the test project of a stage and its role `<name>-<stage>-test` (pipeline account), and the
 * test role `<name>-test` of each target account. IAM allows 64 characters in a role name: a
 * longer one is cut and made unique with a hash of the stage name.
 */
const MAX_ROLE = 64;

/** FNV-1a, 8 hex digits: deterministic and pure (the model does no I/O). */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export function testProjectName(pipeline: string, stage: string): string {
  const full = `${pipeline}-${stage.replace(/[^A-Za-z0-9_-]/g, '-')}-test`;
  if (full.length <= MAX_ROLE) return full;
  return `${full.slice(0, MAX_ROLE - 14)}-${shortHash(stage)}-test`;
}

export function testRoleName(pipeline: string): string {
  return `${pipeline}-test`;
}
