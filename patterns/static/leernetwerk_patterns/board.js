/*
 * The pattern board, live: cards that arrive over the websocket are filtered like the server
 * filtered the page (the filter form's values), column counts are recounted, and the "move"
 * steps are shown to those who sit at the card's table (or are managers). The server checks
 * every step again; this only keeps the board tidy. Without JavaScript the board is the same,
 * just not live.
 */
(function () {
  "use strict";

  var board = document.getElementById("board");
  var form = document.getElementById("board-filters");
  if (!board) {
    return;
  }
  var isManager = board.hasAttribute("data-is-manager");
  var myTables = (board.getAttribute("data-my-tables") || "").split(",").filter(Boolean);
  var ownerId = board.getAttribute("data-user-id");

  function value(name) {
    if (!form || !form.elements[name]) {
      return "";
    }
    var field = form.elements[name];
    if (field.type === "checkbox") {
      return field.checked ? "1" : "";
    }
    return (field.value || "").trim();
  }

  function matches(card) {
    var checks = [
      ["status", "data-status"],
      ["type", "data-type"],
    ];
    for (var i = 0; i < checks.length; i += 1) {
      var wanted = value(checks[i][0]);
      if (wanted && card.getAttribute(checks[i][1]) !== wanted) {
        return false;
      }
    }
    var lists = [
      ["wet", "data-laws"],
      ["leefgebied", "data-domains"],
      ["tag", "data-tags"],
    ];
    for (var j = 0; j < lists.length; j += 1) {
      var item = value(lists[j][0]);
      if (item && (card.getAttribute(lists[j][1]) || "").indexOf(" " + item + " ") === -1) {
        return false;
      }
    }
    if (value("te_laat") && card.getAttribute("data-overdue") !== "1") {
      return false;
    }
    if (value("mijn") && ownerId && card.getAttribute("data-owner") !== ownerId) {
      return false;
    }
    var q = value("q").toLowerCase();
    if (q && (card.getAttribute("data-text") || "").indexOf(q) === -1) {
      return false;
    }
    return true;
  }

  function refresh() {
    var columns = board.querySelectorAll("[data-column]");
    for (var c = 0; c < columns.length; c += 1) {
      var cards = columns[c].querySelectorAll(".ln-board-card");
      var shown = 0;
      var overdue = 0;
      for (var k = 0; k < cards.length; k += 1) {
        var card = cards[k];
        var visible = matches(card);
        card.hidden = !visible;
        if (visible) {
          shown += 1;
          if (card.getAttribute("data-overdue") === "1") {
            overdue += 1;
          }
        }
        var steps = card.querySelector("[data-actor-only]");
        if (steps) {
          steps.hidden = !(isManager || myTables.indexOf(steps.getAttribute("data-table")) !== -1);
        }
      }
      var count = columns[c].querySelector("[data-column-count]");
      if (count) {
        // Cards past the column's limit are not on the page; the server counted them.
        shown += parseInt(count.getAttribute("data-more") || "0", 10);
        count.textContent = String(shown);
      }
      var late = columns[c].querySelector("[data-column-overdue]");
      if (late) {
        overdue += parseInt(late.getAttribute("data-more") || "0", 10);
        late.hidden = overdue === 0;
        late.textContent = overdue + " " + (late.getAttribute("data-label") || "");
      }
      var empty = columns[c].querySelector("[data-column-empty]");
      if (empty) {
        empty.hidden = shown > 0;
      }
    }
  }

  document.addEventListener("live:event", refresh);
  refresh();
})();
