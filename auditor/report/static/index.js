// Index page: render the document table from the embedded JSON, with sorting and filters.
(function () {
  "use strict";
  var rows = JSON.parse(document.getElementById("data").textContent);
  var body = document.getElementById("rows");
  var text = document.getElementById("f-text");
  var sev = document.getElementById("f-sev");
  var rule = document.getElementById("f-rule");
  var shown = document.getElementById("shown");
  var LIMIT = 2000;
  var sortKey = "severity", sortDir = -1;

  rows.forEach(function (row, n) {
    row.n = n;
    row.codes = {};
    row.rules.forEach(function (pair) { row.codes[pair[0]] = pair[1]; });
    row.top = row.rules.length ? row.rules[0][0] : "";
    row.severity = row.status === "error" ? 1e9 : row.e * 1e6 + row.w * 1e3 + row.i;
    row.lower = row.path.toLowerCase();
  });

  function el(tag, cls, content) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (content !== undefined) { node.textContent = String(content); }
    return node;
  }

  function count(value, cls) {
    return el("span", "cnt " + (value ? cls : "z"), value);
  }

  function matches(row) {
    var q = text.value.trim().toLowerCase();
    if (q && row.lower.indexOf(q) < 0) { return false; }
    var s = sev.value;
    if (s === "error" && !row.e) { return false; }
    if (s === "warning" && !(row.e || row.w)) { return false; }
    if (s === "info" && !(row.e || row.w || row.i)) { return false; }
    if (s === "clean" && (row.status === "error" || row.e || row.w || row.i)) { return false; }
    if (s === "unreadable" && row.status !== "error") { return false; }
    if (rule.value && !row.codes[rule.value]) { return false; }
    return true;
  }

  function compare(a, b) {
    var x = a[sortKey], y = b[sortKey], r;
    if (typeof x === "number" && typeof y === "number") { r = x - y; }
    else { r = String(x).localeCompare(String(y), "zh-CN"); }
    return r * sortDir || a.n - b.n;
  }

  function render() {
    var list = rows.filter(matches).sort(compare);
    var fragment = document.createDocumentFragment();
    list.slice(0, LIMIT).forEach(function (row) {
      var tr = el("tr");
      tr.setAttribute("data-path", row.path);
      var td = el("td", "path");
      var link = el("a", "", row.path);
      link.href = row.page;
      td.appendChild(link);
      tr.appendChild(td);
      td = el("td");
      if (row.status === "error") {
        td.appendChild(el("span", "status-error", "无法读取"));
        td.appendChild(el("div", "errmsg", row.error));
      } else {
        td.appendChild(el("span", "status-ok", "已审核"));
      }
      tr.appendChild(td);
      td = el("td", "n"); td.appendChild(count(row.e, "e")); tr.appendChild(td);
      td = el("td", "n"); td.appendChild(count(row.w, "w")); tr.appendChild(td);
      td = el("td", "n"); td.appendChild(count(row.i, "i")); tr.appendChild(td);
      td = el("td");
      row.rules.slice(0, 4).forEach(function (pair) {
        td.appendChild(el("span", "rulechip", pair[0] + (pair[1] > 1 ? " ×" + pair[1] : "")));
      });
      if (row.rules.length > 4) { td.appendChild(el("span", "rulechip", "+" + (row.rules.length - 4))); }
      tr.appendChild(td);
      td = el("td", "n", row.passed + " / " + (row.passed + row.failed));
      tr.appendChild(td);
      tr.appendChild(el("td", "n", row.chars.toLocaleString("zh-CN")));
      fragment.appendChild(tr);
    });
    body.textContent = "";
    body.appendChild(fragment);
    var note = "显示 " + Math.min(list.length, LIMIT) + " / " + rows.length + " 个文档";
    if (list.length > LIMIT) { note += "（仅列出前 " + LIMIT + " 个，请用筛选缩小范围）"; }
    shown.textContent = note;
    var heads = document.querySelectorAll("table.docs th[data-key]");
    for (var k = 0; k < heads.length; k++) {
      var key = heads[k].getAttribute("data-key");
      var mine = key === sortKey || (key === "e" && sortKey === "severity");
      heads[k].classList.toggle("asc", mine && sortDir > 0);
      heads[k].classList.toggle("desc", mine && sortDir < 0);
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
    th.addEventListener("click", function () {
      var key = th.getAttribute("data-key");
      if (key === "e") { key = "severity"; }
      if (key === sortKey) { sortDir = -sortDir; }
      else { sortKey = key; sortDir = (key === "path" || key === "status" || key === "top") ? 1 : -1; }
      render();
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
  loadState();
  render();
})();
