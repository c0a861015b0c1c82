// Document page: findings list ↔ text, keyboard (j k [ ] u p f l ? Esc), drawer on narrow
// screens, marks beside the scrollbar, "only flagged lines", and the original PDF page.
// The page works without this file; everything here is an enhancement.
(function () {
  "use strict";
  var body = document.body;
  var src = document.getElementById("src");
  var side = document.getElementById("side");
  var flist = document.getElementById("flist");
  var items = flist ? Array.prototype.slice.call(flist.querySelectorAll("li.fi")) : [];
  var barCur = document.getElementById("bar-cur");
  var help = document.getElementById("help");
  var onlyBox = document.getElementById("only-flagged");
  var marksStrip = document.getElementById("marks");
  var folder = location.pathname.replace(/[^/]*$/, "");
  var current = -1;
  var openView = null;

  body.classList.add("js");

  function store(key, value) {
    try {
      if (value === undefined) { return window.localStorage.getItem("auditor." + key + ":" + folder); }
      window.localStorage.setItem("auditor." + key + ":" + folder, value);
    } catch (e) { /* storage disabled: the setting lasts for this page only */ }
    return null;
  }

  function narrow() { return window.matchMedia("(max-width: 879px)").matches; }

  // ---------------------------------------------------------------- documents [ ] u
  var base = body.getAttribute("data-doc") || body.getAttribute("data-page");
  var order = null;
  try { order = JSON.parse(store("order") || "null"); } catch (e) { order = null; }
  if (!order || order.indexOf(base) < 0) { order = window.AUDITOR_PAGES || []; }
  var position = order.indexOf(base);
  function link(id, name) {
    var a = document.getElementById(id);
    if (a && name) { a.href = encodeURIComponent(name); a.hidden = false; }
    return name ? a : null;
  }
  var prevLink = link("prev-doc", position > 0 ? order[position - 1] : null);
  var nextLink = link("next-doc", position >= 0 && position < order.length - 1 ? order[position + 1] : null);
  var pos = document.getElementById("doc-pos");
  if (pos && position >= 0) { pos.textContent = "第 " + (position + 1) + " / " + order.length + " 个文档"; }

  // ---------------------------------------------------------------- help ?
  function toggleHelp(show) {
    if (!help) { return; }
    help.hidden = show === undefined ? !help.hidden : !show;
    if (!help.hidden) { document.getElementById("help-close").focus(); }
  }
  var helpOpen = document.getElementById("help-open");
  if (helpOpen) { helpOpen.addEventListener("click", function () { toggleHelp(); }); }
  document.getElementById("help-close").addEventListener("click", function () { toggleHelp(false); });
  if (help) { help.addEventListener("click", function (e) { if (e.target === help) { toggleHelp(false); } }); }

  // ---------------------------------------------------------------- drawer (narrow screens)
  function drawer(open) {
    if (!side) { return; }
    var wanted = open === undefined ? !body.classList.contains("drawer-open") : open;
    body.classList.toggle("drawer-open", wanted);
    if (barCur) { barCur.setAttribute("aria-expanded", wanted ? "true" : "false"); }
    if (wanted) {
      var item = items[current] || items[0];
      if (item) { scrollSide(item); item.focus({ preventScroll: true }); }
    }
  }
  var closeButton = document.getElementById("drawer-close");
  if (closeButton) { closeButton.addEventListener("click", function () { drawer(false); }); }
  if (barCur) { barCur.addEventListener("click", function () { drawer(); }); }

  function scrollSide(item) {
    // Scroll the list itself, never the window: the text keeps the highlighted span in view.
    var top = item.offsetTop - side.offsetTop;
    if (top < side.scrollTop + 40) { side.scrollTop = Math.max(0, top - 40); }
    else if (top + item.offsetHeight > side.scrollTop + side.clientHeight - 20) {
      side.scrollTop = top + item.offsetHeight - side.clientHeight + 20;
    }
  }

  // ---------------------------------------------------------------- findings j k
  function clear() {
    var lit = src ? src.querySelectorAll("mark.active, mark.active-rel") : [];
    for (var k = 0; k < lit.length; k++) { lit[k].classList.remove("active", "active-rel"); }
    var cur = flist ? flist.querySelector("li.current") : null;
    if (cur) { cur.classList.remove("current"); }
  }

  function summary(item) {
    var code = item.querySelector("code").textContent;
    var sev = item.querySelector(".sev").textContent;
    var message = item.querySelector(".fm").textContent;
    return (current + 1) + "/" + items.length + " " + sev + " " + code + " " + message;
  }

  function activate(i, fromList) {
    if (!src || i < 0 || i >= items.length) { return; }
    clear();
    current = i;
    var key = items[i].getAttribute("data-i");
    var primary = src.querySelectorAll('mark[data-f~="' + key + '"]');
    var related = src.querySelectorAll('mark[data-r~="' + key + '"]');
    for (var a = 0; a < primary.length; a++) { primary[a].classList.add("active"); }
    for (var b = 0; b < related.length; b++) { related[b].classList.add("active-rel"); }
    var item = items[i];
    item.classList.add("current");
    if (narrow()) {
      if (fromList) { drawer(false); }
      if (barCur) { barCur.textContent = summary(item); }
    } else if (side) {
      scrollSide(item);
    }
    if (primary.length) { primary[0].scrollIntoView({ block: "center" }); }
    if (openView) { showPage(item, false); }
    if (window.history && history.replaceState) { history.replaceState(null, "", "#f" + key); }
  }

  items.forEach(function (item, i) {
    item.addEventListener("click", function (event) {
      if (event.target.closest("summary, details, a")) { return; }
      activate(i, true);
    });
    item.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); activate(i, true); }
    });
  });

  if (src) {
    src.addEventListener("click", function (event) {
      var mark = event.target.closest("mark.m");
      if (!mark) { return; }
      var ids = (mark.getAttribute("data-f") || mark.getAttribute("data-r") || "").split(" ");
      var found = items.findIndex(function (item) { return item.getAttribute("data-i") === ids[0]; });
      if (found >= 0) { activate(found); }
    });
  }
  var barPrev = document.getElementById("bar-prev");
  var barNext = document.getElementById("bar-next");
  if (barPrev) { barPrev.addEventListener("click", function () { activate(Math.max(current - 1, 0)); }); }
  if (barNext) { barNext.addEventListener("click", function () { activate(Math.min(current + 1, items.length - 1)); }); }

  // ---------------------------------------------------------------- only flagged lines f
  function setOnly(on) {
    body.classList.toggle("only-flagged", on);
    if (onlyBox) { onlyBox.checked = on; }
    store("onlyFlagged", on ? "1" : "0");
    drawMarks();
    if (current >= 0) {
      var mark = src.querySelector("mark.active");
      if (mark) { mark.scrollIntoView({ block: "center" }); }
    }
  }
  if (onlyBox) { onlyBox.addEventListener("change", function () { setOnly(onlyBox.checked); }); }

  // ---------------------------------------------------------------- scrollbar marks
  function drawMarks() {
    if (!marksStrip || !src) { return; }
    marksStrip.textContent = "";
    // The strip runs down the right edge of the text column, whatever the layout.
    marksStrip.style.left = Math.max(0, src.getBoundingClientRect().right - 11) + "px";
    var srcTop = src.getBoundingClientRect().top + window.pageYOffset;
    var height = Math.max(1, src.offsetHeight);
    var rank = { error: 3, warning: 2, info: 1 };
    var buckets = {};
    var lines = src.querySelectorAll(".l.flag");
    for (var k = 0; k < lines.length; k++) {
      var line = lines[k];
      if (!line.offsetParent) { continue; }
      var sev = line.className.match(/has-(error|warning|info)/);
      if (!sev) { continue; }
      var top = line.getBoundingClientRect().top + window.pageYOffset - srcTop;
      var slot = Math.round(top / height * 400);
      if (!buckets[slot] || rank[sev[1]] > rank[buckets[slot].sev]) { buckets[slot] = { sev: sev[1], line: line }; }
    }
    Object.keys(buckets).forEach(function (slot) {
      var entry = buckets[slot];
      var mark = document.createElement("a");
      mark.className = "mk sev-" + entry.sev;
      mark.style.top = (slot / 4) + "%";
      mark.href = "#" + entry.line.id;
      mark.title = "第 " + entry.line.id.slice(1) + " 行";
      mark.addEventListener("click", function (event) {
        var first = entry.line.querySelector("mark[data-f]:not([data-f=''])");
        if (!first) { return; }
        event.preventDefault();
        var key = first.getAttribute("data-f").split(" ")[0];
        var index = items.findIndex(function (item) { return item.getAttribute("data-i") === key; });
        if (index >= 0) { activate(index); } else { entry.line.scrollIntoView({ block: "center" }); }
      });
      marksStrip.appendChild(mark);
    });
  }
  // The strip maps the text: it is shown only while the text is on screen, never over the
  // checks and facts tables below it.
  if (marksStrip && src && window.IntersectionObserver) {
    new IntersectionObserver(function (entries) {
      marksStrip.classList.toggle("off", !entries[0].isIntersecting);
    }).observe(src);
  }
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(drawMarks, 150);
  });

  // ---------------------------------------------------------------- original page p
  function showPage(item, toggle) {
    var id = item ? item.getAttribute("data-pv") : null;
    if (openView) { openView.classList.remove("open"); }
    if (!id || (toggle && openView && openView.id === id)) { openView = null; return; }
    openView = document.getElementById(id);
    if (!openView) { return; }
    openView.classList.add("open");
    var boxes = openView.querySelectorAll("rect.box");
    var target = null;
    for (var k = 0; k < boxes.length; k++) {
      var on = boxes[k].getAttribute("data-f") === item.getAttribute("data-i");
      boxes[k].classList.toggle("on", on);
      if (on && !target) { target = boxes[k]; }
    }
    if (target) { centreBox(openView, target); }
  }
  function centreBox(figure, target) {
    var scroller = figure.querySelector(".pv-scroll");
    var box = target.getBoundingClientRect();
    var frame = scroller.getBoundingClientRect();
    scroller.scrollTop += box.top - frame.top - scroller.clientHeight / 3;
    scroller.scrollLeft += box.left - frame.left - scroller.clientWidth / 4;
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.pv-zoom"), function (b) { b.hidden = false; });
  function closePage() {
    if (openView) { openView.classList.remove("open"); openView = null; }
    if (/^#pv-/.test(location.hash) && history.replaceState) { history.replaceState(null, "", location.pathname); }
  }
  document.addEventListener("click", function (event) {
    var pv = event.target.closest("a.pvlink");
    if (pv) {
      event.preventDefault();
      var item = pv.closest("li.fi");
      if (item) { activate(items.indexOf(item)); showPage(item, false); return; }
      var fake = document.createElement("li");
      fake.setAttribute("data-pv", pv.getAttribute("href").slice(1));
      showPage(fake, false);
      return;
    }
    if (event.target.closest("a.pv-close")) { event.preventDefault(); closePage(); }
    var zoom = event.target.closest("button.pv-zoom");
    if (zoom) {
      var figure = zoom.closest("figure.pv");
      var zoomed = figure.classList.toggle("zoomed");
      zoom.textContent = zoomed ? "缩小" : "放大";
      var on = figure.querySelector("rect.box.on");
      if (on) { centreBox(figure, on); }
    }
  });

  // ---------------------------------------------------------------- keys
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.ctrlKey ||
        event.metaKey || event.altKey) { return; }
    var key = event.key;
    if (key === "?") { toggleHelp(); }
    else if (key === "Escape") {
      if (help && !help.hidden) { toggleHelp(false); }
      else if (openView) { closePage(); }
      else if (body.classList.contains("drawer-open")) { drawer(false); }
      else { clear(); current = -1; }
    }
    else if (help && !help.hidden) { return; }
    else if (key === "j") { activate(Math.min(current + 1, items.length - 1)); }
    else if (key === "k") { activate(Math.max(current - 1, 0)); }
    else if (key === "]") { if (nextLink) { location.href = nextLink.href; } }
    else if (key === "[") { if (prevLink) { location.href = prevLink.href; } }
    else if (key === "u") { location.href = "index.html"; }
    else if (key === "p") { showPage(items[current], true); }
    else if (key === "f") { setOnly(!body.classList.contains("only-flagged")); }
    else if (key === "l") { drawer(); }
    else { return; }
    event.preventDefault();
  });

  setOnly(store("onlyFlagged") === "1");
  var match = /^#f(\d+)$/.exec(location.hash);
  if (match) {
    var start = items.findIndex(function (item) { return item.getAttribute("data-i") === match[1]; });
    if (start >= 0) { activate(start); }
  } else if (/^#pv-/.test(location.hash)) {
    var fig = document.getElementById(location.hash.slice(1));
    if (fig) { fig.classList.add("open"); openView = fig; }
  }
  window.addEventListener("load", drawMarks);
})();
