// The load page: check the chosen files with a dry run, show what would be
// inserted, changed or refused, and load them on confirmation.
(function () {
  'use strict';
  var form = document.getElementById('load-form');
  if (!form) { return; }
  var out = document.getElementById('load-report');
  var L = JSON.parse(document.getElementById('load-labels').textContent);
  var lang = form.getAttribute('data-lang') || 'vi';
  var num = function (v) { return window.ctFmt ? window.ctFmt(v, 'num', lang) : String(v); };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function query(dry) {
    var q = new URLSearchParams();
    if (dry) { q.set('dry_run', 'true'); }
    ['locale', 'unit', 'indicator'].forEach(function (k) { if (form.elements[k].value) { q.set(k, form.elements[k].value.trim()); } });
    form.elements.sheet.value.split(',').forEach(function (s) { if (s.trim()) { q.append('sheet', s.trim()); } });
    ['create_missing', 'partial'].forEach(function (k) { if (form.elements[k].checked) { q.set(k, 'true'); } });
    if (form.elements.strict && form.elements.strict.checked) { q.set('strict', 'true'); }
    q.set('lang', lang);
    q.set('page', 'true'); // messages name this page's fields, not the command's options
    return '/api/ingest?' + q.toString();
  }

  // A size as --max-upload writes it: 256 MiB, 1,5 GiB.
  function size(n) {
    var units = [['GiB', 1073741824], ['MiB', 1048576], ['KiB', 1024]];
    for (var i = 0; i < units.length; i++) {
      if (n >= units[i][1]) {
        return (n / units[i][1]).toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 }) + ' ' + units[i][0];
      }
    }
    return n + ' B';
  }

  // The upload's progress, above the report: a bar and the bytes sent.
  var box = el('div', { 'class': 'upload-progress', id: 'upload-progress', hidden: 'hidden' });
  var bar = box.appendChild(el('progress', { max: '1', value: '0' }));
  var said = box.appendChild(el('span', { 'class': 'meta' }));
  out.parentNode.insertBefore(box, out);

  function showSent(sent, total) {
    box.hidden = false;
    bar.max = total || 1;
    bar.value = sent;
    said.textContent = ' ' + L['load.uploading'] + ': ' + size(sent) + ' / ' + size(total) +
      ' (' + Math.floor(total ? sent * 100 / total : 100) + '%)';
  }

  // send posts the chosen files with XMLHttpRequest, whose upload events
  // tell how much has gone; fetch cannot.
  function send(dry) {
    var files = Array.prototype.slice.call(form.elements.file.files);
    var total = files.reduce(function (n, f) { return n + f.size; }, 0);
    var max = Number(form.getAttribute('data-max-upload')) || 0;
    if (max && total > max) {
      return Promise.resolve({ status: 413, body: { error: L['load.toolarge'].replace('%s', size(max)) } });
    }
    var fd = new FormData();
    files.forEach(function (f) { fd.append('file', f, f.name); });
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      var started = Date.now();
      xhr.open('POST', query(dry));
      xhr.setRequestHeader('X-CSRF-Token', window.ctCSRF ? window.ctCSRF() : '');
      xhr.upload.addEventListener('progress', function (e) {
        if (e.lengthComputable) { showSent(e.loaded, e.total); }
      });
      var sentLine = '';
      xhr.upload.addEventListener('load', function () {
        showSent(total, total);
        sentLine = ' ' + L['load.uploaded'].replace('%s', size(total))
          .replace('%t', ((Date.now() - started) / 1000).toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 }));
        said.textContent = sentLine + '; ' + L['load.checking'];
      });
      xhr.addEventListener('load', function () {
        if (sentLine) { said.textContent = sentLine + '.'; }
        var body;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = { error: xhr.status + ' ' + xhr.statusText }; }
        resolve({ status: xhr.status, body: body });
      });
      xhr.addEventListener('error', function () {
        resolve({ status: 0, body: { error: L['load.neterror'] } });
      });
      showSent(0, total);
      xhr.send(fd);
    });
  }

  // list shows problems or warnings by sheet, row and column, each with
  // its stable code.
  function list(box, title, cls, items, more) {
    if (!items || !items.length) { return; }
    box.appendChild(el('h4', {}, title));
    var ul = el('ul', { 'class': cls });
    items.forEach(function (p) {
      var where = [p.sheet ? '"' + p.sheet + '"' : '', p.row ? L['load.row'] + ' ' + p.row : '', p.column ? p.column : ''].filter(Boolean).join(', ');
      var li = el('li', p.code ? { 'data-code': p.code } : {}, (where ? where + ': ' : '') + p.message);
      if (p.code && cls === 'warnings') { li.appendChild(el('code', {}, ' ' + p.code)); }
      ul.appendChild(li);
    });
    if (more) { ul.appendChild(el('li', {}, '… +' + num(more))); }
    box.appendChild(ul);
  }

  // renderTable shows how a report table was read: each header cell and
  // its meaning, the rows by kind, the first figures with their cells.
  function renderTable(box, t) {
    if (t.title) { box.appendChild(el('p', {}, t.title + (t.measure ? ' (' + t.measure + ')' : ''))); }
    if (t.offer && t.offer.length) { box.appendChild(el('p', { 'class': 'meta' }, t.offer.join(', '))); }
    var d = el('details', { open: '' });
    d.appendChild(el('summary', {}, L['load.columns']));
    var ct = el('table', { 'class': 'table-columns' });
    var cb = ct.appendChild(el('tbody'));
    (t.columns || []).forEach(function (c) {
      var r = el('tr', { 'class': c.role });
      [c.column, c.header || '—', c.meaning].forEach(function (v) { r.appendChild(el('td', {}, v)); });
      cb.appendChild(r);
    });
    d.appendChild(ct);
    box.appendChild(d);
    var kinds = Object.keys(t.row_counts || {}).sort().map(function (k) { return ((t.row_kinds || {})[k] || k) + ' ' + t.row_counts[k]; });
    box.appendChild(el('p', { 'class': 'meta' }, L['load.rows'] + ': ' + kinds.join(', ')));
    if (t.first_values && t.first_values.length) {
      var fd = el('details', { open: '' });
      fd.appendChild(el('summary', {}, L['load.first'] + ' (' + num(t.values) + ')'));
      var ft = el('table', { 'class': 'table-first' });
      var fb = ft.appendChild(el('tbody'));
      t.first_values.forEach(function (v) {
        var r = el('tr');
        var field = L['col.' + v.field] || v.field;
        if (v.release && v.release !== 'official') { field += ' (' + (L['release.' + v.release] || v.release).toLowerCase() + ')'; }
        [v.row, v.label, v.indicator, v.unit, v.year, field].forEach(function (x) { r.appendChild(el('td', {}, String(x))); });
        r.appendChild(el('td', { 'class': 'num' }, num(v.value)));
        r.appendChild(el('td', {}, v.cell));
        fb.appendChild(r);
      });
      fd.appendChild(ft);
      box.appendChild(fd);
    }
    var fresh = (t.new_indicators || []).concat(t.new_units || []);
    if (fresh.length) {
      box.appendChild(el('p', { 'class': 'meta' }, L['load.newentries'] + ': ' + fresh.slice(0, 8).map(function (e) { return e.code; }).join(', ') +
        (fresh.length > 8 ? ' … +' + num(fresh.length - 8) : '')));
    }
  }

  function render(res, dry) {
    out.textContent = '';
    if (res.body.error) {
      out.appendChild(el('p', { 'class': 'banner', role: 'alert' }, L['load.failed'] + ': ' + res.body.error));
      return;
    }
    var rep = res.body;
    rep.files.forEach(function (f) {
      var box = el('div', { 'class': 'panel report-file' });
      var name = f.file + (f.sheet ? ' [' + f.sheet + ']' : '');
      box.appendChild(el('h3', { 'class': 'outcome', 'data-outcome': f.outcome }, name + ' — ' + (f.outcome_text || f.outcome)));
      box.appendChild(el('p', { 'class': 'meta' },
        num(f.rows_read) + ' ' + L['col.rows'].toLowerCase() + ' · ' + num(f.rows_inserted) + ' ' + L['load.new'] + ' · ' +
        num(f.rows_updated) + ' ' + L['load.changed'] + ' · ' + num(f.rows_unchanged) + ' ' + L['load.unchanged'] +
        (f.format ? ' · ' + f.format : '') + (f.layout ? ', ' + (L['load.layout.' + f.layout] || f.layout) : '') +
        (f.locale ? ', ' + (L['load.numbers.' + f.locale] || L['load.numbers'] + ' ' + f.locale) : '')));
      if (f.reason) { box.appendChild(el('p', { 'class': 'meta' }, f.reason)); }
      if (f.table) { renderTable(box, f.table); }
      list(box, L['load.problems'], 'problems', f.problems, f.more_problems);
      list(box, L['load.warnings'], 'warnings', f.warnings, f.more_warnings);
      if (f.changes && f.changes.length) {
        var t = el('table', { 'class': 'changes' });
        var h = el('tr');
        [L['col.year'], L['col.unit'], L['col.indicator'], '', L['col.actual'] + ' ' + L['col.old'], L['col.actual'] + ' ' + L['col.new'],
          L['col.plan'] + ' ' + L['col.old'], L['col.plan'] + ' ' + L['col.new']].forEach(function (c) { h.appendChild(el('th', {}, c)); });
        t.appendChild(el('thead')).appendChild(h);
        var tb = t.appendChild(el('tbody'));
        f.changes.forEach(function (c) {
          var r = el('tr', { 'class': c.action });
          [c.year, c.unit, c.indicator, c.action === 'insert' ? L['load.new'] : L['load.changed']].forEach(function (v) { r.appendChild(el('td', {}, v)); });
          [c.old_actual, c.new_actual, c.old_plan, c.new_plan].forEach(function (v) {
            r.appendChild(el('td', { 'class': 'num' }, v === undefined || v === null ? '' : num(v)));
          });
          tb.appendChild(r);
        });
        box.appendChild(t);
        if (f.more_changes) { box.appendChild(el('p', { 'class': 'meta' }, '… +' + num(f.more_changes))); }
      }
      out.appendChild(box);
    });
    if (dry && rep.ok) {
      // With --partial, the refused sheets are listed above and the rest load.
      var any = rep.files.some(function (f) { return f.rows_inserted + f.rows_updated > 0; });
      if (!any) { out.appendChild(el('p', {}, L['load.nothing'])); return; }
      var go = el('button', { type: 'button', id: 'load-confirm' }, L['load.confirm']);
      go.addEventListener('click', function () {
        go.disabled = true;
        send(false).then(function (res) {
          render(res, false);
          if (res.body.ok) {
            out.insertBefore(el('p', { 'class': 'banner ok', role: 'status' }, L['load.done']), out.firstChild);
            setTimeout(function () { window.location.reload(); }, 1500);
          }
        });
      });
      out.appendChild(go);
    }
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    out.textContent = '…';
    send(true).then(function (res) { render(res, true); }, function (e) { out.textContent = String(e); });
  });
})();
