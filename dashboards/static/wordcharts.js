// chitieu: every drawn chart gets a small menu: "PNG cho Word" saves the
// chart as a PNG at twice its size, on white, with every series named in a
// plain legend (never paged) and its title and source line inside the
// picture; "Sao chép" puts the same picture on the clipboard, to paste into
// Word. Drawn in the browser by ECharts' canvas renderer: no server round trip.
(function () {
  'use strict';

  // dataURLBlob turns a data: URL into a Blob without fetching it.
  function dataURLBlob(url) {
    var comma = url.indexOf(',');
    var bin = atob(url.slice(comma + 1));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    return new Blob([bytes], { type: url.slice(5, url.indexOf(';')) });
  }


  // The menu's words, in the page's language, from the page's labels.
  var w = (function () {
    var el = document.getElementById('ct-labels'), l = {};
    try { l = el ? JSON.parse(el.textContent) : {}; } catch (e) { l = {}; }
    var out = {};
    ['png', 'copy', 'copied', 'source', 'failed'].forEach(function (k) {
      out[k] = (l['word.' + k] || [''])[0];
    });
    return out;
  })();

  // forWord is the chart's option as a document wants it.
  function forWord(option, nSeries) {
    var o = JSON.parse(JSON.stringify(option));
    var titles = Array.isArray(o.title) ? o.title : (o.title ? [o.title] : []);
    var src = source();
    if (titles.length && src && String(titles[0].subtext || '').indexOf('chitieu') < 0) {
      titles[0].subtext = titles[0].subtext ? titles[0].subtext + ' · ' + src : src;
    }
    o.animation = false;
    o.backgroundColor = '#ffffff';
    var legends = Array.isArray(o.legend) ? o.legend : (o.legend ? [o.legend] : []);
    legends.forEach(function (l) { l.type = 'plain'; l.bottom = 0; delete l.top; });
    var lines = legends.length ? Math.ceil(nSeries / 3) : 0;
    var grids = Array.isArray(o.grid) ? o.grid : (o.grid ? [o.grid] : []);
    grids.forEach(function (g) { g.bottom = 30 + lines * 22; });
    if (o.dataZoom) { o.dataZoom = []; }
    if (o.toolbox) { o.toolbox = []; }
    return { option: o, extra: Math.max(0, lines - 1) * 22 };
  }

  // source is the page's data line ("Dữ liệu phiên bản 3, …") as a source line.
  function source() {
    var foots = document.querySelectorAll('p.foot');
    var line = foots.length ? foots[foots.length - 1].textContent.trim() : '';
    return line ? w.source + line : '';
  }

  // picture draws the chart off screen and gives its PNG as a Blob.
  function picture(el) {
    return new Promise(function (resolve, reject) {
      var inst = window.echarts && window.echarts.getInstanceByDom(el);
      if (!inst) { reject(new Error('no chart')); return; }
      var option = inst.getOption();
      var n = (option.series || []).length;
      var fw = forWord(option, n);
      var box = document.createElement('div');
      box.style.cssText = 'position:fixed;left:-10000px;top:0;';
      box.style.width = Math.max(el.clientWidth, 600) + 'px';
      box.style.height = (Math.max(el.clientHeight, 300) + fw.extra) + 'px';
      document.body.appendChild(box);
      var c = window.echarts.init(box, null, { renderer: 'canvas', devicePixelRatio: 2 });
      try {
        c.setOption(fw.option);
        var url = c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
        resolve(dataURLBlob(url)); // not fetch: the CSP's connect-src is 'self' only
      } catch (e) {
        reject(e);
      } finally {
        c.dispose();
        box.remove();
      }
    });
  }

  function fileName(el) {
    var t = '';
    try { t = ((window.echarts.getInstanceByDom(el).getOption().title || [])[0] || {}).text || ''; } catch (e) { t = ''; }
    t = t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
      .replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 60);
    return (t || 'bieu-do') + '.png';
  }

  function save(blob, name) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function say(menu, text) {
    var s = menu.querySelector('.word-status');
    s.textContent = text;
    setTimeout(function () { s.textContent = ''; }, 4000);
  }

  function addMenu(el) {
    if (el.getAttribute('data-word-menu')) { return; }
    el.setAttribute('data-word-menu', 'true');
    var menu = document.createElement('div');
    menu.className = 'chart-menu toolbar';
    var png = document.createElement('button');
    png.type = 'button';
    png.className = 'word-png';
    png.textContent = w.png;
    var copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'word-copy';
    copy.textContent = w.copy;
    var status = document.createElement('span');
    status.className = 'word-status';
    status.setAttribute('role', 'status');
    menu.appendChild(png);
    menu.appendChild(copy);
    menu.appendChild(status);
    el.insertAdjacentElement('afterend', menu);
    png.addEventListener('click', function () {
      picture(el).then(function (b) { save(b, fileName(el)); }, function (e) { say(menu, e.message); });
    });
    copy.addEventListener('click', function () {
      if (!navigator.clipboard || !window.ClipboardItem) { say(menu, w.failed); return; }
      // The item gets a promise so Safari keeps the click's permission.
      navigator.clipboard.write([new window.ClipboardItem({ 'image/png': picture(el) })])
        .then(function () { say(menu, w.copied); }, function () { say(menu, w.failed); });
    });
  }

  function scan() {
    document.querySelectorAll('[data-chart][data-drawn="true"]').forEach(addMenu);
  }

  // ctChartPicture is the picture of a chart element, for other scripts and tests.
  window.ctChartPicture = picture;

  document.addEventListener('DOMContentLoaded', function () {
    scan();
    new MutationObserver(scan).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-drawn'] });
  });
})();
