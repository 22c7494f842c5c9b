/*
 * A pattern's page follows the board's stream: when someone else moves, links or edits this
 * pattern, a notice offers to reload (the page is not rewritten under the reader's hands, so a
 * half-written decision is not lost).
 */
(function () {
  "use strict";

  var notice = document.getElementById("pattern-changed");
  if (!notice) {
    return;
  }
  var patternId = Number(notice.getAttribute("data-pattern"));
  document.addEventListener("live:event", function (event) {
    var frame = event.detail || {};
    if (frame.data && frame.data.pattern === patternId) {
      notice.hidden = false;
    }
  });
  var button = notice.querySelector("button");
  if (button) {
    button.addEventListener("click", function () {
      window.location.reload();
    });
  }
})();
