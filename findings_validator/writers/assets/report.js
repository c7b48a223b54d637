// Filters: show the finding cards whose verdict and grade match the selects. No network, no storage.
(function () {
  "use strict";
  var verdict = document.getElementById("filter-verdict");
  var grade = document.getElementById("filter-grade");
  var count = document.getElementById("filter-count");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  function apply() {
    var shown = 0;
    cards.forEach(function (card) {
      var keep = (!verdict.value || card.getAttribute("data-verdict") === verdict.value) &&
                 (!grade.value || card.getAttribute("data-grade") === grade.value);
      card.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = shown + " of " + cards.length + " findings shown";
  }
  verdict.addEventListener("change", apply);
  grade.addEventListener("change", apply);
  apply();
}());
