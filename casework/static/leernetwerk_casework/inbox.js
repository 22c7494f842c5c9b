/*
 * The doorbraken inbox, live (issue #18): when a new request for this mandate holder arrives
 * (the member's own notification stream says "doorbraak.requested"), the list is read again
 * from the server and replaced, and a polite status says so. Without JavaScript a reload does
 * the same.
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
})();
