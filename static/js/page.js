/* Behaviour shared by every staff page, in place of inline handlers (the CSP allows no inline script):
   forms that ask before submitting, fields that select their text on click, print buttons. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.matches("[data-select-on-click]")) { target.select(); }
    if (target.closest("[data-print]")) { window.print(); }
  });
}());
