// A node:test reporter that prints one plain closing line, the same on every Node version:
//   tests: 412 passed, 0 failed, 3 skipped
// (Node's own reporters word their summaries differently from version to version.)
// Used by scripts/run-tests.mjs next to the spec reporter.
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.data.skip !== undefined || event.data.todo !== undefined) skipped++;
    else if (event.type === 'test:pass') passed++;
    else failed++;
  }
  yield `\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}
