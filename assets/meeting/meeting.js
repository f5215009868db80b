/* The meeting view's keys, for a presentation clicker and a keyboard:
 *   read aloud:  Right / PageDown / Space / Down = next comment, Left / PageUp / Up = previous,
 *                Home / End = first / last
 *   everywhere:  1 2 3 4 = overview, read aloud, follow-ups, actions
 * Keys typed into a field are left alone. The read-aloud cards are all on the page; one is
 * shown at a time (data-current), so paging needs no round trip to the server. */
(function () {
  "use strict";

  // Text fields keep their keys; a clicked filter pill (a radio) or check box does not, so
  // the clicker still pages after someone picked "Detractors" with the mouse.
  const NOT_TYPING = { radio: 1, checkbox: 1, button: 1, submit: 1, reset: 1 };
  function typing(target) {
    if (!target || !target.closest) return false;
    if (target.tagName === "INPUT" && NOT_TYPING[target.type]) return false;
    return Boolean(target.closest("input, textarea, select, [contenteditable=''], " +
                                  "[contenteditable='true'], .dash-dropdown, [role='listbox']"));
  }

  function cards() {
    const stage = document.getElementById("m-reader-list");
    return stage ? Array.from(stage.querySelectorAll(".m-read-card")) : [];
  }

  function show(index) {
    const all = cards();
    const pos = document.getElementById("m-reader-pos");
    if (!all.length) {
      if (pos) pos.textContent = "";
      return;
    }
    const i = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (card, n) {
      if (n === i) card.setAttribute("data-current", "");
      else card.removeAttribute("data-current");
    });
    const stage = document.getElementById("m-reader-list");
    stage.setAttribute("data-index", String(i));
    if (pos) pos.textContent = (i + 1) + " / " + all.length;
  }

  function current() {
    const stage = document.getElementById("m-reader-list");
    return stage ? parseInt(stage.getAttribute("data-index") || "0", 10) : 0;
  }

  function step(by) { show(current() + by); }

  const NEXT = { ArrowRight: 1, PageDown: 1, " ": 1, Spacebar: 1, ArrowDown: 1 };
  const PREV = { ArrowLeft: -1, PageUp: -1, ArrowUp: -1 };

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    const reader = document.getElementById("m-reader-list");
    if (reader && cards().length) {
      const by = NEXT[event.key] || PREV[event.key];
      if (by) { event.preventDefault(); step(by); return; }
      if (event.key === "Home") { event.preventDefault(); show(0); return; }
      if (event.key === "End") { event.preventDefault(); show(cards().length - 1); return; }
    }
    const main = document.getElementById("m-main");
    const page = { PageDown: 0.85, PageUp: -0.85, " ": 0.85 }[event.key];
    if (page && main && !reader) {  // the other views scroll under the fixed bar
      event.preventDefault();
      main.scrollBy({ top: page * main.clientHeight, behavior: "smooth" });
      return;
    }
    if (/^[1-4]$/.test(event.key)) {
      const tab = document.querySelectorAll(".m-tab")[parseInt(event.key, 10) - 1];
      if (tab) { event.preventDefault(); tab.click(); }
    }
  });

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-step]");
    if (button) step(parseInt(button.getAttribute("data-step"), 10));
  });

  // New cards (another filter, search, period or team): start at the first one. A follow-up
  // named in the URL (?response=ID, from a notification) is scrolled into view once.
  let seenList = null;
  let scrolledTo = null;
  function settle() {
    const stage = document.getElementById("m-reader-list");
    const first = stage && stage.querySelector(".m-read-card");
    const signature = first ? first.getAttribute("data-response") + ":" + cards().length : "";
    if (stage && signature !== seenList) {
      seenList = signature;
      show(0);
    }
    const nav = document.querySelector(".m-tabs[data-lang]");
    if (nav) document.documentElement.lang = nav.getAttribute("data-lang");
    const mark = document.querySelector(".m-fu.highlight");
    if (mark && mark.id !== scrolledTo) {
      scrolledTo = mark.id;
      mark.scrollIntoView({ block: "center" });
    }
  }
  new MutationObserver(function () { window.requestAnimationFrame(settle); })
    .observe(document.documentElement, { childList: true, subtree: true });
})();
