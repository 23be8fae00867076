/**
 * Targets in several regions in the report (docs/design.md "Regions"), rendered from
 * examples/multi-region.yml in headless Chromium: each stack chip names its region, the tools
 * lane draws every regional store (key, bucket, stack), the access table groups and filters
 * by region, and at 1024 px the diagram fits with labels of 11 px or more. A one-region
 * report has none of it (the examples' reports are byte-identical to before regions).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { buildDiagram, renderMermaid, renderReport } from '../../src/report/index.js';
import {
  chromiumSkip,
  launch,
  overflowingLabels,
  overlappingLabels,
  type Browser,
} from './browser.js';
import { realRun } from './real.js';
import { FOUR } from './support.js';

const MULTI = 'examples/multi-region.yml';
const EXTRA = ['ap-southeast-2', 'eu-west-1'];

void it('the diagram model: regional stores in the tools lane, each stack with its region', () => {
  const { input } = realRun(MULTI);
  const d = buildDiagram(input);
  const tools = d.lanes.find((l) => l.kind === 'tools')!;
  const labels = (kind: string) => tools.nodes.filter((n) => n.kind === kind).map((n) => n.label);
  assert.deepEqual(labels('bucket'), [
    'api-artifacts-111111111111-us-east-1',
    ...EXTRA.map((r) => `api-artifacts-111111111111-${r}`),
  ]);
  assert.deepEqual(labels('key'), [
    'alias/api-artifacts · us-east-1',
    ...EXTRA.map((r) => `alias/api-artifacts · ${r}`),
  ]);
  for (const r of EXTRA) assert.ok(labels('stack').includes(`api-artifacts-${r}`), r);
  const live = d.lanes.find((l) => l.accounts.some((a) => a.alias === 'live'))!;
  assert.deepEqual(
    live.nodes
      .filter((n) => n.kind === 'stack' && n.label.startsWith('api-live'))
      .map((n) => n.label),
    ['api-live · us-east-1', 'api-live · eu-west-1', 'api-live · ap-southeast-2'],
  );
  const staging = d.lanes.find((l) => l.accounts.some((a) => a.alias === 'staging'))!;
  assert.ok(staging.nodes.some((n) => n.label === 'api-staging · eu-west-1'));
  assert.match(renderMermaid(input), /api-live · ap-southeast-2/);
  // One region: no region in any label.
  const one = buildDiagram(realRun(FOUR).input);
  assert.ok(!one.lanes.some((l) => l.nodes.some((n) => / · [a-z]{2}-[a-z]+-\d$/.test(n.label))));
});

const skip = chromiumSkip();
const dir = mkdtempSync(join(tmpdir(), 'crossline-report-regions-'));
let browser: Browser | undefined;

void describe('multi-region report in Chromium', { skip }, () => {
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  void it('regions drawn and filterable; fits 1024 px with labels of 11 px or more', async () => {
    assert.ok(browser);
    const run = realRun(MULTI);
    assert.equal(run.verify.counts.failed, 0);
    const file = join(dir, 'multi.html');
    writeFileSync(file, renderReport(run.input));
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    // The tools lane draws a bucket and a key per region, as rendered text.
    const tools = (await page.locator('svg.dg .lane[data-lane="tools"]').textContent()) ?? '';
    for (const r of ['us-east-1', ...EXTRA]) {
      assert.ok(tools.includes(`api-artifacts-111111111111-${r}`), `bucket of ${r} drawn`);
      assert.ok(tools.includes(`alias/api-artifacts · ${r}`), `key of ${r} drawn`);
    }
    const svgText = (await page.locator('svg.dg').textContent()) ?? '';
    for (const r of ['us-east-1', ...EXTRA]) assert.ok(svgText.includes(`api-live · ${r}`), r);

    // Fits: no horizontal scroll, the diagram drawn at a scale that keeps labels >= 11 px.
    const m = await page.evaluate<{ width: number; label: number }>(`(() => {
      const svg = document.querySelector('svg.dg');
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
      return { width: document.scrollingElement.scrollWidth, label: Math.min(...sizes) };
    })()`);
    assert.ok(m.width <= 1024, `no horizontal scroll: ${m.width}`);
    assert.ok(m.label >= 11, `smallest diagram label ${m.label} px`);
    assert.deepEqual(await overlappingLabels(page), []);
    assert.deepEqual(await overflowingLabels(page), []);

    // The access table: groups per region, and the Region filter shows that region's rows.
    const groups = await page.evaluate<string[]>(
      `[...document.querySelectorAll('#access-rows tr.group')].map((e) => e.getAttribute('data-step'))`,
    );
    for (const r of EXTRA) {
      assert.ok(groups.includes(`deploy @ ${r}`), `a deploy group for ${r}: ${groups.join(', ')}`);
      assert.ok(groups.includes(`pipeline @ ${r}`), `a pipeline group for ${r}`);
    }
    assert.ok(groups.includes('deploy'), 'global deploy rows (assume role) keep their group');
    await page.selectOption('#f-region', 'eu-west-1');
    const shown = await page.evaluate<string[]>(
      `[...document.querySelectorAll('tr.row:not([hidden])')].map((e) => e.getAttribute('data-region') + ' ' + e.textContent)`,
    );
    assert.ok(shown.length > 0);
    assert.ok(
      shown.every((s) => s.startsWith('eu-west-1 ')),
      shown.find((s) => !s.startsWith('eu-west-1 ')),
    );
    assert.ok(shown.some((s) => s.includes('api-artifacts-111111111111-eu-west-1')));
    assert.ok(!shown.some((s) => s.includes('ap-southeast-2')));
    assert.match(
      (await page.locator('#f-count').textContent()) ?? '',
      new RegExp(`Showing \\d+ of ${run.verify.counts.total} checks`),
    );
    await page.click('#f-reset');
    assert.equal(await page.locator('#f-region').inputValue(), '');
    assert.deepEqual(errors, []);
    mkdirSync('test-artifacts', { recursive: true });
    await page.locator('svg.dg').screenshot({ path: 'test-artifacts/report-regions.png' });
    await page.close();
  });

  void it('a one-region report has no Region filter and no region groups', () => {
    const html = renderReport(realRun(FOUR).input);
    assert.ok(!html.includes('f-region'));
    assert.ok(!html.includes('data-region'));
  });
});
