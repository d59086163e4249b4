// chitieu's number formats for charts, shared by the pages and by the SVG
// renderer (which runs it in a Go JavaScript engine): vi 1.234.567,8 and
// 110,08%, en 1,234,567.8. It must agree with dashboards.Lang.Format in Go.
(function (root) {
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
    // A wrapped category label gets a line height, or its lines crowd
    // into the next label's.
    [option.xAxis, option.yAxis].forEach(function (list) {
      (Array.isArray(list) ? list : list ? [list] : []).forEach(function (a) {
        if (a.type === 'category' && a.axisLabel && a.axisLabel.overflow === 'break') { a.axisLabel.lineHeight = 14; }
      });
    });
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

  root.ctFmt = ctFmt;
  root.ctApplyFormats = applyFormats;
})(typeof window !== 'undefined' ? window : this);
