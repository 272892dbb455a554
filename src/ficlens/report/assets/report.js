// A quote shows "speaker → addressees" and its confidence in one floating tip, on hover and on keyboard
// focus (each quote is in the tab order; a tap focuses it too). Text goes in with textContent only.
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  if (!tip) { return; }
  var confidentOnly = document.getElementById("confident-only");
  var threshold = confidentOnly ? parseFloat(confidentOnly.getAttribute("data-threshold")) : 1;

  function line(text, cls) {
    var span = document.createElement("span");
    span.className = cls;
    span.textContent = text;
    return span;
  }

  function show(quote) {
    var confidence = quote.getAttribute("data-confidence");
    var hidden = quote.classList.contains("unsure") && confidentOnly && confidentOnly.checked;
    tip.textContent = "";
    tip.appendChild(line(hidden ? "speaker hidden: below " + threshold.toFixed(1) : quote.getAttribute("data-who"), "tip-who"));
    if (confidence !== null) { tip.appendChild(line("confidence " + confidence, "tip-conf")); }
    tip.hidden = false;
    var box = quote.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var left = Math.max(4, Math.min(box.left, width - tip.offsetWidth - 4));  // never past the right edge
    tip.style.left = Math.round(left + window.scrollX) + "px";
    tip.style.top = Math.round(box.bottom + window.scrollY + 4) + "px";
    quote.setAttribute("aria-describedby", "tip");
  }

  function hide() { tip.hidden = true; }

  function quoteOf(event) { return event.target.closest ? event.target.closest(".q[data-quote]") : null; }

  document.addEventListener("mouseover", function (event) {
    var quote = quoteOf(event);
    if (quote) { show(quote); } else if (!(document.activeElement && document.activeElement.matches(".q[data-quote]"))) { hide(); }
  });
  document.addEventListener("focusin", function (event) {
    var quote = quoteOf(event);
    if (quote) { show(quote); } else { hide(); }
  });
  document.addEventListener("focusout", function (event) { if (quoteOf(event)) { hide(); } });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { hide(); } });
})();
