// The fleet page: the list of screens refreshes itself every few seconds (the forms around
// it are never touched, so nothing typed is lost), "Use this code" fills the pairing form,
// and the own-hours field is only offered when "Own hours" is chosen.
(function () {
  "use strict";
  var REFRESH_MS = 3000;
  var live = document.getElementById("fleet-live");

  function refresh() {
    if (!live || document.hidden) return;
    fetch(live.dataset.src, {credentials: "same-origin", headers: {Accept: "text/html"},
                             cache: "no-store"})
      .then(function (answer) {
        // Signed out, sign-in ended or role taken away: the whole page says why.
        if (answer.redirected || answer.status === 401 || answer.status === 403) {
          window.location.reload();
          return null;
        }
        return answer.ok ? answer.text() : null;
      })
      .then(function (html) {
        if (html !== null && html !== undefined && html !== live.dataset.shown) {
          var focused = document.activeElement && live.contains(document.activeElement)
            ? document.activeElement.getAttribute("data-action") : null;
          live.innerHTML = html;
          live.dataset.shown = html;
          if (focused) {
            var again = live.querySelector('[data-action="' + focused + '"]');
            if (again) again.focus();
          }
        }
      })
      .catch(function () { /* the server is away for a moment: try again next time */ });
  }

  function hoursField(form) {
    var mode = form.querySelector('select[name="p_hours"]');
    var custom = form.querySelector("[data-hours-custom]");
    if (!mode || !custom) return;
    var show = function () {
      custom.closest(".field").style.display = mode.value === "custom" ? "" : "none";
    };
    mode.addEventListener("change", show);
    show();
  }

  document.addEventListener("click", function (event) {
    var use = event.target.closest("[data-use-code]");
    if (!use) return;
    var code = document.getElementById("code");
    if (!code) return;
    event.preventDefault();
    code.value = use.getAttribute("data-use-code");
    var name = document.getElementById("name");
    (name || code).focus();
    document.getElementById("pair").scrollIntoView({block: "nearest"});
  });

  Array.prototype.forEach.call(document.querySelectorAll("form"), hoursField);
  if (live) {
    live.dataset.shown = "";
    window.setInterval(refresh, REFRESH_MS);
  }
})();
