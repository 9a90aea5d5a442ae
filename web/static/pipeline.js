// Drag an application card onto another column of the pipeline board: submits the card's own form with the
// button of that status, so the move follows exactly the same path (and rules) as clicking the button.
(function () {
  if (window.sankofaPipeline) return;
  window.sankofaPipeline = true;
  var dragged = null;

  function moveButton(card, column) {
    if (!card || !column) return null;
    return card.querySelector('button[name="status"][value="' + column.dataset.status + '"]');
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-card]");
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.card);
  });
  document.addEventListener("dragend", function () {
    dragged = null;
    document.querySelectorAll(".board-column.drop-ok").forEach(function (c) { c.classList.remove("drop-ok"); });
  });
  document.addEventListener("dragover", function (event) {
    var column = event.target.closest && event.target.closest(".board-column");
    if (moveButton(dragged, column)) {
      event.preventDefault();
      column.classList.add("drop-ok");
    }
  });
  document.addEventListener("dragleave", function (event) {
    var column = event.target.closest && event.target.closest(".board-column");
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("drop-ok");
  });
  document.addEventListener("drop", function (event) {
    var column = event.target.closest && event.target.closest(".board-column");
    var button = moveButton(dragged, column);
    if (!button) return;
    event.preventDefault();
    column.classList.remove("drop-ok");
    button.form.requestSubmit(button);
  });
})();
