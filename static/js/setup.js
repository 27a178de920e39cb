/* Setup pages: show a fieldset only when its select has the matching value; copy-to-clipboard. */
(function () {
  "use strict";
  function syncConditional() {
    document.querySelectorAll("[data-when]").forEach(function (box) {
      var rule = box.getAttribute("data-when").split("=");
      var select = document.querySelector('[name="' + rule[0] + '"]');
      if (!select) { return; }
      var update = function () { box.hidden = select.value !== rule[1]; };
      select.addEventListener("change", update);
      update();
    });
  }
  function copyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var input = document.querySelector(button.getAttribute("data-copy"));
        input.select();
        var done = function () { button.textContent = button.getAttribute("data-done"); };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(input.value).then(done);
        } else {
          document.execCommand("copy");  // plain-HTTP hall network: no async clipboard
          done();
        }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { syncConditional(); copyButtons(); });
}());
