// Progressive enhancement only: every page is complete without this script.
// When a citation link targets a highlighted span that had to be split in
// pieces (because it crosses another span), mark every piece, not just the first.
(function () {
  function markTarget() {
    document.querySelectorAll(".is-target").forEach(function (el) { el.classList.remove("is-target"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    document.querySelectorAll('mark[data-span="' + CSS.escape(id) + '"]').forEach(function (el) {
      el.classList.add("is-target");
    });
  }
  window.addEventListener("hashchange", markTarget);
  markTarget();
})();

// Opened from a folder (file://), the search index cannot load: say so in the search box itself.
// (The search page explains it too, with links to the timeline and indexes.)
(function () {
  if (location.protocol !== "file:") return;
  var box = document.getElementById("site-search-q");
  if (!box) return;
  box.placeholder = "Search needs a web server";
  box.title = "Search works when the briefing is served (python build.py serve) or published; from a folder, use the timeline and indexes.";
})();
