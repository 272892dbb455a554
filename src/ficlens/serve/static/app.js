// Filters start folded on a phone, so the results come first (the page's policy allows only this file).
function foldFilters(root) {
  if (window.matchMedia("(max-width: 760px)").matches) {
    root.querySelectorAll("details.fold").forEach(function (d) { d.open = false; });
  }
}
document.addEventListener("DOMContentLoaded", function () { foldFilters(document); });
document.addEventListener("htmx:load", function (event) { foldFilters(event.target); });
