/*
 * Leernetwerk discussion: forms marked data-async post in the background (no reload, the typed
 * text is kept on an error), and per-user controls in live-inserted comments are revealed for
 * their author (edit within the window, remove) and for managers (hide). Without JavaScript the
 * same forms post normally and the page reloads.
 *
 * "Citeren" puts the quote the server wrote into the thread's reply box (without JavaScript the
 * link asks the server for the page with the box filled in). What a member types is kept as a
 * draft in this browser's localStorage only — keyed by case, member and box, never sent
 * anywhere — restored on the next visit, and removed once it is posted (or after two weeks).
 */
(function () {
  "use strict";

  var section = document.getElementById("discussion");
  var userHolder = document.querySelector("[data-user-id]");
  var userId = userHolder ? userHolder.getAttribute("data-user-id") : "";
  var isManager = section ? section.hasAttribute("data-is-manager") : false;
  var isMandateHolder = !!document.querySelector("[data-is-mandate-holder]");
  var caseId = section ? section.getAttribute("data-case-id") : "";
  var DRAFT_PREFIX = "leernetwerk.draft.";
  var DRAFT_MAX_AGE = 14 * 24 * 3600 * 1000;
  var draftTimers = {};

  function draftStore() {
    try {
      var store = window.localStorage;
      store.setItem(DRAFT_PREFIX + "probe", "1");
      store.removeItem(DRAFT_PREFIX + "probe");
      return store;
    } catch (error) {
      return null;
    }
  }
  var drafts = section && caseId && userId ? draftStore() : null;

  function draftKey(box) {
    return DRAFT_PREFIX + caseId + "." + userId + "." + box.getAttribute("data-draft");
  }

  function draftStatus(box, text) {
    var form = box.form;
    var line = form ? form.querySelector("[data-draft-status]") : null;
    if (line) {
      line.textContent = text;
    }
  }

  function saveDraft(box) {
    if (!drafts) {
      return;
    }
    try {
      if (box.value.trim()) {
        drafts.setItem(draftKey(box), JSON.stringify({ text: box.value, at: Date.now() }));
        draftStatus(box, section.getAttribute("data-draft-saved") || "");
      } else {
        drafts.removeItem(draftKey(box));
        draftStatus(box, "");
      }
    } catch (error) {
      /* storage full or switched off: the text stays in the box */
    }
  }

  function clearDrafts(form) {
    var boxes = form.querySelectorAll("textarea[data-draft]");
    for (var i = 0; i < boxes.length; i += 1) {
      if (drafts) {
        drafts.removeItem(draftKey(boxes[i]));
      }
      boxes[i].defaultValue = "";
      boxes[i].value = "";
      draftStatus(boxes[i], "");
    }
  }

  function restoreDrafts() {
    if (!drafts) {
      return;
    }
    var now = Date.now();
    for (var i = drafts.length - 1; i >= 0; i -= 1) {
      var key = drafts.key(i);
      if (key && key.indexOf(DRAFT_PREFIX) === 0) {
        var old = null;
        try {
          old = JSON.parse(drafts.getItem(key));
        } catch (error) {
          old = null;
        }
        if (!old || !old.at || now - old.at > DRAFT_MAX_AGE) {
          drafts.removeItem(key);
        }
      }
    }
    var boxes = section.querySelectorAll("textarea[data-draft]");
    for (var j = 0; j < boxes.length; j += 1) {
      var saved = null;
      try {
        saved = JSON.parse(drafts.getItem(draftKey(boxes[j])) || "null");
      } catch (error) {
        saved = null;
      }
      if (saved && saved.text && !boxes[j].value.trim()) {
        boxes[j].value = saved.text;
        var details = boxes[j].closest("details");
        if (details) {
          details.open = true;
        }
        draftStatus(boxes[j], section.getAttribute("data-draft-restored") || "");
      }
    }
  }

  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("textarea[data-draft]")) {
      return;
    }
    var key = box.getAttribute("data-draft");
    window.clearTimeout(draftTimers[key]);
    draftTimers[key] = window.setTimeout(function () {
      saveDraft(box);
    }, 600);
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-quote]") : null;
    if (!link) {
      return;
    }
    var thread = link.getAttribute("data-quote-thread");
    var box = document.getElementById("reply-" + thread);
    if (!box) {
      return; /* the link itself: the server fills the box in */
    }
    event.preventDefault();
    var details = document.getElementById("reply-form-" + thread);
    if (details) {
      details.open = true;
    }
    var quote = link.getAttribute("data-quote") || "";
    box.value = box.value.trim() ? box.value.replace(/\s*$/, "\n\n") + quote : quote;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    saveDraft(box);
  });

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
    var listed = root.querySelectorAll("[data-members-only]");
    for (var m = 0; m < listed.length; m += 1) {
      var members = " " + (listed[m].getAttribute("data-members") || "") + " ";
      var named = userId && members.indexOf(" " + userId + " ") >= 0;
      listed[m].hidden = !(named || (isManager && listed[m].hasAttribute("data-or-manager")));
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
              clearDrafts(form);
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
  restoreDrafts();
})();
