// The documentary search page, enhanced: the « Filtrer » panel opens on wide screens, and the selection bar
// counts the ticked notices (announced politely) and sticks to the top while something is selected.
// Everything works without this file: the panel is a <details>, the selection a form.
(function () {
  "use strict";
  var WIDE = "(min-width: 50rem)";

  function openFiltersOnWideScreens() {
    var panel = document.querySelector("details[data-open-wide]");
    if (panel && window.matchMedia && window.matchMedia(WIDE).matches) {
      panel.open = true;
    }
  }

  function countSelection() {
    var bar = document.querySelector("[data-selection-bar]");
    var output = bar && bar.querySelector("[data-selection-count]");
    if (!output) {
      return;
    }
    var boxes = document.querySelectorAll('input[type="checkbox"][form="selection"][name="id"]');
    function update() {
      var count = 0;
      boxes.forEach(function (box) { if (box.checked) { count += 1; } });
      var text = count === 0 ? output.dataset.none : count === 1 ? output.dataset.one
        : output.dataset.many.replace("{count}", String(count));
      if (output.textContent !== text) {
        output.textContent = text;
      }
      bar.classList.toggle("has-selection", count > 0);
    }
    boxes.forEach(function (box) { box.addEventListener("change", update); });
    update();
  }

  function start() {
    openFiltersOnWideScreens();
    countSelection();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
