// The chart builder: the form is the permalink (a GET of /compare), the
// download links ask the API for each format, and a result from the SQL
// console is drawn by the server's table chart.
(function () {
  'use strict';
  var form = document.getElementById('compare-form');
  if (!form) { return; }
  var cfg = JSON.parse(document.getElementById('compare-config').textContent);
  var L = cfg.labels;
  var fromSQL = form.elements.source && form.elements.source.value === 'sql';

  function params() {
    var q = new URLSearchParams();
    ['indicator', 'unit'].forEach(function (name) {
      var sel = form.elements[name];
      if (!sel) { return; }
      var v = Array.prototype.filter.call(sel.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
      if (v.length) { q.set(name, v.join(',')); }
    });
    ['from', 'to', 'kind', 'lang'].forEach(function (name) {
      var el = form.elements[name];
      if (el && el.value) { q.set(name, el.value); }
    });
    return q;
  }

  function sqlData() {
    try { return JSON.parse(sessionStorage.getItem('chitieu.chart.data') || 'null'); } catch (e) { return null; }
  }

  function drawOption(option) {
    var box = document.getElementById('compare-chart');
    box.textContent = '';
    var el = document.createElement('div');
    el.className = 'chart panel';
    el.id = 'chart-compare';
    el.style.height = '460px';
    box.appendChild(el);
    var c = window.echarts.init(el, null, { renderer: 'canvas' });
    c.setOption(window.ctApplyFormats(option));
    el.setAttribute('data-chart', 'inline');
    el.setAttribute('data-drawn', 'true');
  }

  function chartTitle() {
    var d = sqlData();
    var t = form.elements.title && form.elements.title.value.trim();
    return t || (d ? d.sql.slice(0, 80) : '');
  }

  function tableRequest(format) {
    var d = sqlData();
    return fetch('/api/charts/table?format=' + format + (format === 'json' ? '' : '&download=1'), {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': (window.ctCSRF ? window.ctCSRF() : '') },
      body: JSON.stringify({ columns: d.columns, rows: d.rows, kind: form.elements.kind.value, lang: cfg.lang, title: chartTitle() })
    });
  }

  function save(blob, name) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function refreshLinks() {
    document.querySelectorAll('#compare-downloads a[data-format]').forEach(function (a) {
      var f = a.getAttribute('data-format');
      if (fromSQL) {
        a.onclick = function (ev) {
          ev.preventDefault();
          tableRequest(f).then(function (r) {
            if (!r.ok) { return r.json().then(function (e) { document.getElementById('copied').textContent = e.error; }); }
            var name = /filename\*=UTF-8''([^;]+)/.exec(r.headers.get('Content-Disposition') || '');
            return r.blob().then(function (b) { save(b, name ? decodeURIComponent(name[1]) : 'chitieu-query.' + f); });
          });
        };
        return;
      }
      var q = params();
      q.set('format', f);
      q.set('download', '1');
      a.href = '/api/charts/compare?' + q.toString();
    });
  }

  if (fromSQL) {
    var d = sqlData();
    var draw = function () {
      if (!d) { document.getElementById('compare-chart').textContent = L['compare.nosql']; return; }
      tableRequest('json').then(function (r) { return r.json(); }).then(function (opt) {
        if (opt.error) { document.getElementById('compare-chart').textContent = opt.error; return; }
        drawOption(opt);
      });
    };
    form.elements.kind.addEventListener('change', draw);
    if (form.elements.title) {
      form.elements.title.value = d ? d.sql.slice(0, 80) : '';
      form.elements.title.addEventListener('change', draw);
      form.addEventListener('submit', function (ev) { ev.preventDefault(); draw(); });
    }
    draw();
  }
  form.addEventListener('change', refreshLinks);
  refreshLinks();
  document.getElementById('permalink').addEventListener('click', function () {
    var url = fromSQL ? window.location.href : window.location.origin + '/compare?' + params().toString();
    var done = function () { document.getElementById('copied').textContent = L['compare.copied'] + ' ' + url; };
    if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(url).then(done, done); } else { done(); }
  });
})();
