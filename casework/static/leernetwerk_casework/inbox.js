/*
 * Lists that follow the member's own notification stream: the doorbraken inbox (issue #18) and
 * the agreements in "Mijn actiepunten" (issue #20). When a notification of one of the list's
 * kinds arrives (a new request for this mandate holder, an agreement given to this member or
 * checked), the list is read again from the server and replaced, and a polite status says so.
 * Without JavaScript a reload does the same.
 */
(function () {
  "use strict";

  var inbox = document.querySelector("[data-doorbraak-inbox]");
  if (!inbox || !window.fetch || !window.DOMParser) {
    return;
  }
  var status = document.querySelector("[data-inbox-status]");

  function refresh() {
    window
      .fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var fresh = new DOMParser()
          .parseFromString(html, "text/html")
          .querySelector("[data-doorbraak-inbox]");
        if (!fresh) {
          return;
        }
        inbox.innerHTML = fresh.innerHTML;
        if (status) {
          status.textContent = status.getAttribute("data-text-new") || "";
        }
      })
      .catch(function () {
        /* the next event, or a reload, tries again */
      });
  }

  document.addEventListener("live:event", function (event) {
    var data = event.detail && event.detail.data;
    if (data && data.kind === "doorbraak.requested") {
      refresh();
    }
  });

  // Any other list: <div id="…" data-live-refresh data-live-kinds="kind kind" data-live-status="…">
  var lists = document.querySelectorAll("[data-live-refresh][id]");
  Array.prototype.forEach.call(lists, function (list) {
    var kinds = (list.getAttribute("data-live-kinds") || "").split(/\s+/);
    document.addEventListener("live:event", function (event) {
      var data = event.detail && event.detail.data;
      if (!data || kinds.indexOf(data.kind) < 0) {
        return;
      }
      window
        .fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          return response.ok ? response.text() : Promise.reject(response.status);
        })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(list.id);
          if (fresh) {
            list.innerHTML = fresh.innerHTML;
            var said = document.querySelector("[data-live-status-for='" + list.id + "']");
            if (said) {
              said.textContent = said.getAttribute("data-text-new") || "";
            }
          }
        })
        .catch(function () {
          /* the next event, or a reload, tries again */
        });
    });
  });
})();
