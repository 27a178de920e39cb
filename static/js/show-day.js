/* The show-day view: keyboard shortcuts, and the page's forms sent in the background.

   N puts the next team in running order on stage, T starts or stops the timer, R sends the next
   ceremony step. A key does nothing while a text field or a list has the focus (typing must not
   send a step), with Ctrl/Alt/Meta held, held down, or while the previous action is on its way.
   Each shortcut submits the very form its button would, so the server checks it the same way
   (the reveal form carries the step number: a step nobody previewed is never sent). */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("live-config").textContent);
  var flashes = document.querySelector("[data-day-flashes]");
  var busy = false;
  var targets = {
    n: function () { return document.querySelector('form[data-shortcut="next-team"]'); },
    t: function () { return document.querySelector(".timer-box form"); },
    r: function () { return document.querySelector('form[action="' + config.revealNext + '"]'); }
  };

  function setBusy(value) {
    // Shown (cursor, and to tests) so nobody presses again while an action is on its way.
    busy = value;
    document.body.toggleAttribute("data-busy", value);
  }

  function typing(node) {
    // Letters mean something in a text field or a list (a select jumps to the option); a focused
    // radio button or checkbox (left by a click) takes no letters, so the keys still work there.
    if (!node) return false;
    if (node.isContentEditable || node.tagName === "TEXTAREA" || node.tagName === "SELECT") return true;
    return node.tagName === "INPUT" && !/^(radio|checkbox|button|submit|reset)$/.test(node.type);
  }

  function label() {
    // Each key's button shows the key, and screen readers announce it.
    Object.keys(targets).forEach(function (key) {
      var form = targets[key](), button = form && form.querySelector("button");
      if (!button) return;
      button.setAttribute("aria-keyshortcuts", key.toUpperCase());
      button.setAttribute("data-key", key.toUpperCase());
    });
  }

  function showFlashes(nodes) {
    flashes.innerHTML = "";
    nodes.forEach(function (node) { flashes.appendChild(document.importNode(node, true)); });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || event.repeat || typing(event.target)) return;
    var find = targets[(event.key || "").toLowerCase()];
    var form = find && find();
    if (!form) return;
    event.preventDefault();
    form.requestSubmit();
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.closest("[data-live-region]")) return;
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    // The answer is the page the action redirects to: its flash messages say what happened.
    fetch(form.action, { method: "POST", body: new FormData(form, event.submitter), credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        showFlashes(Array.prototype.slice.call(page.querySelectorAll("main .flash")));
        return window.LiveRegions.refresh();
      })
      .catch(function () {
        var note = document.createElement("div");
        note.className = "flash flash-error";
        note.setAttribute("role", "alert");
        note.textContent = config.offline;
        showFlashes([note]);
      })
      .then(function () { setBusy(false); });
  });

  document.addEventListener("live-regions:updated", label);
  label();
})();
