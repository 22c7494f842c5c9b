/* The notification bell and "mark as read" (one, or a group) without reloading (progressive
   enhancement: the forms post normally without JavaScript). The count itself is kept current by the live stream
   (#notification-count); this keeps the bell's data-unread in step and marks items read. */
(function () {
  "use strict";
  if (window.leernetwerkNotifications) {
    return;
  }
  window.leernetwerkNotifications = true;

  function setCount(count) {
    var badge = document.getElementById("notification-count");
    if (badge && typeof count === "number") {
      badge.textContent = String(count);
    }
    syncBell();
  }

  function syncBell() {
    var badge = document.getElementById("notification-count");
    var link = badge ? badge.closest(".ln-notification-link") : null;
    if (link) {
      link.setAttribute("data-unread", (badge.textContent || "0").trim());
    }
  }

  function csrfToken(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]") ||
      document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field && field.value) {
      return field.value;
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function itemRead(item) {
    item.classList.remove("ln-notification--unread");
    var hint = item.querySelector("a .ln-visually-hidden");
    if (hint) {
      hint.remove();
    }
  }

  function markedRead(form) {
    var item = form.closest(".ln-notification");
    if (item) {
      itemRead(item);
    }
    // "Mark all 3 as read" on a group's newest: everything in the group is read.
    var group = form.hasAttribute("data-notification-group-read") ?
      form.closest("[data-notification-group]") : null;
    if (group) {
      var unread = group.querySelectorAll(".ln-notification--unread");
      for (var i = 0; i < unread.length; i += 1) {
        itemRead(unread[i]);
        var other = unread[i].querySelector("form[data-notification-read]");
        if (other) {
          other.remove();
        }
      }
    }
    form.remove();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-notification-read]") || !window.fetch) {
      return;
    }
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken(form) },
      body: new URLSearchParams(new FormData(form)),
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        markedRead(form);
        setCount(data.unread);
      })
      .catch(function () {
        form.submit();
      });
  });

  document.addEventListener("live:event", syncBell);
  document.addEventListener("DOMContentLoaded", syncBell);
})();
