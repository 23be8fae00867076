/**
 * The report in headless Chromium: lanes and edges in the SVG, working filters and row
 * expansion, no console errors, no requests but the page itself, no overlapping labels,
 * hostile strings inert. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { renderReport, type ReportInput } from '../../src/report/index.js';
import { PREVIEW_ROWS } from '../../src/report/page-script.js';
import type { AccessResult } from '../../src/verify/index.js';
import {
  chromiumSkip,
  launch,
  overflowingLabels,
  overlappingLabels,
  type Browser,
} from './browser.js';
import { realRun } from './real.js';
import { FIFTY, FOUR, failing } from './support.js';
import { xssInput } from './xss.js';

const skip = chromiumSkip();
const ARTIFACTS = 'test-artifacts';
const dir = mkdtempSync(join(tmpdir(), 'crossline-report-'));
let browser: Browser | undefined;

interface Opened {
  readonly page: Page;
  readonly url: string;
  readonly requests: string[];
  readonly errors: string[];
}

/** Writes the page to a file and opens it, recording every request and console error. */
async function open(name: string, html: string): Promise<Opened> {
  assert.ok(browser);
  const file = join(dir, `${name}.html`);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser.context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, url, requests, errors };
}

const visibleRows = (page: Page): Promise<number> => page.locator('tr.row:visible').count();

/** The group of a row as the page makes it: the phase, a negative row's check or target. */
const phase = (step: string): string =>
  step
    .split(/[./]/)
    .slice(0, step.startsWith('negative.') ? 2 : 1)
    .join('.');

/**
 * The rows the page shows before any click: in each group of allowed requests, and in each
 * group with a failure, its failures and its first PREVIEW_ROWS passing allowed rows (all of
 * them when one more would be left); nothing of the other negative groups.
 */
function expectedOpenRows(rows: readonly AccessResult[]): AccessResult[] {
  const groups = new Map<string, AccessResult[]>();
  for (const r of rows) groups.set(phase(r.step), [...(groups.get(phase(r.step)) ?? []), r]);
  return [...groups.entries()].flatMap(([name, group]) => {
    if (name.startsWith('negative.') && group.every((r) => r.ok)) return [];
    const passing = group.filter((r) => r.ok && r.expect === 'allow');
    const preview = passing.length > PREVIEW_ROWS + 1 ? passing.slice(0, PREVIEW_ROWS) : passing;
    return group.filter((r) => !r.ok || preview.includes(r));
  });
}

void describe('report in Chromium', { skip }, () => {
  before(async () => {
    browser = await launch();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const four = realRun(FOUR);
  const ids = {
    tools: '111111111111',
    source: '222222222222',
    staging: '333333333333',
    prod: '444444444444',
  };

  void it('4 accounts: lanes, verified edges, filters, expansion; no errors, no requests, no overlaps', async () => {
    const verify = failing(four.verify, (s) => s === 'deploy.prod.read');
    assert.equal(verify.counts.failed, 2, 'the prod read rows fail (s3 and kms)');
    const input: ReportInput = { ...four.input, verify };
    const { page, url, requests, errors } = await open('report-4', renderReport(input));

    const lanes = await page.$$eval('svg.dg .lane', (els) =>
      els.map((e) => `${e.getAttribute('data-lane')} ${e.getAttribute('data-accounts')}`),
    );
    assert.deepEqual(lanes, [
      `source ${ids.source}`,
      `tools ${ids.tools}`,
      `target ${ids.staging}`,
      `target ${ids.prod}`,
    ]);
    const edge = (kind: string, from: string, to: string) =>
      page
        .locator(`svg.dg .edge[data-edge="${kind}"][data-from="${from}"][data-to="${to}"]`)
        .getAttribute('data-status');
    assert.equal(await edge('assume-role', ids.tools, ids.source), 'pass');
    assert.equal(await edge('assume-role', ids.tools, ids.staging), 'pass');
    assert.equal(await edge('assume-role', ids.tools, ids.prod), 'pass');
    assert.equal(await edge('artifact-write', ids.source, ids.tools), 'pass');
    assert.equal(await edge('event-forwarding', ids.source, ids.tools), 'pass');
    assert.equal(await edge('artifact-read', ids.staging, ids.tools), 'pass');
    assert.equal(await edge('artifact-read', ids.prod, ids.tools), 'fail');
    assert.match(
      (await page
        .locator(`svg.dg .edge[data-edge="artifact-read"][data-from="${ids.prod}"] text`)
        .textContent()) ?? '',
      /✘/,
    );

    // Open by default: the groups of requests that must be allowed and the groups with a
    // failure; in them the first PREVIEW_ROWS passing allowed rows show (the rest behind a
    // "more" row) and the requests denied as expected fold into one summary row. Negative
    // groups start collapsed.
    const total = verify.rows.length;
    const shownRows = expectedOpenRows(verify.rows);
    assert.ok(shownRows.length > 2 && shownRows.length < total / 4);
    assert.equal(await visibleRows(page), shownRows.length);
    assert.equal(await page.locator('tr.row.fail:visible').count(), 2, 'failures are open');
    for (const p of ['service', 'trigger', 'pipeline', 'source', 'build', 'deploy']) {
      const head = page.locator(`tr.group[data-step="${p}"]`);
      assert.equal(await head.getAttribute('aria-expanded'), 'true', `${p} is open`);
    }
    assert.ok(
      (await page.locator('tr.row[data-expect="allow"]:visible').count()) >= 6 * 2,
      'allowed requests show without a click',
    );
    assert.equal(
      await page.locator('tr.row[data-expect="deny"]:visible').count(),
      0,
      'no request denied as expected shows without a click',
    );
    const deployRows = verify.rows.filter((r) => phase(r.step) === 'deploy');
    const more = page.locator('tr.fold.more[data-step="deploy"]');
    const hidden = deployRows.filter((r) => r.ok).length - PREVIEW_ROWS;
    assert.equal(await more.textContent(), `${hidden} more allowed requests`);
    await more.click();
    assert.equal(await visibleRows(page), shownRows.length + hidden);
    await page.locator('tr.group[data-step="deploy"]').click();
    assert.equal(await visibleRows(page), shownRows.length + hidden - deployRows.length);
    await page.locator('tr.group[data-step="deploy"]').click();
    await more.click();
    assert.equal(await visibleRows(page), shownRows.length);

    const scope = page.locator('tr.group[data-step="negative.scope"]');
    assert.equal(await scope.getAttribute('aria-expanded'), 'false');
    const scopeRows = verify.rows.filter((r) => phase(r.step) === 'negative.scope').length;
    await scope.click();
    const fold = page.locator('tr.fold[data-step="negative.scope"]');
    assert.equal(await fold.textContent(), `${scopeRows} requests denied as expected`);
    assert.equal(await visibleRows(page), shownRows.length);
    await fold.click();
    assert.equal(await visibleRows(page), shownRows.length + scopeRows);
    await scope.click();
    assert.equal(await visibleRows(page), shownRows.length);

    // Filters show every match, folded or not: by account, verdict and expectation.
    await page.fill('#f-search', 'a');
    await page.fill('#f-search', '');
    await page.selectOption('#f-expect', 'allow');
    await page.selectOption('#f-expect', '');
    await page.selectOption('#f-account', ids.prod);
    const prodRows = verify.rows.filter(
      (r) => r.principalAccount === ids.prod || r.resourceAccount === ids.prod,
    ).length;
    assert.ok(prodRows > 0 && prodRows < total);
    assert.equal(await visibleRows(page), prodRows);
    await page.selectOption('#f-verdict', 'fail');
    assert.equal(await visibleRows(page), 2);
    assert.equal(await page.locator('#f-count').textContent(), `Showing 2 of ${total} checks`);
    await page.selectOption('#f-account', '');
    await page.selectOption('#f-verdict', '');
    await page.selectOption('#f-expect', 'deny');
    assert.equal(await visibleRows(page), verify.rows.filter((r) => r.expect === 'deny').length);
    await page.click('#f-reset');
    await page.fill('#f-search', 'deploy.staging.');
    assert.equal(
      await visibleRows(page),
      verify.rows.filter((r) => r.step.startsWith('deploy.staging.')).length,
    );
    await page.click('#f-reset');

    // A failing row opens to its deciding statements and reason.
    await page.selectOption('#f-verdict', 'fail');
    const row = page.locator('tr.row:visible').first();
    const detail = page.locator(`#${(await row.getAttribute('aria-controls')) ?? ''}`);
    assert.equal(await detail.isVisible(), false);
    await row.click();
    assert.equal(await detail.isVisible(), true);
    const text = (await detail.textContent()) ?? '';
    assert.match(text, /Reason/);
    assert.ok(text.includes(verify.rows.find((r) => !r.ok)?.reason ?? '<none>'));
    assert.ok(
      (await detail.locator('a[href^="#policy-"]').count()) > 0,
      'deciding statements link to their policy',
    );
    // Its source is cited by number; the folded list of sources opens on the link.
    assert.equal(await page.locator('details#sources[open]').count(), 0);
    await detail.locator('a[href^="#src-"]').click();
    assert.equal(await page.locator('details#sources[open]').count(), 1);
    await row.click();
    assert.equal(await detail.isVisible(), false);

    // A click on an edge filters the table to its account.
    await page.click('#f-reset');
    await page.locator(`svg.dg .edge[data-edge="assume-role"][data-to="${ids.staging}"]`).click();
    assert.equal(await page.locator('#f-account').inputValue(), ids.staging);

    // Policies: expand all, and the exact JSON on demand.
    await page.click('#policies-toggle');
    const firstRaw = page.locator('details.raw').first();
    await firstRaw.locator('summary').click();
    // The page fills the JSON when the details open (a toggle event, after the click).
    await firstRaw.locator('pre', { hasText: 'Version' }).waitFor();
    const json = JSON.parse((await firstRaw.locator('pre').textContent()) ?? '') as {
      Version: string;
    };
    assert.equal(json.Version, '2012-10-17');

    assert.deepEqual(await overlappingLabels(page), []);
    assert.deepEqual(await overflowingLabels(page), []);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [url], 'no request but the page itself');
    await page.click('#f-reset');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.setViewportSize({ width: 1440, height: 1500 });
    await page.screenshot({ path: join(ARTIFACTS, 'report-4.png') });
    await page.close();
  });

  void it('50 targets: a lane per stage group, readable, no overlapping labels', async () => {
    const fifty = realRun(FIFTY);
    const { page, url, requests, errors } = await open('report-50', renderReport(fifty.input));
    const groups = await page.evaluate<number[]>(
      `[...document.querySelectorAll('svg.dg .lane[data-lane="target-group"]')].map((e) => e.getAttribute('data-accounts').split(' ').length)`,
    );
    assert.deepEqual(groups, [10, 15, 25]);
    const prodAssume = page.locator('svg.dg .edge[data-edge="assume-role"][data-stage="prod"]');
    assert.equal((await prodAssume.getAttribute('data-to'))?.split(' ').length, 25);
    assert.equal(await prodAssume.getAttribute('data-status'), 'pass');
    assert.equal(await page.locator('svg.dg .edge[data-status="fail"]').count(), 0);

    // At 1024x768: the compact layout keeps the diagram at full size (labels >= 11 px), the
    // page has no horizontal scroll, and the stage groups fold policies and deploy rows, so
    // the page is a few screens long (it was 23,000 px with 8 px labels).
    await page.setViewportSize({ width: 1024, height: 768 });
    const m = await page.evaluate<{ width: number; height: number; label: number }>(`(() => {
      const se = document.scrollingElement;
      const svg = document.querySelector('svg.dg');
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
      return { width: se.scrollWidth, height: se.scrollHeight, label: Math.min(...sizes) };
    })()`);
    assert.ok(m.width <= 1024, `no horizontal scroll: ${m.width}`);
    assert.ok(m.label >= 11, `smallest diagram label ${m.label} px`);
    assert.ok(m.height < 8000, `page height ${m.height}`);
    assert.equal(await visibleRows(page), expectedOpenRows(fifty.verify.rows).length);
    assert.equal(await page.locator('tr.row[data-expect="deny"]:visible').count(), 0);
    const folds = await page.$$eval('details.account-group', (els) =>
      els.map(
        (e) =>
          `${e.getAttribute('data-stage')} ${e.getAttribute('data-accounts')?.split(' ').length} ${e.hasAttribute('open')}`,
      ),
    );
    assert.deepEqual(folds, ['dev 10 false', 'staging 15 false', 'prod 25 false']);
    assert.equal(
      await page.locator('details.deploy-group[data-stage="prod"] tr[data-stack]').count(),
      25,
    );
    assert.equal((await page.locator('tr[data-stack]:visible').count()) < 10, true);
    await page.click('#policies-toggle');
    assert.equal(await page.locator('details.account-group[open]').count(), 3);
    await page.click('#policies-toggle');
    assert.deepEqual(await overlappingLabels(page), []);
    assert.deepEqual(await overflowingLabels(page), []);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [url]);
    await page.locator('#diagram').screenshot({ path: join(ARTIFACTS, 'report-50.png') });
    await page.close();
  });

  void it('4 accounts at 1024x768: no horizontal scroll, bounded height, readable diagram, links in Why', async () => {
    const { page, requests, url, errors } = await open('report-4-narrow', renderReport(four.input));
    await page.setViewportSize({ width: 1024, height: 768 });
    const m = await page.evaluate<{ width: number; height: number; label: number }>(`(() => {
      const se = document.scrollingElement;
      const svg = document.querySelector('svg.dg');
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
      return { width: se.scrollWidth, height: se.scrollHeight, label: Math.min(...sizes) };
    })()`);
    assert.ok(m.width <= 1024, `no horizontal scroll: ${m.width}`);
    assert.ok(m.height < 6000, `page height ${m.height}`);
    assert.ok(m.label >= 11, `smallest diagram label ${m.label} px`);
    // ... with the groups of allowed requests open: their first rows show without a click,
    // the requests denied as expected do not.
    assert.equal(await visibleRows(page), expectedOpenRows(four.verify.rows).length);
    assert.ok((await page.locator('tr.row[data-expect="allow"]:visible').count()) >= 12);
    assert.equal(await page.locator('tr.row[data-expect="deny"]:visible').count(), 0);

    // Why texts citing documentation are links; ARNs wrap at their separators.
    const links = page.locator('td.reason a[href^="https://"]');
    assert.ok((await links.count()) > 0);
    assert.equal(await links.first().getAttribute('rel'), 'noreferrer');
    const arn = await page.locator('.stmts td .mono', { hasText: 'arn:aws:' }).first().innerHTML();
    assert.match(arn, /^arn:<wbr>aws:<wbr>/);

    // The user's stacks differ from crossline's own; the execution role names its policies.
    const user = await page
      .locator('svg.dg .node[data-owner="user"] text.chip-label')
      .allTextContents();
    assert.deepEqual(user, ['my-app-staging', 'my-app-prod']);
    assert.equal(await page.locator('[data-legend="user-stack"]').count(), 1);
    const exec = page.locator('svg.dg .node[data-managed]').first();
    assert.match((await exec.locator('title').textContent()) ?? '', /PowerUserAccess/);
    assert.match(
      (await page.locator('details.policy summary .b-warning').first().textContent()) ?? '',
      /managed: PowerUserAccess/,
    );

    assert.deepEqual(await overlappingLabels(page), []);
    assert.deepEqual(await overflowingLabels(page), []);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [url]);
    await page.screenshot({ path: join(ARTIFACTS, 'report-4-1024.png'), fullPage: true });
    await page.close();
  });

  void it('hostile names and reasons stay text: no script runs, no element is injected', async () => {
    const { page, requests, url, errors } = await open('report-xss', renderReport(xssInput()));
    // The one row fails, so its group is open.
    await page.locator('tr.row:visible').first().click();
    await page.click('#policies-toggle');
    await page.locator('details.raw summary').first().click();
    assert.equal(await page.evaluate('window.__xss'), undefined);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('script').count(), 3);
    assert.match(
      (await page.locator('tr.detail').first().textContent()) ?? '',
      /<script>alert\(1\)<\/script>/,
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [url]);
    await page.close();
  });
});
