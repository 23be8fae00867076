/**
 * `doctor --snapshot FILE --report out.html`: the report page of a live pipeline, from
 * snapshots that `doctor --save` wrote for two broken moto fixtures
 * (fixtures/manual_pipeline.py; regenerate with
 * `python3 manual_pipeline.py ENDPOINT trust-wrong-account=app-tr build-role-no-key=app-bk`,
 * then `crossline doctor --pipeline app-tr … --save fixtures/snapshot-trust-wrong-account.json`).
 * Offline: no moto, no credentials. The page is opened in headless Chromium
 * (CI fails without it, otherwise skips with a notice).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { analyzeSnapshot, parseSnapshot, type LiveSnapshot } from '../../src/ops/index.js';
import { doctorReportInput } from '../../src/toolkit/doctor-report.js';
import { REPO, STACK_TRACE, runCli, tempDir } from '../cli/run-cli.js';
import { chromiumSkip, launch, type Browser } from '../report/browser.js';

const FIXTURES = join(REPO, 'test/ops/fixtures');
const TRUST = join(FIXTURES, 'snapshot-trust-wrong-account.json');
const BUILD = join(FIXTURES, 'snapshot-build-role-no-key.json');
const IDS = {
  tools: '111111111111',
  source: '222222222222',
  staging: '333333333333',
  prod: '444444444444',
};

function load(file: string): LiveSnapshot {
  return parseSnapshot(JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
}

interface Written {
  readonly html: string;
  readonly file: string;
  readonly json: { ok: boolean; page?: string; findings: { step: string; severity: string }[] };
}

const tmp = tempDir();
after(() => tmp.cleanup());

/** Runs the real CLI offline on a snapshot, with only PATH and HOME in the environment. */
async function doctorReport(snapshot: string, name: string): Promise<Written> {
  const file = join(tmp.dir, `${name}.html`);
  const run = await runCli(['doctor', '--snapshot', snapshot, '--report', file, '--json'], {
    cwd: tmp.dir,
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
  });
  assert.doesNotMatch(run.stderr, STACK_TRACE);
  assert.equal(run.status, 1, `an error-level finding: exit 1\n${run.stderr}`);
  assert.match(run.stderr, new RegExp(`wrote ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const json = JSON.parse(run.stdout) as Written['json'];
  return { html: readFileSync(file, 'utf8'), file, json };
}

void describe('doctor --report: the report page of a live pipeline', () => {
  void it('the subject comes from the live pipeline: accounts, stages, approval, live names', () => {
    const snapshot = load(TRUST);
    const input = doctorReportInput(snapshot, analyzeSnapshot(snapshot));
    assert.equal(input.mode, 'live');
    assert.equal(input.plan, undefined, 'a live pipeline has no deploy order');
    const s = input.subject;
    assert.equal(s.name, 'app-tr');
    assert.deepEqual(s.tools, { alias: 'tools', id: IDS.tools });
    assert.deepEqual(s.source, {
      account: { alias: 'source', id: IDS.source },
      repository: 'app-tr',
      branch: 'main',
    });
    assert.deepEqual(
      s.stages.map((x) => [
        x.name,
        x.approval,
        x.targets.map((t) => `${t.account.alias}/${t.stack}`),
      ]),
      [
        ['staging', false, ['staging/app-tr-staging']],
        ['prod', true, ['prod/app-tr-prod']],
      ],
    );
    assert.equal(input.labels?.pipelineRole, 'app-tr-pipeline');
    assert.equal(input.labels?.buildRole, 'app-tr-build', 'the role of the CodeBuild project');
    assert.equal(input.labels?.deployRole, 'app-tr-deploy');
    assert.equal(
      input.labels?.artifactsStack,
      undefined,
      'no crossline stacks in a hand-built setup',
    );
    // Same-named roles in two accounts are two documents, one name each.
    const names = input.policies?.map((p) => p.name) ?? [];
    assert.equal(new Set(names).size, names.length);
    const prodTrust = input.policies?.find((p) => p.name === 'prod:app-tr-deploy/trust');
    assert.ok(prodTrust, names.join(', '));
    assert.equal(prodTrust.account, IDS.prod);
    assert.match(
      prodTrust.reasons.AssumedByPipelineRole ?? '',
      /^doctor error: .*app-tr-pipeline will be denied sts:AssumeRole/,
    );
  });

  const skip = chromiumSkip();
  void describe('in Chromium', { skip }, () => {
    let browser: Browser | undefined;
    before(async () => {
      browser = await launch();
      mkdirSync('test-artifacts', { recursive: true });
    });
    after(async () => browser?.close());

    async function open(
      file: string,
    ): Promise<{ page: Page; url: string; requests: string[]; errors: string[] }> {
      assert.ok(browser);
      const page = await browser.context.newPage();
      const url = pathToFileURL(file).href;
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      await page.goto(url, { waitUntil: 'load' });
      return { page, url, requests, errors };
    }

    /** Every access row as the page built it: step, verdict, finding severity. */
    const rows = (
      page: Page,
    ): Promise<{ step: string; verdict: string; finding: string | null }[]> =>
      page.evaluate(`[...document.querySelectorAll('tr.row')].map((tr) => ({
        step: tr.cells[2].textContent,
        verdict: tr.getAttribute('data-verdict'),
        finding: tr.getAttribute('data-finding'),
      }))`);

    const lanes = (page: Page): Promise<Record<string, string | null>> =>
      page.evaluate(`Object.fromEntries([...document.querySelectorAll('svg.dg .lane')].map((g) =>
        [g.getAttribute('data-accounts'), g.getAttribute('data-finding')]))`);

    void it('trust naming the wrong account: the prod lane, its assume-role edge and its rows are highlighted', async () => {
      const w = await doctorReport(TRUST, 'trust-wrong-account');
      assert.equal(w.json.page, w.file);
      assert.ok(existsSync(w.file));
      const { page, url, requests, errors } = await open(w.file);

      assert.match((await page.locator('.eyebrow').textContent()) ?? '', /live pipeline/);
      const finding = page.locator('#findings .finding[data-severity="error"]');
      assert.equal(await finding.count(), 1);
      assert.equal(await finding.getAttribute('data-step'), 'deploy.prod.assume');
      const text = (await finding.textContent()) ?? '';
      assert.match(
        text,
        /app-tr-pipeline will be denied sts:AssumeRole on arn:aws:iam::444444444444:role\/app-tr-deploy/,
      );
      assert.match(text, /Fix:.*999988887777/);

      assert.deepEqual(await lanes(page), {
        [IDS.source]: null,
        [IDS.tools]: null,
        [IDS.staging]: null,
        [IDS.prod]: 'error',
      });

      const edges = await page.$$eval('svg.dg .edge', (els) =>
        els.map((e) => ({
          kind: e.getAttribute('data-edge'),
          from: e.getAttribute('data-from'),
          to: e.getAttribute('data-to'),
          status: e.getAttribute('data-status'),
          finding: e.getAttribute('data-finding'),
        })),
      );
      assert.equal(edges.length, 7, 'source: 3 edges; staging and prod: assume and read each');
      const wrong = edges.filter((e) => e.status !== 'pass' || e.finding !== null);
      assert.deepEqual(wrong, [
        { kind: 'assume-role', from: IDS.tools, to: IDS.prod, status: 'fail', finding: 'error' },
      ]);

      const all = await rows(page);
      assert.ok(all.length > 150, `the whole access script (${all.length} rows)`);
      const failing = all.filter((r) => r.verdict === 'fail');
      assert.ok(failing.length > 0);
      for (const r of failing) {
        assert.equal(r.step, 'deploy.prod.assume');
        assert.equal(r.finding, 'error');
      }
      assert.deepEqual(
        all.filter((r) => r.finding !== null && !r.step.startsWith('deploy.prod.assume')),
        [],
        'only the rows of the finding step are highlighted',
      );

      // A click on the red edge narrows the table to the prod account.
      await page.locator(`svg.dg .edge[data-edge="assume-role"][data-to="${IDS.prod}"]`).click();
      assert.equal(await page.locator('#f-account').inputValue(), IDS.prod);

      // The live trust policy, with its statement and what it decides.
      const card = page.locator('details.policy[data-policy="prod:app-tr-deploy/trust"]');
      assert.equal(await card.count(), 1);
      await card.locator(':scope > summary').click();
      const stmt = card.locator('tr[data-sid="AssumedByPipelineRole"]');
      const stmtText = (await stmt.textContent()) ?? '';
      assert.match(
        stmtText,
        /arn:aws:iam::999988887777:role\/app-tr-pipeline/,
        'the live condition',
      );
      assert.match(
        stmtText,
        /doctor error: .*will be denied sts:AssumeRole/,
        'the finding about it',
      );
      const staging = card
        .page()
        .locator('details.policy[data-policy="staging:app-tr-deploy/trust"]');
      assert.equal(await staging.count(), 1);

      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: 'test-artifacts/doctor-report.png', fullPage: false });
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, [url], 'no request but the page itself');
      await page.close();
    });

    void it('a build role that cannot use the key: the tools lane and the build rows are highlighted', async () => {
      const w = await doctorReport(BUILD, 'build-role-no-key');
      assert.deepEqual(
        w.json.findings.map((f) => `${f.severity} ${f.step}`),
        ['error build.read', 'error build.write'],
      );
      const { page, url, requests, errors } = await open(w.file);
      const steps = await page.$$eval('#findings .finding', (els) =>
        els.map((e) => `${e.getAttribute('data-severity')} ${e.getAttribute('data-step')}`),
      );
      assert.deepEqual(steps, ['error build.read', 'error build.write']);
      assert.match(
        (await page.locator('#findings').textContent()) ?? '',
        /app-bk-build will be denied kms:Decrypt/,
      );
      const l = await lanes(page);
      assert.equal(l[IDS.tools], 'error');
      assert.deepEqual(
        Object.entries(l).filter(([id, f]) => id !== IDS.tools && f !== null),
        [],
      );
      const all = await rows(page);
      const failing = all.filter((r) => r.verdict === 'fail');
      assert.deepEqual([...new Set(failing.map((r) => `${r.step} ${r.finding}`))].sort(), [
        'build.read error',
        'build.write error',
      ]);
      // The build role's live policy is on the page, without the key statement.
      const card = page.locator('details.policy[data-policy="app-bk-build/app-bk-build-policy"]');
      assert.equal(await card.count(), 1);
      await card.locator(':scope > summary').click();
      assert.deepEqual(
        await page.evaluate(
          `[...document.querySelectorAll('details.policy[data-policy="app-bk-build/app-bk-build-policy"] tr[data-sid]')].map((t) => t.getAttribute('data-sid'))`,
        ),
        ['WriteBuildLogs', 'ReadWriteArtifacts', 'InspectArtifactBucket'],
      );
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, [url]);
      await page.close();
    });
  });
});
