/*
 * Leernetwerk controls: small behaviours declared with data attributes instead of inline event
 * handlers, so pages run under a Content-Security-Policy without 'unsafe-inline'.
 *   data-autosubmit   a checkbox or select that submits its form when it changes
 *   data-select-all   a read-only field whose text is selected when clicked or focused
 *   data-print        a button that opens the print dialog
 *   data-fold-narrow  a <details> (a filter panel) that starts folded on a phone, unless it
 *                     also has data-keep-open (filters are on)
 *   data-confirm      a form that asks the attribute's question before it is sent (an action
 *                     that cannot be undone); "Cancel" sends nothing
 * And after a form came back refused, the focus goes to what to fix: the form's error summary
 * (.ln-form-errors), else the first field with an error, not the top of the page.
 */
(function () {
  "use strict";

  var summary = document.querySelector("main .ln-form-errors");
  var invalid = document.querySelector(
    "main .ln-field--error :is(input, select, textarea):not([type=hidden])"
  );
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  } else if (invalid) {
    invalid.focus();
  }

  if (window.matchMedia && window.matchMedia("(max-width: 47.99em)").matches) {
    var folding = document.querySelectorAll("details[data-fold-narrow]:not([data-keep-open])");
    for (var i = 0; i < folding.length; i += 1) {
      folding[i].open = false;
    }
  }

  // Capture phase: asked before any other submit handler (data-async forms) sees the event.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var question = form.getAttribute && form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  document.addEventListener("change", function (event) {
    var control = event.target;
    if (control.closest && control.closest("[data-autosubmit]") && control.form) {
      if (control.form.requestSubmit) {
        control.form.requestSubmit();
      } else {
        control.form.submit();
      }
    }
  });

  function selectAll(event) {
    var field = event.target;
    if (field.matches && field.matches("[data-select-all]")) {
      field.select();
    }
  }
  document.addEventListener("click", selectAll);
  document.addEventListener("focusin", selectAll);

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      window.print();
    }
  });
})();
