/* The meeting view's keys, for a presentation clicker and a keyboard:
 *   read aloud:  Right / PageDown / Space / Down = next comment, Left / PageUp / Up = previous,
 *                Home / End = first / last
 *   everywhere:  1 2 3 4 = overview, read aloud, follow-ups, actions
 * Keys typed into a field are left alone.
 *
 * Read aloud: the server puts the period's comments on the stage once, as JSON data
 * (data-comments, renewed with data-token). This script filters and searches them and draws
 * the one current card with textContent only: a customer's comment is never markup. */
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

  const ICONS = { promoter: "★", passive: "●", detractor: "▼" };
  // The period's comments: rows as the server sent them, the words, and what is chosen.
  const reader = { token: null, rows: [], texts: {}, haystack: [], kind: "all", query: "",
                   chosen: [], index: 0 };

  function stage() { return document.getElementById("m-reader-list"); }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function lengthClass(words) {
    const n = words.length;
    return n < 120 ? "short" : n < 260 ? "medium" : n < 480 ? "long" : "xlong";
  }

  // Words compared case-blind with single spaces: a comment is searched whole, all of it.
  function normal(text) {
    return String(text || "").split(/\s+/).filter(Boolean).join(" ").toLocaleLowerCase();
  }

  // What was typed, cut to the search box's limit; the server declares it (maxlength).
  function query(input) {
    const limit = input && input.maxLength > 0 ? input.maxLength : Infinity;
    return normal(input ? input.value.slice(0, limit) : "");
  }

  // One row: [id, score, kind, employee, team, when, comment, customer] (ROW_FIELDS).
  function card(row, pos) {
    const [id, score, kind, employee, team, when, comment, customer] = row;
    const T = reader.texts;
    const article = el("article", "m-read-card m-read-" + kind);
    article.setAttribute("data-current", "");
    article.setAttribute("data-response", String(id));
    article.setAttribute("data-kind", kind);
    article.setAttribute("data-pos", String(pos));
    const head = el("div", "m-read-head");
    const badge = el("span", "m-score m-score-" + kind + " big");
    badge.title = T[kind] || kind;
    const icon = el("span", "m-score-icon", ICONS[kind] || "");
    icon.setAttribute("aria-hidden", "true");
    badge.append(icon, el("span", "m-score-value", String(score)));
    const who = el("span", "m-read-who");
    const dot = el("span", "", " · ");
    dot.setAttribute("aria-hidden", "true");
    who.append(el("span", "m-read-employee", employee || T.no_employee), dot,
               el("span", "m-read-team", team));
    head.append(badge, el("span", "m-read-kind", T[kind] || kind), who,
                el("span", "m-read-date", when));
    article.append(head,
                   el("blockquote", "m-read-text m-read-" + lengthClass(comment),
                      (T.open || "") + comment + (T.close || "")),
                   el("div", "m-read-customer", customer ? "— " + customer : ""));
    return article;
  }

  function position(text) {
    const pos = document.getElementById("m-reader-pos");
    if (pos) pos.textContent = text;
  }

  function show(index) {
    const box = stage();
    if (!box) return;
    const list = reader.chosen;
    if (!list.length) {
      box.replaceChildren(el("div", "m-empty",
                             reader.rows.length ? reader.texts.no_match : reader.texts.none));
      box.setAttribute("data-index", "0");
      position("");
      return;
    }
    const i = Math.max(0, Math.min(index, list.length - 1));
    reader.index = i;
    box.replaceChildren(card(reader.rows[list[i]], i));
    box.setAttribute("data-index", String(i));
    position((i + 1) + " / " + list.length);
  }

  function choose() {
    const words = reader.query;
    const chosen = [];
    for (let n = 0; n < reader.rows.length; n++) {
      if (reader.kind !== "all" && reader.rows[n][2] !== reader.kind) continue;
      if (words && reader.haystack[n].indexOf(words) < 0) continue;
      chosen.push(n);
    }
    reader.chosen = chosen;
    show(0);
  }

  function load(box) {
    let data = { rows: [], texts: {} };
    try {
      data = JSON.parse(box.getAttribute("data-comments") || "{}");
    } catch (error) {
      data = { rows: [], texts: {} };
    }
    reader.token = box.getAttribute("data-token");
    reader.rows = data.rows || [];
    reader.texts = data.texts || {};
    reader.haystack = reader.rows.map(function (row) {
      return normal(row[6] + "\n" + row[3] + "\n" + row[7]);
    });
    const picked = document.querySelector("#m-filter input:checked");
    const search = document.getElementById("m-search");
    reader.kind = picked ? picked.value : "all";
    reader.query = query(search);
    choose();
  }

  function step(by) { show(reader.index + by); }

  const NEXT = { ArrowRight: 1, PageDown: 1, " ": 1, Spacebar: 1, ArrowDown: 1 };
  const PREV = { ArrowLeft: -1, PageUp: -1, ArrowUp: -1 };

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    const box = stage();
    if (box) {
      const by = NEXT[event.key] || PREV[event.key];
      if (by) { event.preventDefault(); step(by); return; }
      if (event.key === "Home") { event.preventDefault(); show(0); return; }
      if (event.key === "End") { event.preventDefault(); show(reader.chosen.length - 1); return; }
    }
    const main = document.getElementById("m-main");
    const page = { PageDown: 0.85, PageUp: -0.85, " ": 0.85 }[event.key];
    if (page && main && !box) {  // the other views scroll under the fixed bar
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
    if (button && stage()) step(parseInt(button.getAttribute("data-step"), 10));
  });

  // The filter pills are radios: a change picks the class and starts at its first comment.
  document.addEventListener("change", function (event) {
    const target = event.target;
    if (target && target.type === "radio" && target.closest && target.closest("#m-filter")) {
      reader.kind = target.value;
      choose();
    }
  });

  // Searching waits for a short pause in typing, then starts at the first match.
  let searchTimer = null;
  function searched(event) {
    if (!event.target || event.target.id !== "m-search") return;
    const input = event.target;
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(function () {
      const words = query(input);
      if (words !== reader.query) { reader.query = words; choose(); }
    }, 150);
  }
  document.addEventListener("input", searched);
  document.addEventListener("search", searched, true);

  // New comments (another period or team): read them and start at the first. A follow-up
  // named in the URL (?response=ID, from a notification) is scrolled into view once.
  let scrolledTo = null;
  function settle() {
    const box = stage();
    if (box && box.getAttribute("data-token") !== reader.token) load(box);
    else if (!box) reader.token = null;
    const nav = document.querySelector(".m-tabs[data-lang]");
    if (nav) document.documentElement.lang = nav.getAttribute("data-lang");
    const mark = document.querySelector(".m-fu.highlight");
    const name = mark && mark.getAttribute("data-response");
    if (mark && name !== scrolledTo) {
      scrolledTo = name;
      mark.scrollIntoView({ block: "center" });
    }
  }
  new MutationObserver(function () { window.requestAnimationFrame(settle); })
    .observe(document.documentElement, { childList: true, subtree: true, attributes: true,
              attributeFilter: ["data-token"] });
})();
