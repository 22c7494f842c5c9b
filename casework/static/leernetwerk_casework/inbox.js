/*
 * Lists that follow the member's own notification stream: the doorbraken inbox (issue #18) and
 * the agreements in "Mijn actiepunten" (issue #20). When a notification of one of the list's
 * kinds arrives (a new request for this mandate holder, an agreement given to this member or
 * checked), the list is read again from the server and replaced, and a polite status says so.
 * Without JavaScript a reload does the same.
 */
(function () {
  "use strict";

  // <div id="…" data-live-refresh data-live-kinds="kind kind">, and its polite status
  // <p data-live-status-for="…" data-text-new="…">: read again when one of those kinds arrives.
  if (!window.fetch || !window.DOMParser) {
    return;
  }

  function refresh(list) {
    window
      .fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(list.id);
        if (!fresh) {
          return;
        }
        list.innerHTML = fresh.innerHTML;
        var status = document.querySelector("[data-live-status-for='" + list.id + "']");
        if (status) {
          status.textContent = status.getAttribute("data-text-new") || "";
        }
      })
      .catch(function () {
        /* the next event, or a reload, tries again */
      });
  }

  var lists = document.querySelectorAll("[data-live-refresh][id]");
  Array.prototype.forEach.call(lists, function (list) {
    var kinds = (list.getAttribute("data-live-kinds") || "").split(/\s+/);
    document.addEventListener("live:event", function (event) {
      var data = event.detail && event.detail.data;
      if (data && kinds.indexOf(data.kind) >= 0) {
        refresh(list);
      }
    });
  });
})();
