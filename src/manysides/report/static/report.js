/* manysides report behaviour. Reads only data-* attributes the renderer wrote; never evaluates text. */
(function () {
  "use strict";
  var KEY = /^\d+-\d+-\d+$/;
  var lastFinding = null;
  var back = document.getElementById("back");
  var sources = document.getElementById("sources");

  function clearHighlight() {
    document.querySelectorAll("mark.hl").forEach(function (m) { m.classList.remove("hl"); });
    document.querySelectorAll(".f.active").forEach(function (f) { f.classList.remove("active"); });
    document.querySelectorAll(".col.dim").forEach(function (c) { c.classList.remove("dim"); });
  }

  /* Scroll a column's text box (not the page) so that the mark sits in its upper third. */
  function scrollColumn(mark) {
    var box = mark.closest(".doctext");
    if (!box) { return; }
    var top = mark.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    box.scrollTop = Math.max(0, top - box.clientHeight / 3);
  }

  function show(finding) {
    var keys = (finding.getAttribute("data-spans") || "").split(" ").filter(function (k) { return KEY.test(k); });
    if (!keys.length) { return; }
    clearHighlight();
    finding.classList.add("active");
    lastFinding = finding;
    if (sources) { sources.scrollIntoView({ block: "start" }); }
    var first = null;
    keys.forEach(function (key) {
      var marks = document.querySelectorAll('mark[data-k="' + key + '"]');
      marks.forEach(function (m) { m.classList.add("hl"); });
      if (marks.length) {
        scrollColumn(marks[0]);
        if (!first) { first = marks[0]; }
      }
    });
    document.querySelectorAll(".col").forEach(function (col) {
      col.classList.toggle("dim", !col.querySelector("mark.hl"));
    });
    if (first) {
      var cols = document.getElementById("cols");
      var col = first.closest(".col");
      if (cols && col) { cols.scrollLeft = col.offsetLeft - cols.offsetLeft; }
      var anchor = document.getElementById("m-" + first.getAttribute("data-k"));
      (anchor || first).focus({ preventScroll: true });
    }
    if (back) { back.hidden = false; }
  }

  function goBack() {
    if (!lastFinding) { return; }
    var details = lastFinding.closest("details");
    if (details) { details.open = true; }
    lastFinding.scrollIntoView({ block: "center" });
    lastFinding.focus({ preventScroll: true });
    if (back) { back.hidden = true; }
  }

  document.addEventListener("click", function (event) {
    var finding = event.target.closest ? event.target.closest("[data-spans]") : null;
    if (!finding) { return; }
    event.preventDefault();
    show(finding);
  });

  if (back) { back.addEventListener("click", goBack); }

  /* Claim matrix filters: one status at a time, or all. */
  document.querySelectorAll(".filter").forEach(function (button) {
    button.addEventListener("click", function () {
      var want = button.getAttribute("data-filter");
      document.querySelectorAll(".filter").forEach(function (b) {
        b.setAttribute("aria-pressed", b === button ? "true" : "false");
      });
      document.querySelectorAll(".matrix tbody tr").forEach(function (row) {
        row.hidden = !(want === "all" || row.getAttribute("data-status") === want);
      });
    });
  });

  /* Keyboard: 1-8 jump to a section, Esc clears the highlight, b goes back to the last finding. */
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || event.target.isContentEditable) { return; }
    if (event.key === "Escape") { clearHighlight(); if (back) { back.hidden = true; } return; }
    if (event.key === "b" && lastFinding) { goBack(); return; }
    var link = document.querySelector('.top nav a[data-key="' + event.key + '"]');
    if (link) {
      event.preventDefault();
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) {
        target.scrollIntoView({ block: "start" });
        var heading = target.querySelector("h2");
        if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: true }); }
      }
    }
  });

  /* Printing shows every evidence list. */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
})();
