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

  // narrow gives a wrapped category label less room on a small screen, so
  // the bars keep theirs.
  function narrow(el, option) {
    var w = el.clientWidth;
    if (!w || w >= 560) { return option; }
    (Array.isArray(option.title) ? option.title : option.title ? [option.title] : []).forEach(function (t) {
      if (!t.text || t.text.length * 8 < w - 10) { return; }
      // A long title wraps, and the plot moves down a line to make room.
      t.textStyle = t.textStyle || {};
      t.textStyle.width = w - 12;
      t.textStyle.overflow = 'break';
      t.subtextStyle = t.subtextStyle || {};
      t.subtextStyle.width = w - 12;
      t.subtextStyle.overflow = 'break';
      (Array.isArray(option.grid) ? option.grid : option.grid ? [option.grid] : []).forEach(function (g) {
        g.top = (parseInt(g.top, 10) || 60) + 20;
      });
      (Array.isArray(option.legend) ? option.legend : option.legend ? [option.legend] : []).forEach(function (l) {
        if (l.top !== undefined && l.top !== 'auto') { l.top = (parseInt(l.top, 10) || 0) + 20; }
      });
    });
    [option.xAxis, option.yAxis].forEach(function (list) {
      (Array.isArray(list) ? list : list ? [list] : []).forEach(function (a) {
        if (a.type === 'category' && a.axisLabel && a.axisLabel.overflow === 'break' && a.axisLabel.width) {
          a.axisLabel.width = Math.min(a.axisLabel.width, Math.max(90, Math.round(w * 0.38)));
        }
        if (a.type === 'value') {
          a.splitNumber = 3;
          a.axisLabel = a.axisLabel || {};
          a.axisLabel.hideOverlap = true;
        }
      });
    });
    return option;
  }

  // fitRows makes a bar chart taller on a small screen, where narrow gave its
  // wrapped category labels less room: each row as tall as its longest
  // label's lines. The height the page gave stays the base, so a redraw never
  // grows it twice.
  function fitRows(el, option) {
    if (el.style.height !== el.ctGrown) { el.ctBase = parseInt(el.style.height, 10) || el.clientHeight; }
    var extra = 0;
    [option.xAxis, option.yAxis].forEach(function (list) {
      (Array.isArray(list) ? list : list ? [list] : []).forEach(function (a) {
        if (a.type !== 'category' || !a.axisLabel || a.axisLabel.overflow !== 'break' || !a.data) { return; }
        var longest = 0;
        a.data.forEach(function (d) { longest = Math.max(longest, String(d && d.value !== undefined ? d.value : d).length); });
        var lines = Math.ceil(longest * 6.5 / a.axisLabel.width);
        extra = Math.max(extra, a.data.length * Math.max(0, lines * 16 + 8 - 40));
      });
    });
    if (extra > 0 && el.clientWidth < 560) {
      el.style.height = (el.ctBase + extra) + 'px';
    } else {
      el.style.height = el.ctBase + 'px';
    }
    el.ctGrown = el.style.height;
  }

  // drawOne draws a chart, or sets a changed option on one already drawn
  // (filters.js redraws only what a filter changed). The click's links live
  // on the element, so a new option brings its own.
  function drawOne(el, raw) {
    var canon = JSON.stringify(raw);
    var chart = window.echarts.getInstanceByDom(el);
    if (el.ctOption === canon) {
      fitRows(el, narrow(el, JSON.parse(canon)));
      if (chart) { chart.resize(); } // a kept chart may have a new height
      return;
    }
    el.ctOption = canon;
    var option = applyFormats(narrow(el, JSON.parse(canon)));
    fitRows(el, option);
    if (chart) {
      chart.setOption(option, true);
      chart.resize();
    } else {
      chart = window.echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption(option);
      chart.on('click', function (p) {
        var href = el.ctLinks && el.ctLinks[p.dataIndex];
        if (href) { window.location.href = keepQuery(href); }
      });
      chart.getZr().on('mousemove', function () { if (el.ctLinks) { el.style.cursor = 'pointer'; } });
    }
    el.ctLinks = (option.ct || {}).links;
    el.setAttribute('data-drawn', 'true');
  }

  // later draws a chart when its box is opened, from the option the
  // server builds at its data-chart-src. Listened for on the document, so
  // boxes a filter brings in work too.
  function later(e) {
    var d = e.target;
    if (!d.matches || !d.matches('details.later')) { return; }
    var el = d.querySelector('[data-chart-src]');
    if (!d.open || !el || el.getAttribute('data-asked') || !window.echarts) { return; }
    el.setAttribute('data-asked', 'true');
    fetch(el.getAttribute('data-chart-src'), { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (c) {
      if (c.empty) {
        var p = d.querySelector('.empty');
        p.textContent = c.empty;
        p.hidden = false;
        el.hidden = true;
        el.setAttribute('data-drawn', 'true');
        return;
      }
      el.style.height = c.height + 'px';
      drawOne(el, c.option);
    });
  }

  // drawIn draws the charts under root: from the options given (a page's
  // parts, filters.js) or from the option script next to each chart.
  function drawIn(root, options) {
    if (!window.echarts) { return; }
    root.querySelectorAll('[data-chart]').forEach(function (el) {
      var id = el.getAttribute('data-chart');
      if (options) {
        if (options[id]) { drawOne(el, options[id]); }
        return;
      }
      var src = document.getElementById(id);
      if (src) { drawOne(el, JSON.parse(src.textContent)); }
    });
  }

  // ctCharts lets filters.js draw and let go of charts.
  window.ctCharts = {
    draw: drawIn,
    dispose: function (root) {
      if (!window.echarts) { return; }
      root.querySelectorAll('[data-drawn]').forEach(function (el) {
        var c = window.echarts.getInstanceByDom(el);
        if (c) { c.dispose(); }
      });
    }
  };

  function resizeAll() {
    document.querySelectorAll('[data-drawn]').forEach(function (el) {
      var c = window.echarts && window.echarts.getInstanceByDom(el);
      if (c) { c.resize(); }
    });
  }

  function draw() {
    drawIn(document);
    window.addEventListener('resize', resizeAll);
    window.addEventListener('beforeprint', resizeAll);
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

  function labels() {
    var el = document.getElementById('ct-labels');
    try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
  }

  function lang() { return document.documentElement.lang === 'en' ? 'en' : 'vi'; }

  // parts fills a ranking row's parts when it is opened: the unit's
  // figures of the year, from the paged performance API.
  function parts(e) {
    var d = e.target;
    if (!d.matches || !d.matches('details[data-parts]')) { return; }
    if (!d.open || d.getAttribute('data-loaded')) { return; }
    var words = labels();
    d.setAttribute('data-loaded', 'true');
    var ul = d.querySelector('ul');
    ul.textContent = d.getAttribute('data-loading');
    fetch(d.getAttribute('data-parts'), { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (res) {
      ul.textContent = '';
      var en = lang() === 'en';
      (res.rows || []).forEach(function (r) {
        var li = document.createElement('li');
        var st = words[r.status] || [r.status, ''];
        li.className = 'status ' + r.status.replace(' ', '-');
        var att = r.attainment_pct !== null ? r.attainment_pct : r.target_attainment_pct;
        li.textContent = st[1] + ' ' + (en ? r.indicator_name_en : r.indicator_name_vi) + ': ' +
          window.ctFmt(att, 'pct', lang()) + ' · ' + st[0];
        ul.appendChild(li);
      });
    });
  }

  // finder is the search box of every page: units and indicators by code or
  // name, with or without diacritics, as links.
  function finder() {
    var input = document.getElementById('find');
    var list = document.getElementById('find-list');
    if (!input || !list) { return; }
    var timer = null, seq = 0;
    function close() { list.hidden = true; input.setAttribute('aria-expanded', 'false'); }
    function show(items) {
      list.textContent = '';
      if (!items.length) {
        var li = document.createElement('li');
        li.className = 'none';
        li.textContent = input.getAttribute('data-none');
        list.appendChild(li);
      }
      var en = input.getAttribute('data-lang') === 'en';
      var year = new URLSearchParams(window.location.search).get('year');
      items.forEach(function (f) {
        var li = document.createElement('li');
        li.setAttribute('role', 'option');
        var a = document.createElement('a');
        var q = new URLSearchParams();
        if (en) { q.set('lang', 'en'); }
        if (year) { q.set('year', year); }
        a.href = '/' + (f.kind === 'unit' ? 'units' : 'indicators') + '/' + encodeURIComponent(f.code) + (q.toString() ? '?' + q : '');
        a.textContent = (en ? f.name_en : f.name_vi) + ' (' + f.code + ')';
        var small = document.createElement('small');
        small.textContent = input.getAttribute('data-' + f.kind) + (f.extra ? ' · ' + f.extra : '');
        a.appendChild(small);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch('/api/find?q=' + encodeURIComponent(q), { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (res) {
          if (mine === seq) { show(res.results || []); }
        });
      }, 150);
    });
    input.addEventListener('keydown', function (e) {
      var links = list.querySelectorAll('a');
      if (e.key === 'Escape') { close(); }
      if (e.key === 'Enter' && links.length) { e.preventDefault(); window.location.href = links[0].href; }
      if (e.key === 'ArrowDown' && links.length) { e.preventDefault(); links[0].focus(); }
    });
    list.addEventListener('keydown', function (e) {
      var a = document.activeElement, li = a && a.parentElement;
      if (e.key === 'ArrowDown' && li && li.nextElementSibling) { e.preventDefault(); li.nextElementSibling.querySelector('a').focus(); }
      if (e.key === 'ArrowUp') { e.preventDefault(); if (li && li.previousElementSibling) { li.previousElementSibling.querySelector('a').focus(); } else { input.focus(); } }
      if (e.key === 'Escape') { close(); input.focus(); }
    });
    document.addEventListener('click', function (e) { if (!e.target.closest || !e.target.closest('.find')) { close(); } });
  }

  // navigate goes to a page of other filters: without a reload through
  // filters.js when it is there, else as a plain link.
  function navigate(href) {
    if (window.ctNavigate) { window.ctNavigate(href); } else { window.location.href = href; }
  }

  // pick follows a select that filters: the year in the heading, or a
  // filter of the page's form (which keeps the boxes ticked beside it).
  function pick(e) {
    var s = e.target;
    if (!s.matches || !s.matches('select[data-nav]')) { return; }
    var form = s.closest('form.filters');
    if (form && window.ctFormURL) { navigate(window.ctFormURL(form)); return; }
    var u = new URL(window.location.href);
    if (s.value) { u.searchParams.set(s.name, s.value); } else { u.searchParams.delete(s.name); }
    u.searchParams.delete('page');
    navigate(u.pathname + u.search);
  }

  document.addEventListener('DOMContentLoaded', function () {
    who();
    document.addEventListener('change', pick);
    document.addEventListener('toggle', parts, true);
    document.addEventListener('toggle', later, true);
    finder();
    // Draw once the web font is in: ECharts measures labels when it lays
    // out, and the fallback font's widths would clip them.
    var ready = document.fonts && document.fonts.ready ? document.fonts.ready : Promise.resolve();
    ready.then(draw, draw);
  });
})();
