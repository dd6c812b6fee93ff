/* Plain SVG charts for the dashboard: no library, nothing loaded from elsewhere. Colours come from the
   stylesheet (classes s0, s1, ...), so the charts follow its contrast. */
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var W = 960, H = 240, LEFT = 64, RIGHT = 12, TOP = 12, BOTTOM = 28;

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function niceMax(value) {
    if (value <= 0) { return 1; }
    var power = Math.pow(10, Math.floor(Math.log10(value)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) {
      if (steps[i] * power >= value) { return steps[i] * power; }
    }
    return 10 * power;
  }

  /**
   * Stacked bars: labels (one per bar), series [{name, values}], format (a value's text). An empty chart says
   * so in words.
   */
  function stackedBars(container, spec) {
    container.textContent = '';
    var n = spec.labels.length;
    if (n === 0) {
      var p = document.createElement('p');
      p.className = 'empty';
      p.textContent = 'Nothing in this time range.';
      container.appendChild(p);
      return;
    }
    var totals = spec.labels.map(function (_, i) {
      return spec.series.reduce(function (sum, s) { return sum + (s.values[i] || 0); }, 0);
    });
    var max = niceMax(Math.max.apply(null, totals));
    var svg = el('svg', {viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': spec.title, 'class': 'svg-chart'},
      container);
    var plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM;
    [0, 0.5, 1].forEach(function (f) {
      var y = TOP + plotH - f * plotH;
      el('line', {x1: LEFT, x2: W - RIGHT, y1: y, y2: y, 'class': 'grid'}, svg);
      var t = el('text', {x: LEFT - 6, y: y + 4, 'text-anchor': 'end', 'class': 'tick'}, svg);
      t.textContent = spec.format(max * f);
    });
    var step = plotW / n;
    var barW = Math.max(1, step * 0.8);
    for (var i = 0; i < n; i++) {
      var base = 0;
      for (var s = 0; s < spec.series.length; s++) {
        var v = spec.series[s].values[i] || 0;
        if (v <= 0) { continue; }
        var h = v / max * plotH;
        var rect = el('rect', {x: LEFT + i * step + (step - barW) / 2, y: TOP + plotH - base - h, width: barW,
          height: Math.max(h, 0.5), 'class': 's' + (spec.series[s].colour === undefined ? s : spec.series[s].colour)},
          svg);
        el('title', {}, rect).textContent = spec.labels[i] + ' – ' + spec.series[s].name + ': ' + spec.format(v);
        base += h;
      }
    }
    var first = el('text', {x: LEFT, y: H - 8, 'class': 'tick'}, svg);
    first.textContent = spec.labels[0];
    var last = el('text', {x: W - RIGHT, y: H - 8, 'text-anchor': 'end', 'class': 'tick'}, svg);
    last.textContent = spec.labels[n - 1];
    var legend = document.createElement('ul');
    legend.className = 'legend';
    spec.series.forEach(function (series, s) {
      var item = document.createElement('li');
      var swatch = el('svg', {width: 12, height: 12, 'aria-hidden': 'true'});
      el('rect', {width: 12, height: 12, 'class': 's' + (series.colour === undefined ? s : series.colour)}, swatch);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(' ' + series.name));
      legend.appendChild(item);
    });
    container.appendChild(legend);
  }

  /** The chart's numbers as a table: its text alternative (and what the tests read). */
  function numbers(table, spec) {
    table.textContent = '';
    var head = table.createTHead().insertRow();
    [spec.labelHeader].concat(spec.series.map(function (s) { return s.name; })).forEach(function (text) {
      var th = document.createElement('th');
      th.scope = 'col';
      th.textContent = text;
      head.appendChild(th);
    });
    var body = table.createTBody();
    spec.labels.forEach(function (label, i) {
      var row = body.insertRow();
      var th = document.createElement('th');
      th.scope = 'row';
      th.textContent = label;
      row.appendChild(th);
      spec.series.forEach(function (s) {
        var cell = row.insertCell();
        cell.className = 'num';
        cell.textContent = String(s.values[i] || 0);
      });
    });
  }

  window.Charts = {stackedBars: stackedBars, numbers: numbers};
}());
