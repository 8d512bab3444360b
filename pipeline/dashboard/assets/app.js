// Tableau de bord : tri des tableaux et filtres de la liste des actions. Aucune ressource externe.
(function () {
  "use strict";
  var collator = new Intl.Collator("fr", { numeric: true, sensitivity: "base" });

  function sortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, column) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
          return ascending ? collator.compare(x, y) : collator.compare(y, x);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function filters() {
    var table = document.getElementById("actions");
    if (!table) { return; }
    var axis = document.getElementById("filtre-axe"), status = document.getElementById("filtre-statut");
    var cycle = document.getElementById("filtre-cycle"), text = document.getElementById("filtre-texte");
    var count = document.getElementById("compte");
    var query = new URLSearchParams(window.location.search);
    axis.value = query.get("axe") || ""; status.value = query.get("statut") || "";
    cycle.value = query.get("cycle") || ""; text.value = query.get("texte") || "";

    function apply() {
      var shown = 0, words = text.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var statuses = row.getAttribute("data-statuts").trim().split(" ");
        var wanted = statuses.some(function (pair) {
          var parts = pair.split(":");
          return (!cycle.value || parts[0] === cycle.value) && (!status.value || parts[1] === status.value);
        });
        var ok = (!axis.value || row.getAttribute("data-axe") === axis.value) &&
                 ((!status.value && !cycle.value) || wanted) &&
                 (!words || row.textContent.toLowerCase().indexOf(words) !== -1);
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown + (shown > 1 ? " actions" : " action");
    }
    [axis, status, cycle].forEach(function (el) { el.addEventListener("change", apply); });
    text.addEventListener("input", apply);
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.triable"), sortable);
  filters();
  document.body.setAttribute("data-pret", "oui");
})();
