// chitieu: draws the chart options the server built, formats their numbers
// the way the server formats tables (vi 1.234.567,8 and 110,08%), and makes
// clicks drill down. No dependency but ECharts.
(function () {
  'use strict';

  // ctFmt must agree with dashboards.Lang.Format in Go.
  function ctFmt(v, spec, lang) {
    if (v === null || v === undefined || v === '-' || typeof v !== 'number' || !isFinite(v)) {
      if (Array.isArray(v)) { v = v[v.length - 1]; } else { return '–'; }
      if (typeof v !== 'number' || !isFinite(v)) { return '–'; }
    }
    var group = lang === 'en' ? ',' : '.';
    var dec = lang === 'en' ? '.' : ',';
    var digits = 2, trim = true, suffix = '', signed = false;
    if (spec === 'pct') { trim = false; suffix = '%'; }
    if (spec === 'pct0') { digits = 0; suffix = '%'; }
    if (spec === 'spct') { trim = false; suffix = '%'; signed = true; }
    var s = Math.abs(v).toFixed(digits);
    var parts = s.split('.');
    var intPart = parts[0], frac = parts[1] || '';
    if (trim) { frac = frac.replace(/0+$/, ''); }
    intPart = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, group);
    var out = frac ? intPart + dec + frac : intPart;
    var zero = /^[0.]*$/.test(s);
    if (v < 0 && !zero) { out = '-' + out; } else if (signed && !zero) { out = '+' + out; }
    return out + suffix;
  }
  window.ctFmt = ctFmt;

  // applyFormats installs formatters from option.ct onto axes, labels and tooltips.
  function applyFormats(option) {
    var ct = option.ct || {};
    var lang = ct.lang || 'vi';
    function axis(list, specs) {
      if (!list) { return; }
      (Array.isArray(list) ? list : [list]).forEach(function (a, i) {
        var spec = specs[i];
        if (!spec || a.type === 'category') { return; }
        a.axisLabel = a.axisLabel || {};
        a.axisLabel.formatter = function (v) { return ctFmt(v, spec, lang); };
      });
    }
    axis(option.xAxis, [ct.x]);
    axis(option.yAxis, [ct.y, ct.y2]);
    (option.series || []).forEach(function (s, i) {
      var spec = (ct.series || [])[i] || 'num';
      s.tooltip = s.tooltip || {};
      s.tooltip.valueFormatter = function (v) { return ctFmt(v, spec, lang); };
      if (s.label && s.label.show) {
        s.label.formatter = function (p) { return ctFmt(p.value, spec, lang); };
      }
    });
    return option;
  }
  window.ctApplyFormats = applyFormats;

  function keepQuery(href) {
    var q = new URLSearchParams(window.location.search);
    var u = new URL(href, window.location.href);
    ['lang', 'year'].forEach(function (k) { if (q.get(k) && !u.searchParams.get(k)) { u.searchParams.set(k, q.get(k)); } });
    return u.pathname + u.search;
  }

  function draw() {
    var nodes = document.querySelectorAll('[data-chart]');
    if (!window.echarts) { return; }
    var drawn = [];
    nodes.forEach(function (el) {
      var src = document.getElementById(el.getAttribute('data-chart'));
      if (!src) { return; }
      var option = applyFormats(JSON.parse(src.textContent));
      var chart = window.echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption(option);
      var links = (option.ct || {}).links;
      if (links) {
        chart.on('click', function (p) {
          var href = links[p.dataIndex];
          if (href) { window.location.href = keepQuery(href); }
        });
        chart.getZr().on('mousemove', function () { el.style.cursor = 'pointer'; });
      }
      el.setAttribute('data-drawn', 'true');
      drawn.push(chart);
    });
    window.addEventListener('resize', function () { drawn.forEach(function (c) { c.resize(); }); });
    window.addEventListener('beforeprint', function () { drawn.forEach(function (c) { c.resize(); }); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('select[data-nav]').forEach(function (s) {
      s.addEventListener('change', function () {
        var u = new URL(window.location.href);
        u.searchParams.set(s.name, s.value);
        window.location.href = u.pathname + u.search;
      });
    });
    // Draw once the web font is in: ECharts measures labels when it lays
    // out, and the fallback font's widths would clip them.
    var ready = document.fonts && document.fonts.ready ? document.fonts.ready : Promise.resolve();
    ready.then(draw, draw);
  });
})();
