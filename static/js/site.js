/* The demo host's header: on a phone the menu folds behind a button (without JavaScript it
   simply stays open). */
(function () {
  "use strict";
  var button = document.querySelector("[data-menu-button]");
  var menu = document.getElementById("site-menu");
  if (!button || !menu) {
    return;
  }
  document.documentElement.classList.add("has-menu-button");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-open", open);
  });
})();
