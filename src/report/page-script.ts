/**
 * The page's only script: filters and row expansion for the access table, "expand all" for
 * policies, and a click on a diagram edge filters the table to that edge's account. Plain
 * ES2017, no dependencies, no network, and it does nothing when a section is absent.
 *
 * With `regions` (targets in several regions) the rows also group by the region they act in
 * (`deploy @ eu-west-1`) and a Region filter applies; without, the script is the one-region
 * script, byte for byte.
 */
/**
 * How many passing allowed rows an open group shows before its "more" row: at 1024 px a
 * row of two ARNs is about 100 px tall, and the page stays a few screens long with the
 * groups of a 4-account script open (test/report/browser.test.ts measures it).
 */
export const PREVIEW_ROWS = 3;

export function pageScript(regions: boolean): string {
  const PREVIEW = PREVIEW_ROWS;
  const on = (code: string): string => (regions ? code : '');
  return `(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var account = $('f-account'), verdict = $('f-verdict'), expect = $('f-expect'), search = $('f-search'), count = $('f-count')${on(", region = $('f-region')")};
  function data(id) {
    var el = $(id);
    try { return el ? JSON.parse(el.textContent) : null; } catch (e) { return null; }
  }
  // The access rows arrive as compact data (section-access.ts, AccessRow): strings once in
  // access.s, each row an array of indices. They are built here, with textContent only.
  var access = data('access-data') || { s: [], a: {}, rows: [] };
  var S = access.s;
  var docs = data('policy-docs') || {};
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function cell(row, child, cls) {
    var td = el('td', undefined, cls);
    if (child) td.appendChild(child);
    row.appendChild(td);
    return td;
  }
  function arn(row, text, acct) {
    var td = cell(row, undefined, 'arn');
    // Break opportunities after the ARN's separators only, never inside a name.
    text.split(/(?<=[:\\/])/).forEach(function (part, k) {
      if (k) td.appendChild(document.createElement('wbr'));
      td.appendChild(document.createTextNode(part));
    });
    td.appendChild(el('i', S[access.a[acct]]));
  }
  function build(d, i) {
    var v = d[0] === 1 ? 'pass' : 'fail', exp = S[d[2]];
    var r = el('tr', undefined, 'row ' + v);
    r.tabIndex = 0;
    r.setAttribute('aria-expanded', 'false');
    r.setAttribute('aria-controls', 'c' + i);
    r.setAttribute('data-accounts', d[4] === d[7] ? S[d[4]] : S[d[4]] + ' ' + S[d[7]]);
    r.setAttribute('data-verdict', v);
    r.setAttribute('data-expect', exp);
    if (d[9] >= 0) r.setAttribute('data-finding', S[d[9]]);${on("\n    r.setAttribute('data-region', access.g && access.g[i] >= 0 ? S[access.g[i]] : 'global');")}
    cell(r, undefined, 'tg');
    cell(r, el('b', d[0] === 1 ? '\u2714 pass' : '\u2718 fail', 'badge b-' + v));
    // Steps break after their dots (and a stack's '/'), never inside a name.
    var code = el('code');
    S[d[1]].split(/(?<=[./])/).forEach(function (part, k) {
      if (k) code.appendChild(document.createElement('wbr'));
      code.appendChild(document.createTextNode(part));
    });
    cell(r, code);
    cell(r, el('b', exp, 'badge b-' + exp));
    arn(r, S[d[3]], d[4]);
    cell(r, el('code', S[d[5]]));
    arn(r, S[d[6]], d[7]);
    cell(r, undefined).textContent = S[d[8]];
    return r;
  }
  var tbody = $('access-rows');
  var rows = access.rows.map(build);
  // Rows are grouped by step. Failures and the requests that must be allowed show (the first
  // PREVIEW of a group's passing ones; the rest behind a "more" row, so the page stays a few
  // screens long); the requests denied as expected fold into one summary row per group.
  var PREVIEW = ${PREVIEW};
  var groups = [], byStep = {};
  rows.forEach(function (r, i) {
    // A group is a phase (the step's first word); negative checks by what they probe (a
    // target's stack follows a '/': negative.prod/app.hop is in negative.prod).
    var words = S[access.rows[i][1]].split(/[./]/), step = words.slice(0, words[0] === 'negative' ? 2 : 1).join('.')${on(" + (access.g && access.g[i] >= 0 ? ' @ ' + S[access.g[i]] : '')")}, g = byStep[step];
    if (!g) { g = byStep[step] = { step: step, negative: words[0] === 'negative', rows: [], shown: [], folded: [], fail: 0 }; groups.push(g); }
    g.rows.push(r);
    if (r.getAttribute('data-verdict') === 'fail') g.fail++;
    else if (r.getAttribute('data-expect') === 'deny') { g.folded.push(r); r.setAttribute('data-folded', 'true'); }
    else g.shown.push(r);
  });
  groups.forEach(function (g) {
    g.more = g.shown.length > PREVIEW + 1 ? g.shown.slice(PREVIEW) : [];
    g.more.forEach(function (r) { r.setAttribute('data-more', 'true'); });
  });
  function headRow(text, cls) {
    var h = el('tr', undefined, cls);
    h.tabIndex = 0;
    var td = el('td');
    td.colSpan = 8;
    td.appendChild(el('span', undefined, 'tw'));
    td.appendChild(document.createTextNode(text));
    h.appendChild(td);
    return h;
  }
  groups.forEach(function (g) {
    var n = g.rows.length;
    g.head = headRow(g.step + ' \u2014 ' + n + ' check' + (n === 1 ? '' : 's') + (g.fail ? ', ' + g.fail + ' failed' : ', all pass') + (g.folded.length ? ' (' + g.folded.length + ' denied as expected)' : ''), 'group' + (g.fail ? ' fail' : ''));
    // Open by default: the groups of requests that must be allowed, and a group with a
    // failure, so the failure shows. Negative groups start collapsed, their summary in the head.
    g.head.setAttribute('aria-expanded', g.fail || !g.negative ? 'true' : 'false');
    g.head.setAttribute('data-step', g.step);
    if (g.more.length) {
      g.moreRow = headRow(g.more.length + ' more allowed request' + (g.more.length === 1 ? '' : 's'), 'fold more');
      g.moreRow.setAttribute('aria-expanded', 'false');
      g.moreRow.setAttribute('data-step', g.step);
    }
    if (g.folded.length) {
      g.fold = headRow(g.folded.length + ' request' + (g.folded.length === 1 ? '' : 's') + ' denied as expected', 'fold');
      g.fold.setAttribute('aria-expanded', 'false');
      g.fold.setAttribute('data-step', g.step);
    }
  });
  if (tbody) {
    var frag = document.createDocumentFragment();
    groups.forEach(function (g) {
      frag.appendChild(g.head);
      g.rows.forEach(function (r) { if (!r.hasAttribute('data-folded') && !r.hasAttribute('data-more')) frag.appendChild(r); });
      if (g.moreRow) frag.appendChild(g.moreRow);
      g.more.forEach(function (r) { frag.appendChild(r); });
      if (g.fold) frag.appendChild(g.fold);
      g.folded.forEach(function (r) { frag.appendChild(r); });
    });
    tbody.appendChild(frag);
  }
  // Text with its http(s) URLs as links (no referrer), everything else as text nodes.
  function linked(parent, text) {
    String(text).split(/(https?:\\/\\/[^\\s"'<>\\x60]+[^\\s"'<>\\x60.,;:!?)\\]])/).forEach(function (part, k) {
      if (k % 2 === 0) { if (part) parent.appendChild(document.createTextNode(part)); return; }
      var a = el('a', part); a.setAttribute('href', part); a.setAttribute('rel', 'noreferrer'); parent.appendChild(a);
    });
  }
  // A row's details are built on first expansion, from data, with textContent only.
  function fill(row, target) {
    var d = access.rows[Number(row.getAttribute('aria-controls').slice(1))];
    if (!d || target.firstChild) return;
    var dl = el('dl', undefined, 'kv');
    function item(label, content) { dl.appendChild(el('dt', label)); var dd = el('dd'); content(dd); dl.appendChild(dd); }
    item('Reason', function (dd) { linked(dd, S[d[10]]); });
    item('Deciding', function (dd) {
      var x = d[12];
      if (!x.length) dd.appendChild(el('span', 'no statement applies (implicit deny)', 'muted'));
      for (var k = 0; k < x.length; k += 4) {
        var line = el('div'), effect = S[x[k]];
        line.appendChild(el('b', effect, 'effect-' + (effect === 'Deny' ? 'Deny' : 'Allow')));
        line.appendChild(document.createTextNode(' '));
        var a = el('a', S[x[k + 1]]); a.setAttribute('href', '#' + S[x[k + 3]]); line.appendChild(a);
        line.appendChild(document.createTextNode(' '));
        line.appendChild(el('code', S[x[k + 2]]));
        dd.appendChild(line);
      }
    });
    item('Context', function (dd) {
      var x = d[13];
      if (!x.length) dd.appendChild(el('span', 'none', 'muted'));
      for (var k = 0; k < x.length; k += 2) {
        var line = el('div'); line.appendChild(el('code', S[x[k]])); line.appendChild(document.createTextNode(' = ')); line.appendChild(el('code', S[x[k + 1]]));
        dd.appendChild(line);
      }
    });
    item('Source', function (dd) {
      var a = el('a', '[' + d[11] + ']'); a.setAttribute('href', '#src-' + d[11]); dd.appendChild(a);
      // The list is folded (section-access.ts): open it so the link lands on its item.
      a.addEventListener('click', function () { var list = $('sources'); if (list) list.open = true; });
      var li = $('src-' + d[11]); if (li) dd.appendChild(document.createTextNode(' ' + li.textContent));
    });
    target.appendChild(dl);
  }
  function detailOf(row) { return $(row.getAttribute('aria-controls')); }
  function apply() {
    if (!account) return;
    var a = account.value, v = verdict.value, e = expect.value, t = search.value.trim().toLowerCase()${on(", G = region ? region.value : ''")}, shown = 0;
    // A filter shows every match; without one, the folds and collapsed groups apply.
    var filtered = !!(a || v || e || t${on(' || G')});
    groups.forEach(function (g) {
      var open = g.head.getAttribute('aria-expanded') === 'true', unfolded = !g.fold || g.fold.getAttribute('aria-expanded') === 'true', all = !g.moreRow || g.moreRow.getAttribute('aria-expanded') === 'true', any = 0;
      g.rows.forEach(function (r) {
        var ok = (!a || (' ' + r.getAttribute('data-accounts') + ' ').indexOf(' ' + a + ' ') >= 0) &&
          (!v || r.getAttribute('data-verdict') === v) &&
          (!e || r.getAttribute('data-expect') === e) &&
          (!t || r.textContent.toLowerCase().indexOf(t) >= 0)${on(" &&\n          (!G || r.getAttribute('data-region') === G)")};
        if (ok) { shown++; any++; }
        var visible = ok && (filtered || (open && (unfolded || !r.hasAttribute('data-folded')) && (all || !r.hasAttribute('data-more'))));
        r.hidden = !visible;
        var d = detailOf(r);
        if (d) d.hidden = !visible || r.getAttribute('aria-expanded') !== 'true';
      });
      g.head.hidden = !any;
      if (g.fold) g.fold.hidden = filtered || !open;
      if (g.moreRow) g.moreRow.hidden = filtered || !open;
    });
    count.textContent = 'Showing ' + shown + ' of ' + rows.length + ' checks';
  }
  function toggle(row) {
    var open = row.getAttribute('aria-expanded') !== 'true';
    row.setAttribute('aria-expanded', open ? 'true' : 'false');
    var d = detailOf(row);
    if (!d && open) {
      d = el('tr', undefined, 'detail');
      d.id = row.getAttribute('aria-controls');
      var td = el('td');
      td.colSpan = row.children.length;
      d.appendChild(td);
      row.parentNode.insertBefore(d, row.nextSibling);
      fill(row, td);
    }
    if (d) d.hidden = !open;
  }
  rows.forEach(function (r) {
    r.addEventListener('click', function () { toggle(r); });
    r.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); toggle(r); }
    });
  });
  function flip(h) {
    h.setAttribute('aria-expanded', h.getAttribute('aria-expanded') === 'true' ? 'false' : 'true');
    apply();
  }
  groups.forEach(function (g) {
    [g.head, g.moreRow, g.fold].forEach(function (h) {
      if (!h) return;
      h.addEventListener('click', function () { flip(h); });
      h.addEventListener('keydown', function (ev) {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); flip(h); }
      });
    });
  });
  [account, verdict, expect${on(', region')}].forEach(function (el) { if (el) el.addEventListener('change', apply); });
  if (search) search.addEventListener('input', apply);
  var reset = $('f-reset');
  if (reset) reset.addEventListener('click', function () {
    account.value = ''; verdict.value = ''; expect.value = ''; search.value = '';${on(" if (region) region.value = '';")} apply();
  });
  Array.prototype.slice.call(document.querySelectorAll('.dg .edge[data-focus]')).forEach(function (edge) {
    function focusRows() {
      if (!account) return;
      account.value = edge.getAttribute('data-focus'); verdict.value = ''; expect.value = 'allow'; search.value = '';${on(" if (region) region.value = '';")}
      apply();
      var section = $('access');
      if (section && section.scrollIntoView) section.scrollIntoView({ block: 'start' });
    }
    edge.addEventListener('click', focusRows);
    edge.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') focusRows(); });
  });
  Array.prototype.slice.call(document.querySelectorAll('details.raw[data-doc]')).forEach(function (raw) {
    raw.addEventListener('toggle', function () {
      var pre = raw.querySelector('pre');
      var doc = docs[raw.getAttribute('data-doc')];
      if (raw.open && pre && !pre.textContent && doc) pre.textContent = JSON.stringify(doc, null, 2);
    });
  });
  var expandAll = $('policies-toggle');
  if (expandAll) expandAll.addEventListener('click', function () {
    var all = Array.prototype.slice.call(document.querySelectorAll('details.policy, details.account-group'));
    var open = all.some(function (d) { return !d.open; });
    all.forEach(function (d) { d.open = open; });
    expandAll.textContent = open ? 'Collapse all' : 'Expand all';
  });
  apply();
})();`;
}
