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
    var node = layer("screen-error", "screen-error");
    if (!c || !c.error) { node.hidden = true; return; }
    node.textContent = text("screen_name_bad", {name: urlName || ""});
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
      if (node.textContent !== value) { node.replaceChildren(line("dark-clock", value)); }
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
    if (nightlyAt !== null && now >= nightlyAt && quietMoment()) { reload("nightly"); return; }
    var memory = heapMb();
    if (control && memory !== null && memory > control.memory_limit_mb && quietMoment()) {
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
