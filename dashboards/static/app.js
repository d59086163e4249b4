// chitieu: draws the chart options the server built, formats their numbers
// the way the server formats tables (vi 1.234.567,8 and 110,08%), and makes
// clicks drill down. No dependency but ECharts.
(function () {
  'use strict';

  var applyFormats = window.ctApplyFormats;

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

  // ctCSRF is the session's token for unsafe requests, from its cookie.
  window.ctCSRF = function () {
    var m = document.cookie.match(/(?:^|; )chitieu_csrf=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : '';
  };

  // who shows the signed-in user, hides what their role may not open, and
  // says so when chitieu runs without users.
  function who() {
    var slot = document.getElementById('who');
    if (!slot) { return; }
    fetch('/api/me', { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : null; }).then(function (me) {
      if (!me) { return; }
      slot.textContent = me.open ? slot.getAttribute('data-open') : me.name + ' (' + me.role + ')';
      var banner = document.getElementById('open-mode');
      if (banner) { banner.hidden = !me.open; }
      var rank = { viewer: 1, analyst: 2, admin: 3 };
      document.querySelectorAll('[data-needs]').forEach(function (a) {
        var need = a.getAttribute('data-needs');
        a.hidden = need === 'load' ? !me.can_load : rank[me.role] < rank[need];
      });
      var form = document.getElementById('logout');
      if (form && me.session) { form.hidden = false; form.elements.csrf.value = window.ctCSRF(); }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    who();
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
