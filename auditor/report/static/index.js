// Index page: sorting and filtering of the document table rendered in the page, the order
// remembered for [ and ] on the document pages, and ? for the keyboard help.
(function () {
  "use strict";
  var body = document.getElementById("rows");
  var text = document.getElementById("f-text");
  var sev = document.getElementById("f-sev");
  var rule = document.getElementById("f-rule");
  var shown = document.getElementById("shown");
  var help = document.getElementById("help");
  var folder = location.pathname.replace(/[^/]*$/, "");
  var sortKey = "severity", sortDir = -1;
  document.getElementById("filters").hidden = false;
  document.body.classList.add("js");

  var rows = Array.prototype.slice.call(body.querySelectorAll("tr")).map(function (tr, n) {
    var d = tr.dataset;
    var e = +d.e, w = +d.w, i = +d.i;
    return {
      tr: tr, n: n, path: d.path, lower: d.path.toLowerCase(), page: d.page, status: d.status,
      e: e, w: w, i: i, passed: +d.passed, chars: +d.chars, top: d.top,
      codes: " " + d.rules + " ",
      severity: d.status === "error" ? 1e12 : e * 1e8 + w * 1e4 + i
    };
  });

  function matches(row) {
    var q = text.value.trim().toLowerCase();
    if (q && row.lower.indexOf(q) < 0) { return false; }
    var s = sev.value;
    if (s === "error" && !row.e) { return false; }
    if (s === "warning" && !(row.e || row.w)) { return false; }
    if (s === "info" && !(row.e || row.w || row.i)) { return false; }
    if (s === "clean" && (row.status === "error" || row.e || row.w || row.i)) { return false; }
    if (s === "unreadable" && row.status !== "error") { return false; }
    if (rule.value && row.codes.indexOf(" " + rule.value + " ") < 0) { return false; }
    return true;
  }

  function compare(a, b) {
    var x = a[sortKey], y = b[sortKey], r;
    if (typeof x === "number" && typeof y === "number") { r = x - y; }
    else { r = String(x).localeCompare(String(y), "zh-CN"); }
    return r * sortDir || a.n - b.n;
  }

  function store(key, value) {
    try { window.localStorage.setItem("auditor." + key + ":" + folder, value); } catch (e) { /* no storage */ }
  }

  function render() {
    var list = rows.slice().sort(compare);
    var visible = [];
    var fragment = document.createDocumentFragment();
    list.forEach(function (row) {
      row.tr.hidden = !matches(row);
      if (!row.tr.hidden) { visible.push(row.page); }
      fragment.appendChild(row.tr);
    });
    body.appendChild(fragment);
    shown.textContent = "显示 " + visible.length.toLocaleString("zh-CN") + " / " +
      rows.length.toLocaleString("zh-CN") + " 个文档";
    store("order", JSON.stringify(visible));
    var heads = document.querySelectorAll("table.docs th[data-key]");
    for (var k = 0; k < heads.length; k++) {
      var mine = heads[k].getAttribute("data-key") === sortKey;
      heads[k].classList.toggle("asc", mine && sortDir > 0);
      heads[k].classList.toggle("desc", mine && sortDir < 0);
      heads[k].setAttribute("aria-sort", mine ? (sortDir > 0 ? "ascending" : "descending") : "none");
    }
    saveState();
  }

  function saveState() {
    var parts = [];
    if (text.value) { parts.push("q=" + encodeURIComponent(text.value)); }
    if (sev.value) { parts.push("sev=" + encodeURIComponent(sev.value)); }
    if (rule.value) { parts.push("rule=" + encodeURIComponent(rule.value)); }
    if (window.history && history.replaceState) {
      history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname);
    }
  }

  function loadState() {
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var kv = part.split("=");
      var value = decodeURIComponent(kv[1] || "");
      if (kv[0] === "q") { text.value = value; }
      if (kv[0] === "sev") { sev.value = value; }
      if (kv[0] === "rule") { rule.value = value; }
    });
  }

  document.querySelectorAll("table.docs th[data-key]").forEach(function (th) {
    th.tabIndex = 0;
    function sortBy() {
      var key = th.getAttribute("data-key");
      if (key === sortKey) { sortDir = -sortDir; }
      else { sortKey = key; sortDir = (key === "path" || key === "status" || key === "top") ? 1 : -1; }
      render();
    }
    th.addEventListener("click", sortBy);
    th.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(); }
    });
  });
  document.querySelectorAll("button.rule-pick").forEach(function (button) {
    button.addEventListener("click", function () {
      rule.value = button.getAttribute("data-rule");
      render();
      document.getElementById("docs").scrollIntoView({ block: "start" });
    });
  });
  text.addEventListener("input", render);
  sev.addEventListener("change", render);
  rule.addEventListener("change", render);
  document.getElementById("f-reset").addEventListener("click", function () {
    text.value = ""; sev.value = ""; rule.value = ""; render();
  });

  function toggleHelp(show) {
    help.hidden = show === undefined ? !help.hidden : !show;
    if (!help.hidden) { document.getElementById("help-close").focus(); }
  }
  document.getElementById("help-open").addEventListener("click", function () { toggleHelp(); });
  document.getElementById("help-close").addEventListener("click", function () { toggleHelp(false); });
  help.addEventListener("click", function (e) { if (e.target === help) { toggleHelp(false); } });
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "?") { toggleHelp(); event.preventDefault(); }
    else if (event.key === "Escape" && !help.hidden) { toggleHelp(false); }
    else if (event.key === "/") { text.focus(); event.preventDefault(); }
  });

  loadState();
  render();
})();
