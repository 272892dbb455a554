// Hovering a quote shows "speaker → addressees" in one floating tip. Text goes in with textContent only.
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  if (!tip) { return; }
  document.addEventListener("mouseover", function (event) {
    var quote = event.target.closest ? event.target.closest(".q") : null;
    if (!quote) { tip.hidden = true; return; }
    var box = quote.getBoundingClientRect();
    tip.textContent = quote.getAttribute("data-who");
    tip.style.left = Math.round(box.left + window.scrollX) + "px";
    tip.style.top = Math.round(box.bottom + window.scrollY + 4) + "px";
    tip.hidden = false;
  });
})();
