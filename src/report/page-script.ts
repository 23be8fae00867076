/**
 * The page's only script: filters and row expansion for the access table, "expand all" for
 * policies, and a click on a diagram edge filters the table to that edge's account. Plain
 * ES2017, no dependencies, no network, and it does nothing when a section is absent.
 */
export const PAGE_SCRIPT = `(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var account = $('f-account'), verdict = $('f-verdict'), expect = $('f-expect'), search = $('f-search'), count = $('f-count');
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
    td.appendChild(document.createTextNode(text));
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
    if (d[9] >= 0) r.setAttribute('data-finding', S[d[9]]);
    cell(r, undefined, 'tg');
    cell(r, el('b', d[0] === 1 ? '\u2714 pass' : '\u2718 fail', 'badge b-' + v));
    cell(r, el('code', S[d[1]]));
    cell(r, el('b', exp, 'badge b-' + exp));
    arn(r, S[d[3]], d[4]);
    cell(r, el('code', S[d[5]]));
    arn(r, S[d[6]], d[7]);
    cell(r, undefined).textContent = S[d[8]];
    return r;
  }
  var tbody = $('access-rows');
  var rows = access.rows.map(build);
  if (tbody) {
    var frag = document.createDocumentFragment();
    rows.forEach(function (r) { frag.appendChild(r); });
    tbody.appendChild(frag);
  }
  // A row's details are built on first expansion, from data, with textContent only.
  function fill(row, target) {
    var d = access.rows[Number(row.getAttribute('aria-controls').slice(1))];
    if (!d || target.firstChild) return;
    var dl = el('dl', undefined, 'kv');
    function item(label, content) { dl.appendChild(el('dt', label)); var dd = el('dd'); content(dd); dl.appendChild(dd); }
    item('Reason', function (dd) { dd.textContent = S[d[10]]; });
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
      var li = $('src-' + d[11]); if (li) dd.appendChild(document.createTextNode(' ' + li.textContent));
    });
    target.appendChild(dl);
  }
  function detailOf(row) { return $(row.getAttribute('aria-controls')); }
  function apply() {
    if (!account) return;
    var a = account.value, v = verdict.value, e = expect.value, t = search.value.trim().toLowerCase(), shown = 0;
    rows.forEach(function (r) {
      var ok = (!a || (' ' + r.getAttribute('data-accounts') + ' ').indexOf(' ' + a + ' ') >= 0) &&
        (!v || r.getAttribute('data-verdict') === v) &&
        (!e || r.getAttribute('data-expect') === e) &&
        (!t || r.textContent.toLowerCase().indexOf(t) >= 0);
      r.hidden = !ok;
      var d = detailOf(r);
      if (d) d.hidden = !ok || r.getAttribute('aria-expanded') !== 'true';
      if (ok) shown++;
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
  [account, verdict, expect].forEach(function (el) { if (el) el.addEventListener('change', apply); });
  if (search) search.addEventListener('input', apply);
  var reset = $('f-reset');
  if (reset) reset.addEventListener('click', function () {
    account.value = ''; verdict.value = ''; expect.value = ''; search.value = ''; apply();
  });
  Array.prototype.slice.call(document.querySelectorAll('.dg .edge[data-focus]')).forEach(function (edge) {
    function focusRows() {
      if (!account) return;
      account.value = edge.getAttribute('data-focus'); verdict.value = ''; expect.value = 'allow'; search.value = '';
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
    var all = Array.prototype.slice.call(document.querySelectorAll('details.policy'));
    var open = all.some(function (d) { return !d.open; });
    all.forEach(function (d) { d.open = open; });
    expandAll.textContent = open ? 'Collapse all' : 'Expand all';
  });
  apply();
})();`;
