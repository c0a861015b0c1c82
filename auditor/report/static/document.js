// Document page: link findings in the side list to their spans in the text.
(function () {
  "use strict";
  var src = document.getElementById("src");
  var items = Array.prototype.slice.call(document.querySelectorAll("#flist > li.fi"));
  if (!src) { return; }
  var current = -1;

  function clear() {
    var lit = src.querySelectorAll("mark.active, mark.active-rel");
    for (var k = 0; k < lit.length; k++) { lit[k].classList.remove("active", "active-rel"); }
    var cur = document.querySelector("#flist > li.current");
    if (cur) { cur.classList.remove("current"); }
  }

  function activate(i, scrollList) {
    if (i < 0 || i >= items.length) { return; }
    clear();
    current = i;
    var primary = src.querySelectorAll('mark[data-f~="' + i + '"]');
    var related = src.querySelectorAll('mark[data-r~="' + i + '"]');
    for (var a = 0; a < primary.length; a++) { primary[a].classList.add("active"); }
    for (var b = 0; b < related.length; b++) { related[b].classList.add("active-rel"); }
    if (primary.length) { primary[0].scrollIntoView({ block: "center" }); }
    var item = items[i];
    item.classList.add("current");
    if (scrollList !== false) { item.scrollIntoView({ block: "nearest" }); }
    if (window.history && history.replaceState) { history.replaceState(null, "", "#f" + i); }
  }

  items.forEach(function (item) {
    var i = parseInt(item.getAttribute("data-i"), 10);
    item.addEventListener("click", function (event) {
      if (event.target.closest("summary, details")) { return; }
      activate(i, false);
    });
    item.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); activate(i, false); }
    });
  });

  src.addEventListener("click", function (event) {
    var mark = event.target.closest("mark.m");
    if (!mark) { return; }
    var ids = (mark.getAttribute("data-f") || mark.getAttribute("data-r") || "").split(" ");
    if (ids[0] !== "") { activate(parseInt(ids[0], 10)); }
  });

  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.ctrlKey ||
        event.metaKey || event.altKey) { return; }
    if (event.key === "j") { activate(Math.min(current + 1, items.length - 1)); }
    else if (event.key === "k") { activate(Math.max(current - 1, 0)); }
    else if (event.key === "Escape") { clear(); current = -1; }
  });

  var match = /^#f(\d+)$/.exec(location.hash);
  if (match) { activate(parseInt(match[1], 10)); }
})();
