/* Promoter Wallboard, the screen's identity and care: who this TV is and what it must do.
 *
 * The browser keeps a random device key in localStorage (it survives reloads, restarts and
 * new builds) and sends it, with the name in its URL (?screen=), its size, build, memory,
 * load time and stale marker, when wall.js opens its stream or polls. The server answers
 * with a control object: the pairing code, the name, what to show, reload and identify
 * requests, the working hours as spans (the page decides "dark" with its own clock), the
 * nightly reload moment and the memory limit. Loaded before wall.js (assets load by name).
 */
(function () {
  "use strict";
  if (window.wallboardScreen) { return; }

  var KEY = "wallboard:device";
  var REPORT_MS = 60 * 1000;      // a named or waiting screen re-sends its facts this often
  var IDENTIFY_MS = 10 * 1000;
  var ERROR_SHOWN_MS = 60 * 1000;
  var MEMORY_KEY = "wallboard:memory-reload-at";
  var MEMORY_PAUSE_MS = 30 * 60 * 1000;
  var loadedAt = Date.now();      // the browser's clock (tests fix it)
  var started = performance.now();
  var control = null;             // the newest control object
  var atLoad = null;              // the first one after this page loaded
  var identifyShown = null, identifyEnds = 0;
  var nightlyAt = null;
  var leaving = false;
  var lastReport = 0;

  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }
  function deviceKey() {
    var key = null;
    try { key = localStorage.getItem(KEY); } catch (e) { /* storage blocked */ }
    if (!/^[0-9a-f]{32}$/.test(key || "")) {
      key = newKey();
      try { localStorage.setItem(KEY, key); } catch (e) { /* this page only */ }
    }
    return key;
  }
  var device = deviceKey();
  // The same key as a cookie: the server resolves a named screen's profile for the page's
  // first drawing and for /api/panels from it.
  document.cookie = "wallboard_device=" + device + "; path=/; max-age=315360000; SameSite=Lax";
  var urlName = new URLSearchParams(location.search).get("screen");

  function wall() { return window.wallboard; }
  function shown() { return wall() && wall().screenData ? wall().screenData() : null; }
  function text(key, values) { return wall() && wall().text ? wall().text(key, values) : ""; }

  // ---- what the page says about itself ----------------------------------------------------
  function query() {
    var parts = ["device=" + device];
    if (urlName !== null) {
      parts.push("screen=" + encodeURIComponent(urlName));
      parts.push("search=" + encodeURIComponent(location.search));
    }
    var ratio = window.devicePixelRatio || 1;
    parts.push("w=" + Math.max(1, Math.round(window.innerWidth * ratio)));
    parts.push("h=" + Math.max(1, Math.round(window.innerHeight * ratio)));
    var data = shown();
    if (data && data.build) { parts.push("build=" + encodeURIComponent(data.build)); }
    var memory = heapMb();
    if (memory !== null) { parts.push("mem=" + memory.toFixed(1)); }
    parts.push("loaded=" + loadedAt);
    var state = wall() ? wall().state() : null;
    if (state && state.stale) { parts.push("stale=1"); }
    return parts.join("&");
  }
  function heapMb() {
    var memory = window.performance && performance.memory;
    return memory && memory.usedJSHeapSize ? memory.usedJSHeapSize / 1048576 : null;
  }

  // ---- overlays: pairing code, identify, dark ----------------------------------------------
  function layer(id, cls) {
    var node = document.getElementById(id);
    if (!node) {
      node = document.createElement("div");
      node.id = id;
      node.className = cls;
      node.hidden = true;
      document.body.appendChild(node);
    }
    return node;
  }
  function line(cls, value) {
    var node = document.createElement("div");
    node.className = cls;
    node.textContent = value;
    return node;
  }
  function showPairing(c) {
    var node = layer("screen-pairing", "screen-layer screen-pairing");
    var code = c && c.code && !c.name ? c.code : null;
    if (!code) { node.hidden = true; return; }
    if (node.getAttribute("data-code") !== code) {
      node.setAttribute("data-code", code);
      node.replaceChildren(line("pairing-wall", c.wall_name), line("pairing-code", code),
        line("pairing-hint", text("pair_hint", {url: location.origin + "/fleet"})));
    }
    node.hidden = false;
  }
  function showError(c) {
    // Said over the top of the wall for a minute after each load (whoever set the kiosk up
    // sees it), then only marked on #wall, so that it does not cover the panels' titles.
    var node = layer("screen-error", "screen-error");
    var root = document.getElementById("wall");
    if (root) { root.toggleAttribute("data-screen-error", !!(c && c.error)); }
    if (!c || !c.error || performance.now() - started > ERROR_SHOWN_MS) {
      node.hidden = true;
      return;
    }
    // bad: not a name; taken: another browser's screen; full: too many new screens.
    var kind = c.error_kind === "taken" || c.error_kind === "full" ? c.error_kind : "bad";
    node.textContent = text("screen_name_" + kind, {name: urlName || ""});
    node.hidden = false;
  }
  function showIdentify(now) {
    var node = layer("screen-identify", "screen-layer screen-identify");
    var on = control && control.name && now < identifyEnds;
    if (on && node.hidden) {
      node.replaceChildren(line("identify-label", text("identify_label")),
                           line("identify-name", control.name));
    }
    node.hidden = !on;
  }
  function isDark(now) {
    if (!control || !control.spans) { return false; }
    for (var i = 0; i < control.spans.length; i++) {
      if (Date.parse(control.spans[i][0]) <= now && now < Date.parse(control.spans[i][1])) {
        return false;
      }
    }
    return true;
  }
  function clockText(now) {
    var data = shown();
    try {
      return new Intl.DateTimeFormat("en-GB", {hour: "2-digit", minute: "2-digit",
        hourCycle: "h23", timeZone: data ? data.timezone : undefined}).format(new Date(now));
    } catch (e) { return new Date(now).toISOString().slice(11, 16); }
  }
  function showDark(now) {
    var node = layer("screen-dark", "screen-layer screen-dark");
    var dark = isDark(now);
    var root = document.getElementById("wall");
    if (root && root.getAttribute("data-dark") !== String(dark)) {
      root.setAttribute("data-dark", String(dark));
    }
    node.hidden = !dark;
    if (!dark) { return; }
    var style = control.dark_style === "clock" ? "clock" : "black";
    node.setAttribute("data-style", style);
    if (style === "clock") {
      var value = clockText(now);
      if (node.textContent !== value) {
        // A new minute, a new place: a clock that stands all night would burn in.
        var clock = line("dark-clock", value);
        clock.style.transform = "translate(" + ((Math.random() - 0.5) * 40).toFixed(1) +
          "vw, " + ((Math.random() - 0.5) * 40).toFixed(1) + "vh)";
        node.replaceChildren(clock);
      }
    } else if (node.firstChild) {
      node.replaceChildren();
    }
  }
  function markName(c) {
    var root = document.getElementById("wall");
    if (!root) { return; }
    if (c && c.name) {
      if (root.getAttribute("data-screen") !== c.name) { root.setAttribute("data-screen", c.name); }
    } else if (root.hasAttribute("data-screen")) {
      root.removeAttribute("data-screen");
    }
  }

  // ---- reloads -----------------------------------------------------------------------------
  function quietMoment() {
    var state = wall() ? wall().state() : null;
    return !state || (!state.celebrating && !state.queue);
  }
  // A page that is over the limit right after loading would reload for ever: at most one
  // memory reload per MEMORY_PAUSE_MS (measured on the real clock, which tests do not fix).
  function realNow() { return performance.timeOrigin + performance.now(); }
  function memoryReloadedLately() {
    var last = null;
    try { last = Number(sessionStorage.getItem(MEMORY_KEY)); } catch (e) { /* */ }
    return !!last && realNow() - last < MEMORY_PAUSE_MS;
  }
  function reload(why) {
    if (leaving) { return; }
    leaving = true;
    try { sessionStorage.setItem("wallboard:reload-why", why); } catch (e) { /* */ }
    location.reload();
  }

  // ---- the control object, from the stream or the poll --------------------------------------
  function apply(c) {
    if (!c || typeof c !== "object") { return; }
    control = c;
    if (atLoad === null) { atLoad = c; identifyShown = c.identify_until; }
    var data = shown();
    if (data && data.identity && c.identity && c.identity !== data.identity) {
      reload("identity");  // named, renamed, re-profiled or forgotten: draw it anew
      return;
    }
    if (c.reload > atLoad.reload) { reload("request"); return; }
    if (c.identify_until && c.identify_until !== identifyShown) {
      identifyShown = c.identify_until;
      identifyEnds = performance.now() + IDENTIFY_MS;
    }
    var nightly = c.nightly ? Date.parse(c.nightly) : NaN;
    nightlyAt = nightly > loadedAt ? nightly : null;
    markName(c);
    showPairing(c);
    showError(c);
    tick();
  }
  function tick() {
    if (leaving) { return; }
    var now = Date.now();
    showIdentify(performance.now());
    if (control) { showDark(now); }
    if (control && control.error) { showError(control); }
    if (nightlyAt !== null && now >= nightlyAt && quietMoment()) { reload("nightly"); return; }
    var memory = heapMb();
    if (control && memory !== null && memory > control.memory_limit_mb && quietMoment() &&
        !memoryReloadedLately()) {
      try { sessionStorage.setItem(MEMORY_KEY, String(realNow())); } catch (e) { /* */ }
      reload("memory");
      return;
    }
    if (control && (control.name || control.code) &&
        performance.now() - lastReport > REPORT_MS && wall() && wall().report) {
      lastReport = performance.now();
      wall().report();   // wall.js asks /api/screen with the facts (it reaches the store)
    }
  }
  setInterval(tick, 1000);

  window.wallboardScreen = {
    query: query,
    apply: apply,
    // Dark or waiting for a code: no celebration and no sound; what arrives is marked seen.
    hushed: function () {
      return !!control && ((control.code && !control.name) || isDark(Date.now()));
    },
    state: function () {
      return {device: device, controlled: control !== null, name: control ? control.name : null,
              code: control ? control.code : null, dark: isDark(Date.now()),
              nightlyAt: nightlyAt, loadedAt: loadedAt, since: started};
    }
  };
})();
