/* Promoter Wallboard, the wall's live loop: hear the news, celebrate, rotate, heal.
 *
 * The server pushes the news over one long-lived connection (server-sent events at
 * /api/stream) when the snapshot changes; a screen that cannot hold it (a proxy refusing it,
 * an old browser) asks GET /api/screen?v=VERSION every second instead and tries the stream
 * again now and then. New promoters arrive as events; each screen remembers in
 * localStorage what it has celebrated, so a reload never replays and several server
 * processes behave the same. Everything a customer wrote is put on screen with textContent,
 * never as markup.
 */
(function () {
  "use strict";
  if (window.wallboard) { return; }

  var POLL_MS = 1000;          // polling, when the push stream cannot be held
  var STREAM_RETRY_MS = 30 * 1000;   // back to the stream this long after falling back
  var STREAM_BASE_MS = 1000;
  var STREAM_MAX_MS = 30 * 1000;
  var SILENT_STREAM_MS = 3 * 60 * 1000;  // the server says something at least every minute
  var MAX_BACKOFF_MS = 5000;
  var OFFLINE_AFTER_MS = 4000;
  var RERENDER_RETRY_MS = 8000;
  var SHOWN_LIMIT = 500;
  var GAP_MS = 700;
  var SHIFT_EVERY_MS = 5 * 60 * 1000;

  var screen = null;          // the screen's choices and texts, from the Dash store
  var knownVersion = null;    // newest snapshot version the server told us about
  var requested = {v: null, at: 0};
  var failures = 0;
  var lastContact = Date.now();
  var lastAsOf = null;
  var lastStale = false;
  var queue = [];
  var queuedKeys = {};
  var celebrating = false;
  var pollTimer = null;
  var reopenTimer = null;
  var source = null;          // the EventSource while streaming
  var transport = "none";     // "stream" or "poll"
  var fellBackAt = 0;
  var streamErrors = 0;       // stream errors since it last delivered a message
  var lastMessage = Date.now();
  var activeId = null;
  var activeSince = Date.now();
  var lastChime = 0;
  var timeScale = 1;          // tests speed the wall up; a TV never changes it

  // ---- small helpers ---------------------------------------------------------------------
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (m, k) {
      return values[k] === undefined || values[k] === null ? "" : String(values[k]);
    });
  }
  function t(key, values) { return fill(screen && screen.texts[key], values || {}); }
  // The screen's identity and care (screen.js): its facts for the server, its control.
  function fleet() { return window.wallboardScreen || null; }
  function facts() { return fleet() ? fleet().query() : ""; }
  function hushed() { return !!fleet() && fleet().hushed(); }
  function storageKey() {
    return "wallboard:celebrated:" + location.pathname + location.search;
  }
  function loadMemory() {
    try { return JSON.parse(localStorage.getItem(storageKey()) || "null"); }
    catch (e) { return null; }
  }
  function saveMemory(memory) {
    if (memory.shown.length > SHOWN_LIMIT) {
      memory.shown = memory.shown.slice(memory.shown.length - SHOWN_LIMIT);
    }
    try { localStorage.setItem(storageKey(), JSON.stringify(memory)); } catch (e) { /* full */ }
  }
  // A number as the server writes it (i18n.nps_value): in the CLDR locale the server named
  // for the screen, at most one decimal, halves away from zero, never "-0", a true minus.
  function formatNumber(value) {
    var locale = screen ? screen.locale || screen.language : "en-GB";
    return new Intl.NumberFormat(locale, {maximumFractionDigits: 1, roundingMode: "halfExpand",
      signDisplay: "negative"}).format(value).replace("-", "\u2212");
  }
  // The time as the server writes it (i18n.clock): 24-hour HH:MM in every language.
  function formatTime(iso) {
    if (!iso) { return "–"; }
    try {
      return new Intl.DateTimeFormat("en-GB", {hour: "2-digit", minute: "2-digit",
        hourCycle: "h23", timeZone: screen ? screen.timezone : undefined}).format(new Date(iso));
    } catch (e) { return iso.slice(11, 16); }
  }

  // ---- freshness corner ------------------------------------------------------------------
  function showFreshness(offline) {
    var node = document.getElementById("freshness");
    if (!node || !screen) { return; }
    var stale = offline || lastStale;
    var label;
    if (offline) { label = t("offline"); }
    else if (lastStale) { label = t("stale", {time: formatTime(lastAsOf)}); }
    else { label = t("as_of", {time: formatTime(lastAsOf)}); }
    if (node.textContent !== (stale ? "\u26a0 " : "") + label) {
      node.textContent = (stale ? "\u26a0 " : "") + label;
    }
    node.setAttribute("data-stale", stale ? "true" : "false");
    node.setAttribute("data-offline", offline ? "true" : "false");
  }

  // ---- the news: one push stream (server-sent events); polling when it cannot be held ----
  function connect() {
    clearTimeout(pollTimer);
    clearTimeout(reopenTimer);
    if (!window.EventSource) { fallBack(); return; }
    transport = "stream";
    var query = [facts(), knownVersion ? "last=" + encodeURIComponent(knownVersion) : ""]
      .filter(Boolean).join("&");
    var url = "/api/stream" + (query ? "?" + query : "");
    var es;
    try { es = new EventSource(url); } catch (e) { fallBack(); return; }
    source = es;
    es.onopen = function () { if (source === es) { lastContact = Date.now(); } };
    es.onmessage = function (message) {
      if (source !== es) { return; }
      var body;
      try { body = JSON.parse(message.data); } catch (e) { return; }
      streamErrors = 0;
      failures = 0;
      lastContact = lastMessage = Date.now();
      onNews(body);
    };
    es.addEventListener("control", function (message) {
      if (source !== es || !fleet()) { return; }
      try { fleet().apply(JSON.parse(message.data)); } catch (e) { /* a bad message */ }
    });
    es.onerror = function () {
      if (source !== es) { return; }
      failures += 1;
      streamErrors += 1;
      if (es.readyState === 2) {
        // CLOSED: the answer was not a 200 stream (a proxy, an old server) and EventSource
        // gives up for good: poll instead, and try the stream again later.
        closeStream();
        fallBack();
      } else if (streamErrors >= 3) {
        // The browser keeps reconnecting after the server's retry:, but after a few misses
        // in a row we reconnect ourselves with a growing, jittered pause.
        closeStream();
        var delay = Math.min(STREAM_BASE_MS * Math.pow(2, streamErrors - 2), STREAM_MAX_MS);
        reopenTimer = setTimeout(connect, delay * (0.5 + Math.random() / 2));
      }
    };
  }
  function closeStream() {
    if (source) { source.close(); }
    source = null;
  }
  function fallBack() {
    transport = "poll";
    fellBackAt = Date.now();
    schedulePoll(0);
  }
  function watchStream() {
    // The corner says "offline" when the stream has been down a while; a stream that has
    // been silent far longer than the server ever is (a half-open line) is reopened.
    if (transport !== "stream") { return; }
    var now = Date.now();
    if (source && source.readyState === 1) {
      lastContact = now;
      if (now - lastMessage > SILENT_STREAM_MS) { closeStream(); lastMessage = now; connect(); }
    } else if (now - lastContact > OFFLINE_AFTER_MS) {
      showFreshness(true);
    }
  }
  function schedulePoll(delay) {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, delay);
  }
  function poll() {
    if (transport !== "poll") { return; }
    if (Date.now() - fellBackAt > STREAM_RETRY_MS * timeScale && !oneOffPicture()) {
      lastMessage = Date.now(); connect(); return;
    }
    var controller = window.AbortController ? new AbortController() : null;
    var timeout = setTimeout(function () { if (controller) { controller.abort(); } }, 5000);
    var url = "/api/screen?v=" + encodeURIComponent(knownVersion === null ? "" : knownVersion) +
      (facts() ? "&" + facts() : "");
    fetch(url, {cache: "no-store", signal: controller ? controller.signal : undefined})
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (body) {
        clearTimeout(timeout);
        failures = 0;
        lastContact = Date.now();
        if (body.control && fleet()) { fleet().apply(body.control); }  // dark before news
        onNews(body);
        schedulePoll(POLL_MS);
      })
      .catch(function () {
        clearTimeout(timeout);
        failures += 1;
        showFreshness(Date.now() - lastContact > OFFLINE_AFTER_MS);
        schedulePoll(Math.min(POLL_MS * failures, MAX_BACKOFF_MS));
      });
  }
  function renderedVersion() {
    var set = document.querySelector("#panels .panel-set");
    return set ? set.getAttribute("data-version") : null;
  }
  function onNews(body) {
    if (screen.build && body.build && body.build !== screen.build) {
      // A new version was deployed: reload once to pick up its code and assets.
      if (sessionStorage.getItem("wallboard:reloaded-for") !== body.build) {
        sessionStorage.setItem("wallboard:reloaded-for", body.build);
        location.reload();
        return;
      }
    }
    lastAsOf = body.as_of;
    lastStale = !!body.stale;
    showFreshness(false);
    if (body.events) { receive(body.events, body.seq); }
    knownVersion = body.v;
    var now = Date.now();
    if (body.v && String(body.v) !== renderedVersion() &&
        (requested.v !== body.v || now - requested.at > RERENDER_RETRY_MS)) {
      requested = {v: body.v, at: now};
      fetchPanels();
    }
  }
  function fetchPanels() {
    // The panels are rendered on the server once per snapshot and screen choices, and put
    // in place with set_props: that leaves no trace in Dash's undo history, which a
    // callback input would grow with every new response for as long as the TV runs.
    fetch("/api/panels?search=" + encodeURIComponent(location.search), {cache: "no-store"})
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (body) {
        if (String(body.v) === renderedVersion()) { return; }
        window.dash_clientside.set_props("panels", {children: body.panels});
        // Charts measure their boxes once more after the new panels are laid out.
        setTimeout(resizeCharts, 300);
        setTimeout(resizeCharts, 1500);
      })
      .catch(function () { requested.at = 0; });
  }

  // ---- celebrations ----------------------------------------------------------------------
  function receive(events, seq) {
    var memory = loadMemory();
    if (!memory || typeof memory.baseline !== "number" || seq < memory.baseline) {
      // First visit of this screen (or a new store): celebrate only what comes from now on.
      saveMemory({baseline: seq, shown: []});
      return;
    }
    var quiet = hushed();
    if (!screen.celebrate && !quiet) { return; }
    var fresh = events.filter(function (e) {
      return e.seq > memory.baseline && memory.shown.indexOf(e.key) < 0 && !queuedKeys[e.key] &&
        (!screen.team || e.team === screen.team ||
         (e.team_keys || []).indexOf(screen.team) >= 0);  // a burst with the pinned team
    });
    fresh.sort(function (a, b) {
      var ka = a.kind === "promoter" ? 0 : 1, kb = b.kind === "promoter" ? 0 : 1;
      if (ka !== kb) { return ka - kb; }
      if (a.answered_at && b.answered_at && a.answered_at !== b.answered_at) {
        return a.answered_at < b.answered_at ? -1 : 1;
      }
      return a.seq - b.seq;
    });
    if (quiet) {
      // Dark, or waiting for its code: counted in the numbers, never replayed later.
      fresh.forEach(function (e) { memory.shown.push(e.key); });
      if (fresh.length) { saveMemory(memory); }
      return;
    }
    fresh.forEach(function (e) { queuedKeys[e.key] = true; queue.push(e); });
    if (!celebrating) { next(); }
  }
  // data-kind on #celebration: what the celebration is (the team milestones are team-goal).
  var DATA_KIND = {goal: "team-goal", promoters: "team-goal"};
  function plural(key, n) {
    var form = "many";
    try { form = new Intl.PluralRules(screen.locale || "en-GB").select(n); } catch (err) { /* */ }
    var texts = screen.texts, text = texts[key + "_" + form];
    return fill(text === undefined ? texts[key + "_many"] : text, {n: formatNumber(n)});
  }
  function duration(seconds) {
    var locale = screen.locale || "en-GB";
    var d = Math.floor(seconds / 86400), h = Math.floor((seconds % 86400) / 3600);
    var m = Math.floor((seconds % 3600) / 60), parts = [];
    function unit(value, name) {
      return new Intl.NumberFormat(locale, {style: "unit", unit: name, unitDisplay: "long"})
        .format(value);
    }
    if (d) { parts.push(unit(d, "day")); }
    if (h) { parts.push(unit(h, "hour")); }
    if (!d && (m || !h)) { parts.push(unit(m, "minute")); }
    return parts.join(" ");
  }
  function teamLine(card, e, text) {
    var line = el("div", "celebration-team", text);
    if (e.emoji) { line.insertBefore(document.createTextNode(e.emoji + " "), line.firstChild); }
    card.appendChild(line);
  }
  function buildCard(e) {
    var card = el("div", "celebration-card celebration-" + e.kind);
    if (e.accent) { card.style.setProperty("--team-accent", e.accent); }
    if (e.kind === "promoter") {
      var score = el("div", "celebration-score", e.score);
      score.setAttribute("aria-label", t("promoter") + " " + e.score);
      card.appendChild(score);
      card.appendChild(el("div", "celebration-headline", t("new_promoter", {score: e.score})));
      if (e.employee) {
        card.appendChild(el("div", "celebration-employee",
                            t("for_employee", {employee: e.employee})));
      }
      teamLine(card, e, e.team_name);
      if (e.text) {
        var marks = screen.quotes || ["\u201c", "\u201d"];
        var quote = el("blockquote", "celebration-comment", marks[0] + e.text + marks[1]);
        card.appendChild(quote);
      }
      if (e.customer) {
        card.appendChild(el("div", "celebration-customer",
                            "\u2014 " + t("customer_said", {customer: e.customer})));
      }
    } else if (e.kind === "challenge-winner") {
      // The weekly challenge: the winner's moment (team, feat, time it took); 2nd and 3rd
      // a smaller one. e.text names the challenge's kind.
      var place = e.place || 1;
      card.classList.add("place-" + place);
      card.appendChild(el("div", "celebration-score celebration-icon",
                          place === 1 ? "\u2605" : t("place_" + place)));
      card.appendChild(el("div", "celebration-headline", place === 1 ?
        t("challenge_winner", {team: e.team_name}) :
        t("challenge_place_" + place, {team: e.team_name})));
      if (e.emoji) { card.appendChild(el("div", "celebration-emoji", e.emoji)); }
      if (e.value !== null && e.value !== undefined) {
        var value = formatNumber(e.value);
        if (e.text === "improvement" && e.value > 0) { value = "+" + value; }
        card.appendChild(el("div", "celebration-feat",
                            t("challenge_feat_" + (e.text || "promoters"), {value: value})));
      }
      if (e.text !== "improvement" && typeof e.took_seconds === "number") {
        card.appendChild(el("div", "celebration-took",
                            t("challenge_took", {time: duration(e.took_seconds)})));
      }
    } else if (e.kind === "employee-milestone") {
      card.appendChild(el("div", "celebration-score celebration-count", formatNumber(e.count)));
      card.appendChild(el("div", "celebration-employee",
        t("employee_milestone", {employee: e.employee, n: formatNumber(e.count)})));
      teamLine(card, e, e.team_name);
    } else if (e.kind === "burst") {
      card.appendChild(el("div", "celebration-score celebration-count", formatNumber(e.count)));
      card.appendChild(el("div", "celebration-headline", plural("burst", e.count)));
      card.appendChild(el("div", "celebration-burst-teams", (e.teams || []).join(" \u00b7 ")));
      var words = el("ul", "celebration-burst-quotes"), qm = screen.quotes || ["\u201c", "\u201d"];
      (e.quotes || []).forEach(function (q) { words.appendChild(el("li", "", qm[0] + q + qm[1])); });
      if (words.childNodes.length) { card.appendChild(words); }
    } else if (e.kind === "goal") {
      card.appendChild(el("div", "celebration-score celebration-icon", "\u2605"));
      card.appendChild(el("div", "celebration-headline", t("goal_milestone", {team: e.team_name})));
      card.appendChild(el("div", "celebration-team", t("goal_milestone_detail",
        {nps: formatNumber(e.value), goal: e.goal === null ? "" : formatNumber(e.goal)})));
    } else {
      card.appendChild(el("div", "celebration-score celebration-icon", "\u2605"));
      card.appendChild(el("div", "celebration-headline",
        t("promoters_milestone", {team: e.team_name, n: formatNumber(e.value)})));
    }
    return card;
  }
  function next() {
    var node = document.getElementById("celebration");
    if (!node) { celebrating = false; return; }
    if (hushed() && queue.length) {
      // The screen went dark with celebrations waiting: they are seen, not shown.
      var seen = loadMemory() || {baseline: 0, shown: []};
      queue.forEach(function (q) { seen.shown.push(q.key); delete queuedKeys[q.key]; });
      queue.length = 0;
      saveMemory(seen);
    }
    var e = queue.shift();
    if (!e) {
      celebrating = false;
      node.hidden = true;
      node.classList.remove("show");
      activeSince = Date.now();   // the rotation resumes where it was, with a full turn
      return;
    }
    delete queuedKeys[e.key];
    var memory = loadMemory() || {baseline: 0, shown: []};
    memory.shown.push(e.key);
    saveMemory(memory);
    celebrating = true;
    node.replaceChildren(buildCard(e));
    node.setAttribute("data-key", e.key);
    node.setAttribute("data-kind", DATA_KIND[e.kind] || e.kind);
    node.setAttribute("data-count", String(Number(node.getAttribute("data-count") || 0) + 1));
    node.hidden = false;
    node.classList.remove("show");
    void node.offsetWidth;  // restart the entrance animation
    node.classList.add("show");
    confetti();
    chime();
    setTimeout(function () {
      node.classList.remove("show");
      setTimeout(next, GAP_MS * timeScale);
    }, (screen.celebrate_seconds || 10) * 1000 * timeScale);
  }

  // ---- confetti: one canvas, drawn only while pieces fall ---------------------------------
  var canvas = null, ctx = null, pieces = [], animating = false;
  var COLORS = ["#ffb000", "#fe6100", "#dc267f", "#785ef0", "#648fff", "#ffffff"];
  function confetti() {
    if (!canvas) {
      canvas = el("canvas", "confetti");
      canvas.setAttribute("aria-hidden", "true");
      document.body.appendChild(canvas);
      ctx = canvas.getContext("2d");
    }
    canvas.width = window.innerWidth;
    canvas.height = window.innerHeight;
    var unit = canvas.height / 100;
    pieces.length = 0;
    for (var i = 0; i < 160; i++) {
      pieces.push({
        x: canvas.width * (0.2 + 0.6 * Math.random()), y: canvas.height * 0.55,
        vx: (Math.random() - 0.5) * unit * 2.4, vy: -unit * (1.2 + Math.random() * 1.6),
        r: unit * (0.5 + Math.random() * 0.7), a: Math.random() * Math.PI,
        spin: (Math.random() - 0.5) * 0.3, color: COLORS[i % COLORS.length]
      });
    }
    if (!animating) { animating = true; requestAnimationFrame(frame); }
  }
  function frame() {
    var unit = canvas.height / 100;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    var alive = 0;
    for (var i = 0; i < pieces.length; i++) {
      var p = pieces[i];
      if (p.y > canvas.height + 20) { continue; }
      alive += 1;
      p.vy += unit * 0.045;
      p.vx *= 0.99;
      p.x += p.vx; p.y += p.vy; p.a += p.spin;
      ctx.save();
      ctx.translate(p.x, p.y); ctx.rotate(p.a);
      ctx.fillStyle = p.color;
      ctx.fillRect(-p.r, -p.r / 2, p.r * 2, p.r);
      ctx.restore();
    }
    if (alive) { requestAnimationFrame(frame); }
    else { animating = false; pieces.length = 0; ctx.clearRect(0, 0, canvas.width, canvas.height); }
  }

  // ---- sound: a short two-note chime, at most one every few seconds -----------------------
  var audio = null;
  function chime() {
    if (!screen.sound || hushed() || Date.now() - lastChime < 4000) { return; }
    lastChime = Date.now();
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      [523.25, 783.99].forEach(function (freq, i) {
        var osc = audio.createOscillator(), gain = audio.createGain();
        var start = audio.currentTime + i * 0.16;
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, start);
        gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.5);
        osc.connect(gain); gain.connect(audio.destination);
        osc.start(start); osc.stop(start + 0.55);
      });
    } catch (e) { /* autoplay blocked: the wall stays silent */ }
  }

  // ---- rotation --------------------------------------------------------------------------
  function panels() { return document.querySelectorAll("#panels .panel"); }
  function markActive() {
    var list = panels();
    if (!list.length) { return; }
    var found = false;
    for (var i = 0; i < list.length; i++) {
      var on = list[i].id === activeId;
      found = found || on;
      if (list[i].classList.contains("active") !== on) { list[i].classList.toggle("active", on); }
    }
    if (!found) {
      activeId = list[0].id;
      activeSince = Date.now();
      list[0].classList.add("active");
    }
    var wall = document.getElementById("wall");
    if (wall && wall.getAttribute("data-active") !== activeId) {
      wall.setAttribute("data-active", activeId);
    }
  }
  function rotate() {
    if (!screen || celebrating) { return; }
    var list = panels();
    if (list.length < 2) { return; }
    if (Date.now() - activeSince < screen.rotate_seconds * 1000 * timeScale) { return; }
    var index = 0;
    for (var i = 0; i < list.length; i++) { if (list[i].id === activeId) { index = i; } }
    activeId = list[(index + 1) % list.length].id;
    activeSince = Date.now();
    markActive();
  }
  function stretch(chart) {
    // Scale the drawing with its box from now on, whatever size plotly measured.
    var svgs = chart.querySelectorAll(".main-svg");
    for (var i = 0; i < svgs.length; i++) {
      var w = svgs[i].getAttribute("width"), h = svgs[i].getAttribute("height");
      if (w && h) {
        svgs[i].setAttribute("viewBox", "0 0 " + w + " " + h);
        svgs[i].setAttribute("preserveAspectRatio", "none");
      }
    }
  }
  function resizeCharts() {
    if (!window.Plotly) { return; }
    var charts = document.querySelectorAll("#panels .js-plotly-plot");
    Array.prototype.forEach.call(charts, function (chart) {
      try {
        Promise.resolve(window.Plotly.Plots.resize(chart)).then(function () { stretch(chart); });
      } catch (e) { /* not drawn yet */ }
    });
  }
  function pixelShift() {
    var wall = document.getElementById("wall");
    if (!wall) { return; }
    // Burn-in care: move the whole wall by up to 0.4 % of the height, on 1080p and 4K alike.
    var x = ((Math.random() - 0.5) * 0.8).toFixed(2), y = ((Math.random() - 0.5) * 0.8).toFixed(2);
    wall.style.setProperty("--shift-x", x + "vh");
    wall.style.setProperty("--shift-y", y + "vh");
  }

  function start() {
    var target = document.getElementById("panels");
    if (!target) { setTimeout(start, 200); return; }
    new MutationObserver(markActive).observe(target, {childList: true, subtree: true});
    markActive();
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(resizeCharts); }
    window.addEventListener("resize", resizeCharts);
    setInterval(rotate, 50);
    setInterval(pixelShift, SHIFT_EVERY_MS);
    setInterval(watchStream, 1000);
    if (oneOffPicture()) { fallBack(); return; }
    connect();
  }
  function oneOffPicture() {
    // A headless browser that nobody drives (`chromium --headless --screenshot` with a virtual
    // time budget) waits for the network to go quiet before it takes its picture, and a push
    // stream never does: such a browser polls. TVs, and browsers driven by tests, stream.
    return /HeadlessChrome/.test(navigator.userAgent || "") && !navigator.webdriver;
  }

  window.wallboard = {
    configure: function (data) {
      if (!data) { return; }
      var first = screen === null;
      screen = data;
      document.documentElement.lang = data.language;
      if (first) { start(); }
      showFreshness(false);
    },
    setTimeScale: function (scale) { timeScale = scale; },
    screenData: function () { return screen; },
    text: t,
    report: function () {
      // The screen's facts, while it streams (the poll sends them every second anyway).
      if (transport !== "stream") { return; }
      // report=1: its stream may be held by another process, which then cannot tell that
      // the page lives; the process answering this keeps it seen until the next report.
      fetch("/api/screen?v=" + encodeURIComponent(knownVersion || "") + "&report=1&" + facts(),
            {cache: "no-store"}).then(function (response) { return response.json(); })
        .then(function (body) { if (body.control && fleet()) { fleet().apply(body.control); } })
        .catch(function () { /* the stream says when the server is gone */ });
    },
    format: {number: formatNumber, time: formatTime},   // for tests that compare with i18n
    state: function () {
      return {queue: queue.length, celebrating: celebrating, knownVersion: knownVersion,
              active: activeId, failures: failures, locale: screen ? screen.locale : null,
              transport: transport, stale: lastStale};
    }
  };
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.wallboard = {
    configure: function (data) {
      window.wallboard.configure(data);
      return window.dash_clientside.no_update;
    }
  };
})();
