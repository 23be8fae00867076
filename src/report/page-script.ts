/**
 * The page's only script: filters and row expansion for the access table, "expand all" for
 * policies, and a click on a diagram edge filters the table to that edge's account. Plain
 * ES2017, no dependencies, no network, and it does nothing when a section is absent.
 */
export const PAGE_SCRIPT = `(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.row'));
  var account = $('f-account'), verdict = $('f-verdict'), expect = $('f-expect'), search = $('f-search'), count = $('f-count');
  function data(id) {
    var el = $(id);
    try { return el ? JSON.parse(el.textContent) : null; } catch (e) { return null; }
  }
  var details = data('access-details') || [];
  var docs = data('policy-docs') || {};
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  // A row's details are built on first expansion, from data, with textContent only.
  function fill(row, cell) {
    var d = details[Number(row.getAttribute('aria-controls').slice(1))];
    if (!d || cell.firstChild) return;
    var dl = el('dl', undefined, 'kv');
    function item(label, content) { dl.appendChild(el('dt', label)); var dd = el('dd'); content(dd); dl.appendChild(dd); }
    item('Reason', function (dd) { dd.textContent = d.r; });
    item('Deciding', function (dd) {
      if (!d.d.length) dd.appendChild(el('span', 'no statement applies (implicit deny)', 'muted'));
      d.d.forEach(function (x) {
        var line = el('div');
        line.appendChild(el('b', x[0], 'effect-' + (x[0] === 'Deny' ? 'Deny' : 'Allow')));
        line.appendChild(document.createTextNode(' '));
        var a = el('a', x[1]); a.setAttribute('href', '#' + x[3]); line.appendChild(a);
        line.appendChild(document.createTextNode(' '));
        line.appendChild(el('code', x[2]));
        dd.appendChild(line);
      });
    });
    item('Context', function (dd) {
      if (!d.c.length) dd.appendChild(el('span', 'none', 'muted'));
      d.c.forEach(function (x) {
        var line = el('div'); line.appendChild(el('code', x[0])); line.appendChild(document.createTextNode(' = ')); line.appendChild(el('code', x[1]));
        dd.appendChild(line);
      });
    });
    item('Source', function (dd) {
      var a = el('a', '[' + d.s + ']'); a.setAttribute('href', '#src-' + d.s); dd.appendChild(a);
      var li = $('src-' + d.s); if (li) dd.appendChild(document.createTextNode(' ' + li.textContent));
    });
    cell.appendChild(dl);
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
      var cell = el('td');
      cell.colSpan = row.children.length;
      d.appendChild(cell);
      row.parentNode.insertBefore(d, row.nextSibling);
      fill(row, cell);
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
