/*
 * Leernetwerk discussion: forms marked data-async post in the background (no reload, the typed
 * text is kept on an error), and per-user controls in live-inserted comments are revealed for
 * their author (edit within the window, remove) and for managers (hide). Without JavaScript the
 * same forms post normally and the page reloads.
 */
(function () {
  "use strict";

  var section = document.getElementById("discussion");
  var userHolder = document.querySelector("[data-user-id]");
  var userId = userHolder ? userHolder.getAttribute("data-user-id") : "";
  var isManager = section ? section.hasAttribute("data-is-manager") : false;
  var isMandateHolder = !!document.querySelector("[data-is-mandate-holder]");

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) {
      return input.value;
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function revealControls(root) {
    var now = Date.now();
    var owned = root.querySelectorAll("[data-owner-only]");
    for (var i = 0; i < owned.length; i += 1) {
      var mine = userId && owned[i].getAttribute("data-owner") === userId;
      owned[i].hidden = !mine;
      var until = Date.parse(owned[i].getAttribute("data-editable-until") || "");
      var edit = owned[i].querySelector("[data-edit-link]");
      if (edit && !isNaN(until) && until < now) {
        edit.hidden = true;
      }
    }
    var moderation = root.querySelectorAll("[data-manager-only]");
    for (var j = 0; j < moderation.length; j += 1) {
      moderation[j].hidden = !isManager;
    }
    var mandate = document.querySelectorAll("[data-mandate-only]");
    for (var k = 0; k < mandate.length; k += 1) {
      mandate[k].hidden = !isMandateHolder || mandate[k].getAttribute("data-requester") === userId;
    }
  }

  function showErrors(form, errors) {
    var box = form.querySelector("[data-form-errors]");
    var lines = [];
    Object.keys(errors || {}).forEach(function (field) {
      (errors[field] || []).forEach(function (message) {
        lines.push(message);
      });
    });
    if (box) {
      box.textContent = "";
      lines.forEach(function (line) {
        var p = document.createElement("p");
        p.textContent = line;
        box.appendChild(p);
      });
    } else if (lines.length) {
      window.alert(lines.join("\n"));
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-async") || !window.fetch) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
    }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return { ok: response.ok, errors: { __all__: [response.statusText] } };
          })
          .then(function (data) {
            if (data.ok) {
              showErrors(form, {});
              if (form.hasAttribute("data-reload")) {
                window.location.reload();
                return;
              }
              if (form.hasAttribute("data-keep")) {
                var box = form.querySelector("[data-form-errors]");
                if (box) {
                  box.textContent = form.getAttribute("data-saved-text") || "";
                }
                return;
              }
              form.reset();
              var details = form.closest("details");
              if (details) {
                details.open = false;
              }
            } else {
              showErrors(form, data.errors);
            }
          });
      })
      .catch(function () {
        showErrors(form, { __all__: [form.getAttribute("data-offline-text") || "Offline"] });
      })
      .then(function () {
        if (button) {
          button.disabled = false;
        }
      });
  });

  document.addEventListener("live:event", function () {
    revealControls(document);
  });
  revealControls(document);
})();
