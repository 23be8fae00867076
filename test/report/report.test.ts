import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildDiagram,
  renderMermaid,
  renderReport,
  reportFiles,
  type ReportInput,
} from '../../src/report/index.js';
import type { AccessData } from '../../src/report/section-access.js';
import { deployWaves } from '../../src/report/section-deploy.js';
import { realRun } from './real.js';
import { FIFTY, FOUR, failing, fakeSynth, fakeVerify, pipelineOf } from './support.js';
import { xssInput } from './xss.js';

const four = realRun(FOUR);
const ids = {
  tools: '111111111111',
  source: '222222222222',
  staging: '333333333333',
  prod: '444444444444',
};

/** The access table's data block of a page. */
function accessDataOf(html: string): AccessData {
  const m = /<script type="application\/json" id="access-data">([^<]*)<\/script>/.exec(html);
  assert.ok(m, 'the page has the access data block');
  return JSON.parse(m[1] ?? '') as AccessData;
}

void describe('report diagram model', () => {
  void it('draws the four accounts as lanes and every cross-account edge, verified by the real access script', () => {
    const d = buildDiagram(four.input);
    assert.deepEqual(
      d.lanes.map((l) => [l.kind, l.accounts.map((a) => a.id)]),
      [
        ['source', [ids.source]],
        ['tools', [ids.tools]],
        ['target', [ids.staging]],
        ['target', [ids.prod]],
      ],
    );
    const edges = d.edges
      .map((e) => `${e.kind} ${e.from.join(',')}->${e.to.join(',')} ${e.status}`)
      .sort();
    assert.deepEqual(
      edges,
      [
        `artifact-read ${ids.prod}->${ids.tools} pass`,
        `artifact-read ${ids.staging}->${ids.tools} pass`,
        `artifact-write ${ids.source}->${ids.tools} pass`,
        `assume-role ${ids.tools}->${ids.prod} pass`,
        `assume-role ${ids.tools}->${ids.source} pass`,
        `assume-role ${ids.tools}->${ids.staging} pass`,
        `event-forwarding ${ids.source}->${ids.tools} pass`,
      ].sort(),
    );
    for (const e of d.edges)
      assert.ok(e.total > 0, `${e.kind} to ${e.to.join()} is proven by at least one row`);
    assert.deepEqual(
      d.columns.map((c) => [c.title, c.approval]),
      [
        ['Source', false],
        ['Build', false],
        ['staging', false],
        ['prod', true],
      ],
    );
  });

  void it('marks an edge failed when one of its rows fails, and only that edge', () => {
    const verify = failing(four.verify, (s) => s.startsWith('deploy.prod.') && s.endsWith('.read'));
    assert.ok(verify.counts.failed > 0, 'the fixture has failing read rows for prod');
    const d = buildDiagram({ ...four.input, verify });
    const failed = d.edges.filter((e) => e.status === 'fail');
    assert.deepEqual(
      failed.map((e) => [e.kind, e.from]),
      [['artifact-read', [ids.prod]]],
    );
  });

  void it('marks every edge unverified when verify has not run, and says so on the page', () => {
    const input: ReportInput = { ...four.input, verify: undefined };
    assert.ok(buildDiagram(input).edges.every((e) => e.status === 'unverified'));
    const html = renderReport(input);
    assert.match(html, /Verify has not run/);
    assert.match(html, /verify not run/);
  });

  void it('groups the 50 targets into one lane per stage, with counts on the edges', () => {
    const p = pipelineOf(FIFTY);
    const d = buildDiagram({ subject: p, verify: fakeVerify(p) });
    const groups = d.lanes.filter((l) => l.kind === 'target-group');
    assert.deepEqual(
      groups.map((g) => [g.title, g.accounts.length]),
      [
        ['dev', 10],
        ['staging', 15],
        ['prod', 25],
      ],
    );
    assert.equal(d.lanes.length, 5, 'source, tools and three stage lanes');
    const prodAssume = d.edges.find((e) => e.kind === 'assume-role' && e.lane === groups[2]?.id);
    assert.equal(prodAssume?.to.length, 25);
    assert.equal(prodAssume?.total, 25);
    assert.equal(prodAssume?.status, 'pass');
  });

  void it('highlights the edges and rows a finding is about', () => {
    const html = renderReport({
      ...four.input,
      mode: 'live',
      findings: [
        {
          severity: 'error',
          step: 'deploy.prod',
          title: 'prod deploy role trust',
          detail: 'the trust names role/*',
          fix: 'pin the pipeline role',
          account: ids.prod,
        },
      ],
    });
    const d = buildDiagram({
      ...four.input,
      findings: [{ severity: 'error', step: 'deploy.prod', title: 't', detail: 'd', fix: 'f' }],
    });
    const marked = d.edges.filter((e) => e.finding === 'error');
    assert.ok(
      marked.length >= 2 &&
        marked.every((e) => e.from.includes(ids.prod) || e.to.includes(ids.prod)),
    );
    assert.match(html, /<section id="findings">/);
    assert.match(html, /Findings<\/[^>]+>[^]*?1 \(1 error\)/, 'the card counts errors in words');
    assert.match(
      html,
      /policy read from the live accounts/,
      'a live page does not claim crossline made its policies',
    );
    assert.doesNotMatch(renderReport(four.input), /policy read from the live accounts/);
    assert.match(html, /data-lane="target"[^>]*data-accounts="444444444444" data-finding="error"/);
    // The access rows are data the page script builds (section-access.ts, AccessRow).
    const data = accessDataOf(html);
    const flagged = data.rows.filter((r) => r[9] >= 0);
    assert.ok(flagged.length > 0, 'rows of deploy.prod carry the finding');
    for (const r of flagged) {
      assert.equal(data.s[r[9]], 'error');
      assert.match(data.s[r[1]] ?? '', /^deploy\.prod\./);
    }
  });
});

void describe('report page', () => {
  void it('is deterministic and has no timestamp', () => {
    const a = renderReport(four.input);
    const b = renderReport(realRun(FOUR).input);
    assert.equal(a, b);
    assert.doesNotMatch(a, /\b20\d\d-\d\d-\d\dT/);
  });

  void it('carries every access row as compact data: the 50-target page stays under 1 MB', () => {
    const fifty = realRun(FIFTY);
    const html = renderReport(fifty.input);
    const data = accessDataOf(html);
    assert.equal(data.rows.length, fifty.verify.rows.length);
    const first = fifty.verify.rows[0];
    const row = data.rows[0];
    assert.ok(first && row);
    assert.deepEqual(
      [row[0], data.s[row[1]], data.s[row[3]], data.s[row[5]], data.s[row[6]], data.s[row[10]]],
      [first.ok ? 1 : 0, first.step, first.principal, first.action, first.resource, first.reason],
    );
    const size = Buffer.byteLength(html);
    assert.ok(size < 1024 * 1024, `50-target report is ${size} bytes`);
  });

  void it('keeps the 4-account page under 300 KB', () => {
    const size = Buffer.byteLength(renderReport(four.input));
    assert.ok(size < 300 * 1024, `4-account report is ${size} bytes`);
  });

  void it('loads nothing from anywhere: no external src/href, a CSP that forbids it', () => {
    const html = renderReport(four.input);
    assert.doesNotMatch(html, /\s(src|srcset)=/i);
    assert.doesNotMatch(html, /<link\b/i);
    assert.doesNotMatch(html, /@import|url\((?!#)/i, 'only same-document url(#…) references');
    assert.match(html, /default-src 'none'/);
    for (const m of html.matchAll(/href="([^"]*)"/g))
      assert.match(m[1] ?? '', /^(#|https:\/\/)/, `href ${m[1]}`);
  });

  void it('renders every policy statement with its reason, and the deploy order in waves', () => {
    const html = renderReport(four.input);
    for (const p of four.synth.policies) {
      assert.ok(html.includes(`data-policy="${p.name}"`), `policy ${p.name} shown`);
      for (const s of p.document.Statement)
        if (s.Sid && p.reasons[s.Sid]) assert.ok(html.includes(`data-sid="${s.Sid}"`));
    }
    const waves = deployWaves(four.synth.plan);
    const kinds = new Map(four.synth.plan.stacks.map((s) => [s.id, s.kind]));
    for (const [id, wave] of waves) {
      const kind = kinds.get(id);
      if (kind === 'artifacts') assert.equal(wave, 1);
      if (kind === 'source' || kind === 'target') assert.equal(wave, 2);
      if (kind === 'pipeline') assert.equal(wave, 3);
    }
  });

  void it('escapes every interpolated string (names, reasons, policies, findings)', () => {
    const html = renderReport(xssInput());
    assert.equal(
      html.match(/<script\b/g)?.length,
      3,
      'the page script and two JSON data blocks only',
    );
    assert.doesNotMatch(html, /<img/i);
    assert.doesNotMatch(html, /<script>alert/i);
    assert.doesNotMatch(html, /<\/script><b/i);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });
});

void describe('report files and Mermaid', () => {
  void it('writes report.html and diagram.mmd', () => {
    const files = reportFiles(four.input);
    assert.deepEqual([...files.keys()].sort(), ['diagram.mmd', 'report.html']);
  });

  void it('draws the same lanes and edges in Mermaid, with verdicts', () => {
    const mmd = renderMermaid(four.input);
    assert.match(mmd, /^flowchart TB$/m);
    for (const title of [
      'source · 222222222222',
      'tools · 111111111111',
      'staging · 333333333333',
      'prod · 444444444444',
    ]) {
      assert.ok(mmd.includes(`["${title}"]`), `subgraph ${title}`);
    }
    assert.equal(mmd.match(/-->\|"✔ assume role"\|/g)?.length, 3);
    assert.match(mmd, /-\.->\|"✔ write artifacts"\| col_source/);
    assert.equal(mmd.match(/linkStyle \d+ stroke:#17b26a/g)?.length, 7);
  });

  void it('escapes quotes and brackets in Mermaid labels', () => {
    const mmd = renderMermaid(xssInput());
    assert.doesNotMatch(mmd, /<script/);
    assert.match(mmd, /#lt;script#gt;/);
    for (const line of mmd.split('\n'))
      assert.equal((line.match(/"/g)?.length ?? 0) % 2, 0, `balanced quotes: ${line}`);
  });

  void it('lists the accounts of a stage group compactly', () => {
    const p = pipelineOf(FIFTY);
    const mmd = renderMermaid({ subject: p, ...fakeSynth(p) });
    assert.match(mmd, /group_2_accounts\["prod01 200000000026 · prod02/);
    assert.match(mmd, /\? assume role/);
  });
});
