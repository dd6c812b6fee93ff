/* The cleaning job's dashboard. It reads only the job's /api/v1 endpoints, relative to where the page is served
   (so it works under any prefix an application mounts it at). The API token, when given, is kept in this tab's
   session storage and sent in the Authorization header; never in a cookie or a URL. */
(function () {
  'use strict';

  var API = 'api/v1/';
  var TOKEN_KEY = 'cleaning-job.api-token';
  var POLL_MS = 1000;
  var PAGE = 20;
  var RANGES = {'24h': 24 * 3600e3, '7d': 7 * 24 * 3600e3, '30d': 30 * 24 * 3600e3};

  var token = sessionStorage.getItem(TOKEN_KEY);
  var status = null;
  var pollTimer = null;
  var needsToken = false;
  var runsPages = [null];   // the cursor of each page shown so far; null is the newest
  var runsNext = null;
  var firstRuns = [];       // the newest page, for the warnings
  var range = '24h';
  var pending = null;       // the action waiting for confirmation

  function $(id) { return document.getElementById(id); }

  /** Marks a part as shown (for tests and measurements); the page is ready once status and runs are. */
  function loaded(part) {
    if (document.body.dataset[part] === 'loaded') { return; }
    document.body.dataset[part] = 'loaded';
    if (document.body.dataset.status === 'loaded' && document.body.dataset.runs === 'loaded'
        && !performance.getEntriesByName('cleaning-job:ready').length) {
      performance.mark('cleaning-job:ready');
    }
  }

  function text(id, value) { $(id).textContent = value; }

  function api(path, options) {
    options = options || {};
    var headers = {'Accept': 'application/json'};
    if (token) { headers.Authorization = 'Bearer ' + token; }
    if (options.body !== undefined) { headers['Content-Type'] = 'application/json'; }
    return fetch(API + path, {method: options.method || 'GET', headers: headers, cache: 'no-store',
      body: options.body === undefined ? undefined : JSON.stringify(options.body)})
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (body) {
          if (res.status === 401 && (options.method || 'GET') === 'GET') { askForToken(); }
          if (!res.ok) {
            var err = new Error(body.error || ('HTTP ' + res.status));
            err.status = res.status;
            throw err;
          }
          return body;
        });
      });
  }

  /* ---------- formatting ---------- */

  function pad(n) { return n < 10 ? '0' + n : String(n); }

  function when(iso) {
    if (!iso) { return '–'; }
    var d = new Date(iso);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':'
      + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  function duration(ms) {
    if (ms === null || ms === undefined) { return '–'; }
    if (ms < 10000) { return (Math.round(ms / 100) / 10) + ' s'; }
    var s = Math.round(ms / 1000);
    if (s < 60) { return s + ' s'; }
    var m = Math.floor(s / 60);
    if (m < 60) { return m + ' min' + (s % 60 ? ' ' + (s % 60) + ' s' : ''); }
    var h = Math.floor(m / 60);
    if (h < 48) { return h + ' h' + (m % 60 ? ' ' + (m % 60) + ' min' : ''); }
    return Math.floor(h / 24) + ' d' + (h % 24 ? ' ' + (h % 24) + ' h' : '');
  }

  function count(n) { return Number(n).toLocaleString('en-US'); }

  /** Seconds in an ISO-8601 duration such as PT30M or P1DT2H; null when there is none. */
  function isoSeconds(iso) {
    var m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso || '');
    if (!m) { return null; }
    return (+(m[1] || 0)) * 86400 + (+(m[2] || 0)) * 3600 + (+(m[3] || 0)) * 60 + (+(m[4] || 0));
  }

  function badge(node, word) {
    node.textContent = word;
    node.className = 'badge badge-' + word;
  }

  /* ---------- the token ---------- */

  function askForToken() {
    needsToken = true;
    text('mode', 'This job\'s API needs the API token to be read: enter it above.');
    $('token').focus();
  }

  function showMode() {
    $('token-forget').hidden = !token;
    $('token').value = '';
    $('token').placeholder = token ? 'a token is set for this tab' : 'kept in this tab only';
    if (needsToken && !token) {
      return;
    }
    text('mode', token ? 'Actions are enabled with the API token kept in this tab.'
      : 'Read-only: enter the API token above to run, cancel or pause the job and to see samples of rejected events.');
  }

  $('token-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var value = $('token').value.trim();
    if (!value) { return; }
    token = value;
    sessionStorage.setItem(TOKEN_KEY, token);
    needsToken = false;
    showMode();
    refreshAll();
  });

  $('token-forget').addEventListener('click', function () {
    token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    showMode();
    renderActions();
    $('samples').hidden = true;
    refreshAll();
  });

  /* ---------- status, polled ---------- */

  function poll() {
    clearTimeout(pollTimer);
    pollTimer = null;
    if (document.hidden || needsToken) { return; }
    api('status').then(function (body) {
      var wasRunning = status && status.state === 'running';
      status = body;
      $('load-error').hidden = true;
      renderStatus();
      loaded('status');
      if (wasRunning && status.state !== 'running') {
        loadRuns(runsPages[runsPages.length - 1]);
        loadCharts();
      }
    }).catch(function (err) {
      if (err.status !== 401) {
        $('load-error').hidden = false;
        text('load-error', 'The job does not answer: ' + err.message);
      }
    }).then(function () {
      if (!document.hidden && !needsToken) { pollTimer = setTimeout(poll, POLL_MS); }
    });
  }

  document.addEventListener('visibilitychange', function () {
    if (document.hidden) {
      clearTimeout(pollTimer);
      pollTimer = null;
    } else {
      poll();
    }
  });

  function renderStatus() {
    badge($('state'), status.state);
    var run = status.currentRun;
    var box = $('current-run');
    box.textContent = '';
    if (run) {
      var list = document.createElement('dl');
      [['Run', run.runId.slice(0, 8) + (run.dryRun ? ' (dry run)' : '')], ['Trigger', run.trigger],
        ['Done', count(run.done) + ' of ' + count(run.selected) + ' taken so far'],
        ['Rate', count(Math.round(run.recordsPerSecond)) + ' records/s'],
        ['Elapsed', duration(run.elapsedMs)]].forEach(function (pair) {
        var dt = document.createElement('dt');
        dt.textContent = pair[0];
        var dd = document.createElement('dd');
        dd.textContent = pair[1];
        if (pair[0] === 'Done') { dd.id = 'run-done'; }
        list.appendChild(dt);
        list.appendChild(dd);
      });
      box.appendChild(list);
      var bar = document.createElement('progress');
      bar.max = Math.max(run.selected, 1);
      bar.value = run.done;
      bar.setAttribute('aria-label', 'records done in this run');
      box.appendChild(bar);
    } else {
      var p = document.createElement('p');
      p.textContent = 'None in progress.';
      box.appendChild(p);
    }
    text('next-run', status.schedule.paused ? 'paused' : status.schedule.enabled ? when(status.nextRunAt) : 'no schedule');
    text('last-success', status.lastSuccess ? when(status.lastSuccess.startedAt) : 'never');
    text('interval', status.schedule.enabled ? duration(status.schedule.intervalSeconds * 1000) : '–');
    text('backlog-count', count(status.backlog.count));
    text('backlog-age', status.backlog.oldestAgeSeconds === null ? 'none waiting'
      : duration(status.backlog.oldestAgeSeconds * 1000) + ' old');
    text('complete-through', when(status.completeThrough));
    text('backlog-asof', 'Backlog as of ' + when(status.backlog.asOf) + '.');
    renderHold();
    renderWarnings();
    renderActions();
  }

  /** The quality gates' hold (docs/quality-gates.md): the verdict, and the clear and accept actions. */
  function renderHold() {
    var quality = status.quality || {};
    var held = !!quality.held && quality.gates === 'hold';
    $('hold-banner').hidden = !held;
    if (held) {
      text('hold-verdict', 'Since ' + when(quality.heldAt) + ': ' + quality.verdict);
    }
  }

  function renderWarnings() {
    var box = $('warnings');
    box.textContent = '';
    var warnings = [];
    var decided = firstRuns.filter(function (r) { return !r.dryRun && (r.status === 'succeeded' || r.status === 'failed'); });
    var failedInARow = 0;
    while (failedInARow < decided.length && decided[failedInARow].status === 'failed') { failedInARow++; }
    if (failedInARow > 0) {
      warnings.push((failedInARow === 1 ? 'The last run failed: ' : 'The last ' + failedInARow + ' runs failed: ')
        + (decided[0].error || 'no error recorded'));
    }
    if (status) {
      var limit = isoSeconds(status.settings.maxBacklogAge);
      if (limit !== null && status.backlog.oldestAgeSeconds !== null && status.backlog.oldestAgeSeconds >= limit) {
        warnings.push('The oldest unprocessed event is ' + duration(status.backlog.oldestAgeSeconds * 1000)
          + ' old, over the limit of ' + duration(limit * 1000) + '.');
      }
    }
    warnings.forEach(function (message) {
      var p = document.createElement('p');
      p.className = 'warning';
      p.textContent = message;
      box.appendChild(p);
    });
  }

  /* ---------- actions, each confirmed ---------- */

  var ACTIONS = {
    'run': {label: 'Start a run now?', detail: 'It takes the newest unprocessed events and writes their outcomes.',
      send: function () { return api('runs', {method: 'POST', body: {}}); },
      done: function (r) { return 'Run ' + r.runId.slice(0, 8) + ' started.'; }},
    'dry-run': {label: 'Start a dry run?', detail: 'It checks the newest unprocessed events and writes nothing but its run row.',
      send: function () { return api('runs', {method: 'POST', body: {dryRun: true}}); },
      done: function (r) { return 'Dry run ' + r.runId.slice(0, 8) + ' started.'; }},
    'cancel': {label: 'Cancel the run in progress?', detail: 'It finishes the records already sent and ends as interrupted.',
      send: function () { return api('runs/' + status.currentRun.runId + '/cancel', {method: 'POST'}); },
      done: function () { return 'The run is stopping.'; }},
    'pause': {label: 'Pause the schedule?', detail: 'No scheduled run starts until it is resumed; forced runs still run.',
      send: function () { return api('schedule', {method: 'PUT', body: {paused: true}}); },
      done: function () { return 'The schedule is paused.'; }},
    'resume': {label: 'Resume the schedule?', detail: 'Scheduled runs start again.',
      send: function () { return api('schedule', {method: 'PUT', body: {paused: false}}); },
      done: function () { return 'The schedule is running again.'; }},
    'clear-hold': {label: 'Clear the quality hold?',
      detail: 'The next run writes without a probe; the gates still judge it, and can hold the job again.',
      send: function () { return api('quality/hold/clear', {method: 'POST', body: {}}); },
      done: function () { return 'The hold is cleared.'; }},
    'accept-hold': {label: 'Accept the held run\'s shares as normal?',
      detail: 'The hold ends and the baselines start again from the held run. A share over an absolute limit trips again until its setting changes.',
      send: function () { return api('quality/hold/accept', {method: 'POST', body: {}}); },
      done: function () { return 'The hold is accepted: the baselines start again from the held run.'; }}
  };

  function renderActions() {
    var running = status && status.state === 'running';
    var paused = status && status.schedule.paused;
    $('pause').hidden = !!paused;
    $('resume').hidden = !paused;
    $('run-now').disabled = !token || running;
    $('dry-run').disabled = !token || running;
    $('cancel-run').disabled = !token || !running;
    $('pause').disabled = !token;
    $('resume').disabled = !token;
    $('hold-clear').disabled = !token;
    $('hold-accept').disabled = !token;
    text('actions-why', !token ? 'Actions need the API token: enter it above.'
      : running ? 'A run is in progress: it can be cancelled; a new one can start when it ends.' : '');
    document.querySelectorAll('#top-reasons button').forEach(function (b) { b.disabled = !token; });
  }

  document.querySelectorAll('[data-action]').forEach(function (button) {
    button.addEventListener('click', function () {
      pending = button.getAttribute('data-action');
      text('confirm-title', ACTIONS[pending].label);
      text('confirm-text', ACTIONS[pending].detail);
      $('confirm').showModal();
      $('confirm-no').focus();
    });
  });

  $('confirm-no').addEventListener('click', function () {
    pending = null;
    $('confirm').close();
  });

  $('confirm-yes').addEventListener('click', function () {
    var action = ACTIONS[pending];
    pending = null;
    $('confirm').close();
    action.send().then(function (result) {
      text('action-result', action.done(result));
      poll();
      loadRuns(null);
    }).catch(function (err) {
      text('action-result', 'Refused: ' + err.message);
    });
  });

  /* ---------- run history ---------- */

  function loadRuns(cursor) {
    return api('runs?limit=' + PAGE + (cursor ? '&before=' + encodeURIComponent(cursor) : '')).then(function (body) {
      if (!cursor) {
        runsPages = [null];
        firstRuns = body.runs;
        if (status) { renderWarnings(); }
      }
      runsNext = body.next;
      renderRuns(body.runs);
      loaded('runs');
    }).catch(function () {});
  }

  function cell(row, value, cls) {
    var td = row.insertCell();
    td.textContent = value === null || value === undefined ? '' : String(value);
    if (cls) { td.className = cls; }
    return td;
  }

  function renderRuns(runs) {
    var body = $('runs').tBodies[0];
    body.textContent = '';
    runs.forEach(function (run) {
      var row = body.insertRow();
      row.setAttribute('data-run-id', run.runId);
      var statusCell = row.insertCell();
      var b = document.createElement('span');
      badge(b, run.status);
      statusCell.appendChild(b);
      if (run.dryRun) { statusCell.appendChild(document.createTextNode(' dry run')); }
      cell(row, run.trigger);
      cell(row, when(run.startedAt));
      cell(row, duration(run.durationMs));
      cell(row, run.selected, 'num');
      cell(row, run.cleaned, 'num');
      cell(row, run.rejected, 'num');
      cell(row, run.failed, 'num');
      cell(row, run.error, 'error-text');
      var open = document.createElement('button');
      open.type = 'button';
      open.textContent = 'Open';
      open.setAttribute('aria-label', 'Open run ' + run.runId.slice(0, 8));
      open.addEventListener('click', function () { openRun(run.runId); });
      row.insertCell().appendChild(open);
    });
    $('runs-older').disabled = !runsNext;
    $('runs-newest').disabled = runsPages.length === 1;
    text('runs-page', 'Page ' + runsPages.length + (runs.length === 0 ? ': no runs yet' : ''));
  }

  $('runs-older').addEventListener('click', function () {
    if (!runsNext) { return; }
    runsPages.push(runsNext);
    loadRuns(runsNext);
  });

  $('runs-newest').addEventListener('click', function () { loadRuns(null); });

  function openRun(runId) {
    api('runs/' + runId).then(function (run) {
      text('run-detail-title', 'Run ' + run.runId);
      var fields = $('run-detail-fields');
      fields.textContent = '';
      [['Status', run.status + (run.dryRun ? ' (dry run: no record written)' : '')], ['Trigger', run.trigger],
        ['Started', when(run.startedAt)], ['Finished', when(run.finishedAt)], ['Duration', duration(run.durationMs)],
        ['Selected', run.selected], ['Cleaned', run.cleaned], ['Rejected', run.rejected], ['Failed', run.failed],
        ['Error', run.error || '–'], ['Note', run.note || '–'], ['Process', run.host || '–'],
        ['Complete through', when(run.completeThrough)]].forEach(function (pair) {
        var dt = document.createElement('dt');
        dt.textContent = pair[0];
        var dd = document.createElement('dd');
        dd.textContent = String(pair[1]);
        fields.appendChild(dt);
        fields.appendChild(dd);
      });
      var body = $('run-reasons').tBodies[0];
      body.textContent = '';
      Object.keys(run.rejectionsByReason).forEach(function (reason) {
        var row = body.insertRow();
        cell(row, reason);
        cell(row, run.rejectionsByReason[reason], 'num');
      });
      if (Object.keys(run.rejectionsByReason).length === 0) {
        cell(body.insertRow(), 'none');
      }
      $('run-detail').hidden = false;
      $('run-detail-close').focus();
    }).catch(function (err) { text('action-result', 'Could not open the run: ' + err.message); });
  }

  $('run-detail-close').addEventListener('click', function () { $('run-detail').hidden = true; });

  /* ---------- charts and data quality ---------- */

  document.querySelectorAll('input[name="range"]').forEach(function (input) {
    input.addEventListener('change', function () {
      range = input.value;
      loadCharts();
    });
  });

  function loadCharts() {
    var to = new Date();
    var from = new Date(to.getTime() - RANGES[range]);
    var q = 'from=' + encodeURIComponent(from.toISOString()) + '&to=' + encodeURIComponent(to.toISOString());
    var bucket = range === '24h' ? 'hour' : 'day';
    return Promise.all([api('runs/series?' + q + '&points=120'), api('quality?' + q + '&bucket=' + bucket)])
      .then(function (answers) {
        drawSeries(answers[0]);
        drawQuality(answers[1], bucket);
        loaded('charts');
      }).catch(function () {});
  }

  function drawSeries(series) {
    var labels = series.points.map(function (p) { return when(p.startedAt); });
    var records = {title: 'Records per run', labels: labels, labelHeader: 'Run (or runs) from', format: count,
      series: [{name: 'cleaned', values: series.points.map(function (p) { return p.cleaned; }), colour: 0},
        {name: 'rejected', values: series.points.map(function (p) { return p.rejected; }), colour: 1}]};
    chart('chart-records', records);
    var seconds = function (ms) { return Math.round(ms / 100) / 10; };
    var durations = {title: 'Run duration', labels: labels, labelHeader: 'Run (or runs) from',
      format: function (v) { return seconds(v * 1000) + ' s'; },
      series: [{name: 'mean duration (s)', values: series.points.map(function (p) { return seconds(p.meanDurationMs); }),
        colour: 2}]};
    chart('chart-duration', durations);
  }

  function drawQuality(quality, bucket) {
    var totals = quality.totals.byReason;
    var reasons = Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a] || (a < b ? -1 : 1); });
    var shown = reasons.slice(0, 6);
    var labels = quality.buckets.map(function (b) { return bucket === 'hour' ? when(b.start).slice(0, 16) : b.start.slice(0, 10); });
    var series = shown.map(function (reason, i) {
      return {name: reason, colour: 3 + i, values: quality.buckets.map(function (b) { return b.byReason[reason] || 0; })};
    });
    if (reasons.length > shown.length) {
      series.push({name: 'other reasons', colour: 9, values: quality.buckets.map(function (b) {
        return Object.keys(b.byReason).filter(function (r) { return shown.indexOf(r) < 0; })
          .reduce(function (sum, r) { return sum + b.byReason[r]; }, 0);
      })});
    }
    chart('chart-reasons', {title: 'Rejections by reason', labels: labels, labelHeader: bucket === 'hour' ? 'Hour' : 'Day',
      format: count, series: series});
    text('quality-range', 'Over the last ' + ({'24h': '24 hours', '7d': '7 days', '30d': '30 days'})[range] + ': '
      + count(quality.totals.cleaned) + ' cleaned, ' + count(quality.totals.rejected) + ' rejected.');
    var body = $('top-reasons').tBodies[0];
    body.textContent = '';
    reasons.slice(0, 10).forEach(function (reason) {
      var row = body.insertRow();
      cell(row, reason);
      cell(row, totals[reason], 'num');
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Samples';
      button.setAttribute('aria-label', 'Samples of ' + reason);
      button.disabled = !token;
      button.title = token ? '' : 'Samples need the API token';
      button.addEventListener('click', function () { loadSamples(reason); });
      row.insertCell().appendChild(button);
    });
    if (reasons.length === 0) { cell(body.insertRow(), 'No rejections in this time range.'); }
  }

  function chart(id, spec) {
    var figure = $(id);
    window.Charts.stackedBars(figure.querySelector('.plot'), spec);
    window.Charts.numbers(figure.querySelector('table.numbers'), spec);
  }

  function loadSamples(reason) {
    api('quality/samples?limit=10&reason=' + encodeURIComponent(reason)).then(function (body) {
      text('samples-title', 'Samples: ' + reason);
      var list = $('samples-list');
      list.textContent = '';
      body.samples.forEach(function (s) {
        var item = document.createElement('li');
        var head = document.createElement('p');
        head.textContent = 'Event ' + s.id + ', received ' + when(s.receivedAt) + ': ' + s.reasons.join(', ');
        var payload = document.createElement('pre');
        payload.textContent = s.payload + (s.payloadTruncated ? ' …' : '');
        item.appendChild(head);
        item.appendChild(payload);
        list.appendChild(item);
      });
      if (body.samples.length === 0) {
        var none = document.createElement('li');
        none.textContent = 'No sample found.';
        list.appendChild(none);
      }
      $('samples').hidden = false;
    }).catch(function (err) { text('action-result', 'Could not load samples: ' + err.message); });
  }

  /* ---------- start ---------- */

  function refreshAll() {
    poll();
    loadRuns(null);
    loadCharts();
  }

  showMode();
  renderActions();
  refreshAll();
}());
