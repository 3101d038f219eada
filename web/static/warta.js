// Warta: small enhancements only. The page works fully without this script.
(function () {
  "use strict";
  var form = document.getElementById("search");
  document.documentElement.classList.remove("no-js");

  // Ticking a facet or choosing an order searches at once; the new page puts the keyboard
  // focus back on the same control, so a keyboard user does not start again from the top.
  var FOCUS_KEY = "warta-focus";
  document.querySelectorAll(".autosubmit").forEach(function (control) {
    control.addEventListener("change", function () {
      if (!form) return;
      var key = JSON.stringify([control.name, control.type === "checkbox" ? control.value : ""]);
      try { window.sessionStorage.setItem(FOCUS_KEY, key); } catch (e) { /* private mode */ }
      form.requestSubmit();
    });
  });
  // Empty fields stay out of the URL, so a search shared or bookmarked reads cleanly.
  if (form) {
    form.addEventListener("formdata", function (event) {
      var data = event.formData;
      Array.from(new Set(data.keys())).forEach(function (name) {
        var values = data.getAll(name).filter(function (value) { return value.trim() !== ""; });
        data.delete(name);
        values.forEach(function (value) { data.append(name, value); });
      });
    });
  }

  // Long facet lists show their first values, with a button for the rest.
  document.querySelectorAll(".facet").forEach(function (facet) {
    var extra = facet.querySelectorAll("li.extra");
    if (!extra.length) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "more";
    button.setAttribute("aria-expanded", "false");
    button.textContent = "Tampilkan " + extra.length + " lainnya";
    button.addEventListener("click", function () {
      var open = facet.classList.toggle("expanded");
      button.setAttribute("aria-expanded", String(open));
      button.textContent = open ? "Tampilkan lebih sedikit" : "Tampilkan " + extra.length + " lainnya";
    });
    facet.appendChild(button);
  });

  // On a phone the filters start folded so the results come first into view.
  var filters = document.querySelector("details.filters");
  if (filters && window.matchMedia("(max-width: 52rem)").matches) filters.open = false;

  restoreFocus();

  function restoreFocus() {
    var saved = null;
    try {
      saved = window.sessionStorage.getItem(FOCUS_KEY);
      window.sessionStorage.removeItem(FOCUS_KEY);
    } catch (e) { return; /* storage unavailable: focus stays at the top */ }
    if (!saved) return;
    var wanted = JSON.parse(saved);
    var selector = ".autosubmit[name=\"" + CSS.escape(wanted[0]) + "\"]" +
      (wanted[1] ? "[value=\"" + CSS.escape(wanted[1]) + "\"]" : "");
    var control = document.querySelector(selector);
    if (!control) return;
    var details = control.closest("details");
    if (details) details.open = true;
    var facet = control.closest("li.extra") && control.closest(".facet");
    if (facet && !facet.classList.contains("expanded")) facet.querySelector(".more").click();
    control.focus();
  }

  // Actor names suggested as you type, from /facets/actor, within the current search.
  var box = document.getElementById("actor-filter");
  var list = document.getElementById("actor-suggestions");
  if (!box || !list) return;
  var timer = null;
  var shown = [];
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
  box.addEventListener("change", function () {
    if (shown.indexOf(box.value) !== -1 && form) form.requestSubmit();
  });

  function suggest() {
    var prefix = box.value.trim();
    if (!prefix) return fill([]);
    // The suggestions are counted within the current search: its query and filters only.
    var current = new URLSearchParams(window.location.search);
    var params = new URLSearchParams();
    ["q", "outlet", "actor", "from", "to"].forEach(function (name) {
      current.getAll(name).forEach(function (value) { params.append(name, value); });
    });
    params.set("prefix", prefix);
    fetch(box.dataset.suggestUrl + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer && box.value.trim() === prefix) fill(values(answer)); })
      .catch(function () { /* suggestions are optional; typing still works */ });
  }

  function values(answer) {
    // GET /facets/actor answers {"facet": "actor", "prefix": ..., "values": [{value, count}]}.
    return (answer.values || []).map(function (item) { return item.value; });
  }

  function fill(names) {
    shown = names;
    list.replaceChildren.apply(list, names.map(function (name) {
      var option = document.createElement("option");
      option.value = name;
      return option;
    }));
  }
})();
