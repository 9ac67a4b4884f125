// After a failed submission, the error summary (first in the form) takes the focus: screen readers read
// it at once and the keyboard starts from it. Its links move the focus to their field (a group: its first
// input), with the field's label in view. Without JavaScript the summary is still the form's first item.
(function () {
  "use strict";
  function fieldOf(target) {
    if (target.matches("input, textarea, select")) { return target; }
    return target.querySelector("input, textarea, select");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("infodoc-erreurs");
    if (!summary) { return; }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      var field = target && fieldOf(target);
      if (!field) { return; }
      event.preventDefault();
      (target.closest(".infodoc-field") || target).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  });
})();
