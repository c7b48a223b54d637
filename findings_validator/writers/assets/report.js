// Filters: show the finding cards, and the rows of the overview tables, whose verdict and grade match the selects.
// No network, no storage.
(function () {
  "use strict";
  var verdict = document.getElementById("filter-verdict");
  var grade = document.getElementById("filter-grade");
  var count = document.getElementById("filter-count");
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.card"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.overview tbody tr"));
  function keep(element) {
    return (!verdict.value || element.getAttribute("data-verdict") === verdict.value) &&
           (!grade.value || element.getAttribute("data-grade") === grade.value);
  }
  function apply() {
    var shown = 0;
    cards.forEach(function (card) {
      card.hidden = !keep(card);
      if (!card.hidden) { shown += 1; }
    });
    rows.forEach(function (row) { row.hidden = !keep(row); });
    count.textContent = shown + " of " + cards.length + " findings shown";
  }
  verdict.addEventListener("change", apply);
  grade.addEventListener("change", apply);
  apply();
}());
