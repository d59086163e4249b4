// The SQL console: editor, schema browser, results with pages, downloads,
// saved queries, history and examples. The server decides what may run.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('console-data').textContent);
  var L = D.labels, lang = D.lang;
  var $ = function (id) { return document.getElementById(id); };
  var numFmt = new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'vi-VN', { maximumFractionDigits: 12 });
  var pageSize = 100, result = null, page = 0, editor = null;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function getSQL() { return editor ? editor.state.doc.toString() : $('sql-text').value; }
  function setSQL(s) {
    if (editor) { editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: s } }); editor.focus(); }
    else { $('sql-text').value = s; }
  }
  function insert(s) {
    if (editor) { editor.dispatch(editor.state.replaceSelection(s)); editor.focus(); }
    else { var t = $('sql-text'); t.setRangeText(s, t.selectionStart, t.selectionEnd, 'end'); t.focus(); }
  }
  function api(path, opts) {
    opts = opts || {};
    opts.credentials = 'same-origin';
    opts.headers = Object.assign({ 'X-CSRF-Token': (window.ctCSRF ? window.ctCSRF() : '') }, opts.headers || {});
    return fetch(path, opts);
  }

  function showError(msg) {
    $('results').textContent = '';
    $('pager').hidden = true;
    $('results').appendChild(el('p', { 'class': 'error', role: 'alert' }, L['sql.error'] + ': ' + msg));
    $('status').textContent = '';
  }

  function cell(v) {
    if (v === null || v === undefined) { return el('td', { 'class': 'null' }, 'NULL'); }
    if (typeof v === 'number') { return el('td', { 'class': 'num' }, numFmt.format(v)); }
    if (typeof v === 'object') { return el('td', {}, JSON.stringify(v)); }
    return el('td', {}, String(v));
  }

  function renderPage() {
    var t = el('table', { id: 'result-table' });
    var hr = el('tr');
    result.columns.forEach(function (c) { var th = el('th', { title: c.type }, c.name); hr.appendChild(th); });
    t.appendChild(el('thead')).appendChild(hr);
    var tb = t.appendChild(el('tbody'));
    result.rows.slice(page * pageSize, (page + 1) * pageSize).forEach(function (r) {
      var tr = el('tr');
      r.forEach(function (v) { tr.appendChild(cell(v)); });
      tb.appendChild(tr);
    });
    $('results').textContent = '';
    $('results').appendChild(t);
    var pages = Math.max(1, Math.ceil(result.rows.length / pageSize));
    $('pager').hidden = pages <= 1;
    $('page').textContent = (page + 1) + ' / ' + pages;
    $('prev').disabled = page === 0;
    $('next').disabled = page >= pages - 1;
  }

  function run() {
    var sql = getSQL();
    var started = performance.now();
    $('status').textContent = '…';
    api('/api/sql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sql: sql }) })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (res) {
        loadHistory();
        if (!res.ok) { showError(res.body.error); return; }
        result = res.body;
        page = 0;
        renderPage();
        var ms = Math.round(performance.now() - started);
        $('status').textContent = numFmt.format(result.rows.length) + ' ' + L['sql.rows'] + ' · ' + L['sql.took'] + ' ' +
          numFmt.format(ms) + ' ms' + (result.truncated ? ' · ' + L['sql.truncated'] : '');
      }, function (e) { showError(String(e)); });
  }

  function download(format) {
    api('/api/sql?format=' + format, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sql: getSQL() }) })
      .then(function (r) {
        if (!r.ok) { return r.json().then(function (b) { showError(b.error); }); }
        return r.blob().then(function (b) {
          var a = el('a', { href: URL.createObjectURL(b), download: 'chitieu-query.' + (format === 'arrow' ? 'arrows' : format) });
          document.body.appendChild(a);
          a.click();
          setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
        });
      });
  }

  function renderSchema(objs) {
    var box = $('schema');
    box.textContent = '';
    var complete = {};
    objs.forEach(function (o) {
      var d = el('details', { 'class': 'schema-obj' });
      var s = el('summary', { title: o.comment || '' }, o.name + ' ');
      s.appendChild(el('span', { 'class': 'type' }, o.kind + (o.params ? '(' + o.params.join(', ') + ')' : '')));
      s.addEventListener('dblclick', function () { insert(o.name); });
      d.appendChild(s);
      if (o.comment) { d.appendChild(el('span', { 'class': 'comment' }, o.comment)); }
      var ul = el('ul');
      (o.columns || []).forEach(function (c) {
        var li = el('li', { title: c.comment || '' });
        var a = el('a', { href: '#', 'data-insert': c.name }, c.name);
        a.addEventListener('click', function (ev) { ev.preventDefault(); insert(c.name); });
        li.appendChild(a);
        li.appendChild(el('span', { 'class': 'type' }, ' ' + c.type));
        if (c.comment) { li.appendChild(el('span', { 'class': 'comment' }, c.comment)); }
        ul.appendChild(li);
      });
      d.appendChild(ul);
      box.appendChild(d);
      complete[o.name] = (o.columns || []).map(function (c) { return c.name; });
    });
    return complete;
  }

  function listInto(ul, items, render) {
    ul.textContent = '';
    if (!items.length) { ul.appendChild(el('li', { 'class': 'meta' }, L['sql.none'])); return; }
    items.forEach(function (it) { ul.appendChild(render(it)); });
  }

  function loadSaved() {
    api('/api/queries').then(function (r) { return r.json(); }).then(function (b) {
      listInto($('saved'), b.queries || [], function (q) {
        var li = el('li');
        var a = el('a', { href: '#', title: (q.description || '') + ' — ' + q.owner + (q.shared ? ', ' + L['sql.shared'] : '') }, q.name);
        a.addEventListener('click', function (ev) { ev.preventDefault(); setSQL(q.sql); });
        li.appendChild(a);
        if (q.mine) {
          var del = el('button', { type: 'button', 'aria-label': L['sql.delete'] + ' ' + q.name }, '×');
          del.addEventListener('click', function () { api('/api/queries/' + q.id, { method: 'DELETE' }).then(loadSaved); });
          li.appendChild(document.createTextNode(' '));
          li.appendChild(del);
        }
        return li;
      });
    });
  }

  function loadHistory() {
    api('/api/sql/history').then(function (r) { return r.json(); }).then(function (b) {
      listInto($('history'), b.history || [], function (h) {
        var li = el('li');
        var a = el('a', { href: '#', title: h.outcome + ', ' + (h.rows || 0) + ' ' + L['sql.rows'] }, h.detail.slice(0, 80));
        a.addEventListener('click', function (ev) { ev.preventDefault(); setSQL(h.detail); });
        li.appendChild(a);
        return li;
      });
    });
  }

  listInto($('examples'), D.examples, function (x) {
    var li = el('li');
    var a = el('a', { href: '#' }, x.name);
    a.addEventListener('click', function (ev) { ev.preventDefault(); setSQL(x.sql); });
    li.appendChild(a);
    return li;
  });

  $('run').addEventListener('click', run);
  $('sql-text').addEventListener('keydown', function (ev) { if ((ev.ctrlKey || ev.metaKey) && ev.key === 'Enter') { ev.preventDefault(); run(); } });
  document.querySelectorAll('[data-download]').forEach(function (b) {
    b.addEventListener('click', function () { download(b.getAttribute('data-download')); });
  });
  $('prev').addEventListener('click', function () { page--; renderPage(); });
  $('next').addEventListener('click', function () { page++; renderPage(); });
  $('save').addEventListener('click', function () { $('save-form').hidden = !$('save-form').hidden; });
  $('save-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var f = ev.target;
    api('/api/queries', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: f.name.value, description: f.description.value, sql: getSQL(), shared: f.shared.checked }) })
      .then(function (r) { if (r.ok) { f.hidden = true; f.reset(); loadSaved(); } else { r.json().then(function (b) { showError(b.error); }); } });
  });
  $('chart-this').addEventListener('click', function () {
    if (!result) { run(); return; }
    sessionStorage.setItem('chitieu.chart.data', JSON.stringify({ columns: result.columns, rows: result.rows.slice(0, 5000), sql: getSQL() }));
    window.location.href = '/compare?source=sql&lang=' + lang;
  });

  api('/api/schema').then(function (r) { return r.json(); }).then(function (b) {
    var complete = renderSchema(b.objects || []);
    if (window.ctSQLEditor) {
      var text = $('sql-text').value;
      $('editor').textContent = '';
      editor = window.ctSQLEditor($('editor'), text, complete, run);
    }
  }, function () { /* the text box stays */ });
  loadSaved();
  loadHistory();
})();
