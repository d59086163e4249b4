// chitieu: filters without reloads. Changing the year, a filter, a sort or
// a page asks the same page for its parts as JSON (?format=json: the
// server's own rendering, charts as their options), then swaps in only the
// parts whose markup changed and sets a new option only on the charts whose
// option changed; the address follows (pushState), so a reload or Back keeps
// every filter. Without this script the forms and links work as they are.
(function () {
  'use strict';

  var OPT = 'script[type="application/json"][id^="opt-"]';
  var snaps = new WeakMap(); // element → its markup as the server sent it
  var main = null, seq = 0;

  // key is an element's markup without its charts' options, which travel
  // apart, and heights, which a kept chart takes from the new markup.
  function key(el) {
    var c = el.cloneNode(true);
    c.querySelectorAll(OPT).forEach(function (s) { s.remove(); });
    c.querySelectorAll('[data-chart]').forEach(function (d) { d.removeAttribute('style'); });
    return c.outerHTML;
  }

  // heights gives the charts kept in old the heights of those in n.
  function heights(old, n) {
    n.querySelectorAll('[data-chart]').forEach(function (d) {
      var o = old.querySelector('[data-chart="' + d.getAttribute('data-chart') + '"]');
      if (o && o.style.height !== d.style.height) { o.style.height = d.style.height; }
    });
  }

  // snapshot notes the markup of parent's parts before anything draws in
  // them, down through the containers marked data-swap.
  function snapshot(parent) {
    Array.prototype.forEach.call(parent.children, function (el) {
      snaps.set(el, key(el));
      if (el.hasAttribute('data-swap')) { snapshot(el); }
    });
  }

  // reconcile makes oldP's children those of newP, keeping every old child
  // whose markup is unchanged (and so its drawn charts, opened boxes and
  // focus); it returns the children it brought in.
  function reconcile(oldP, newP, fresh) {
    var olds = Array.prototype.slice.call(oldP.children), used = [], out = [];
    function find(test) {
      for (var i = 0; i < olds.length; i++) {
        if (used.indexOf(olds[i]) < 0 && test(olds[i])) { return olds[i]; }
      }
      return null;
    }
    Array.prototype.slice.call(newP.children).forEach(function (n) {
      var k = key(n), m = null;
      if (n.id && n.hasAttribute('data-keep')) { m = find(function (o) { return o.id === n.id; }); }
      if (!m) { m = find(function (o) { return snaps.get(o) === k; }); }
      if (!m && n.hasAttribute('data-swap')) {
        m = find(function (o) {
          return o.hasAttribute('data-swap') && o.tagName === n.tagName && o.id === n.id && o.className === n.className;
        });
        if (m) { reconcile(m, n, fresh); snaps.set(m, k); }
      }
      if (m) { heights(m, n); used.push(m); out.push(m); return; }
      snaps.set(n, k);
      if (n.hasAttribute('data-swap')) { snapshot(n); }
      out.push(n);
      fresh.push(n);
    });
    olds.forEach(function (o) {
      if (used.indexOf(o) < 0) {
        if (window.ctCharts) { window.ctCharts.dispose(o); }
        o.remove();
      }
    });
    out.forEach(function (n, i) {
      if (oldP.children[i] !== n) { oldP.insertBefore(n, oldP.children[i] || null); }
    });
    return fresh;
  }

  // heading brings the parts outside main up to date: the title, the year
  // picker, the menu's links and the other language's address.
  function heading(p, href) {
    document.title = p.title;
    var sel = document.querySelector('header select[name="year"]');
    if (sel && p.year) { sel.value = String(p.year); }
    document.querySelectorAll('header nav a').forEach(function (a) {
      var u = new URL(a.href);
      if (!u.searchParams.has('year') && ['/', '/ranking', '/figures'].indexOf(u.pathname) < 0) { return; }
      if (p.year) { u.searchParams.set('year', p.year); } else { u.searchParams.delete('year'); }
      a.setAttribute('href', u.pathname + u.search);
    });
    var other = document.querySelector('header a[hreflang]');
    if (other && p.other_lang_url) { other.setAttribute('href', p.other_lang_url); }
  }

  function apply(p, href) {
    var focus = document.activeElement, name = focus && main.contains(focus) ? focus.getAttribute('name') : null;
    var t = document.createElement('template');
    t.innerHTML = p.main;
    var fresh = reconcile(main, t.content, []);
    heading(p, href);
    if (window.ctCharts) {
      // Charts brought in are drawn; charts kept get the new option only
      // when it differs (app.js compares).
      window.ctCharts.draw(main, p.charts || {});
    }
    if (name && !main.contains(focus)) {
      var again = main.querySelector('[name="' + name.replace(/"/g, '') + '"]');
      if (again) { again.focus(); }
    }
    return fresh;
  }

  // go shows href's filters without a reload; anything unexpected falls
  // back to loading the page, which is always right.
  function go(href, push) {
    var u = new URL(href, window.location.href);
    var j = new URL(u.href);
    j.searchParams.set('format', 'json');
    var mine = ++seq;
    main.setAttribute('aria-busy', 'true');
    return fetch(j.pathname + j.search, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) {
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.json();
      })
      .then(function (p) {
        if (mine !== seq) { return; }
        if (push) { window.history.pushState({ ct: true }, '', u.pathname + u.search + u.hash); }
        apply(p, u);
        main.removeAttribute('aria-busy');
      })
      .catch(function () { window.location.href = u.pathname + u.search; });
  }

  // formURL is the address a filter form submits to, without empty fields.
  function formURL(form) {
    var q = new URLSearchParams();
    new FormData(form).forEach(function (v, k) {
      if (typeof v === 'string' && v !== '' && k !== 'page') { q.append(k, v); }
    });
    var action = new URL(form.getAttribute('action') || window.location.pathname, window.location.href);
    return action.pathname + (q.toString() ? '?' + q : '');
  }

  function sameOrigin(u) { return u.origin === window.location.origin; }

  document.addEventListener('DOMContentLoaded', function () {
    main = document.querySelector('main');
    if (!main || !window.history.pushState || !window.fetch || !('content' in document.createElement('template'))) { return; }
    // Only the pages that answer ?format=json: those with a year or filters.
    if (!document.querySelector('header select[name="year"], main form[data-swap-form]')) { return; }
    snapshot(main);
    window.ctFormURL = formURL;
    window.ctNavigate = function (href) { return go(href, true); };
    document.addEventListener('submit', function (e) {
      var form = e.target;
      if (e.defaultPrevented || !form.matches('form[data-swap-form]') || (form.method || 'get').toLowerCase() !== 'get') { return; }
      e.preventDefault();
      go(formURL(form), true);
    });
    // A link to the same page with other filters (a pager, a sort, "clear").
    main.addEventListener('click', function (e) {
      var a = e.target.closest ? e.target.closest('a[href]') : null;
      if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey ||
          a.hasAttribute('download') || a.target) { return; }
      var u = new URL(a.href, window.location.href);
      if (!sameOrigin(u) || u.pathname !== window.location.pathname || u.search === window.location.search) { return; }
      e.preventDefault();
      go(u.pathname + u.search, true);
    });
    window.addEventListener('popstate', function () {
      // A page whose own script keeps its form (compare) is simply loaded.
      if (main.querySelector('[data-keep]')) { window.location.reload(); return; }
      go(window.location.href, false);
    });
  });
})();
