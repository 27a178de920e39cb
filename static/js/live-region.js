/* Staff pages that stay live: the server renders the page, and when a push says something changed
   the page fetches itself again and swaps its [data-live-region] parts. The server stays the one place
   that builds the markup. What the user is typing survives the swap: a field the user changed keeps
   its value, the focused field keeps the focus, an open <details> stays open.

   Config (script#live-config, JSON): {"slug": contest slug, "round": round id,
   "events": Socket.IO events that mean "fetch again", "watch": optional fields of the staff board,
   "entries": optional entry ids whose `sheet` pushes count (other stages' sheets are ignored)}.
   A `staff_standings` push counts only for this page's round, and with "watch" only when one of
   those fields changed. window.LiveRegions.refresh() fetches now (used after a form sent by script). */
(function () {
  "use strict";
  var node = document.getElementById("live-config");
  if (!node) return;
  var config = JSON.parse(node.textContent);
  var timer = null, running = null, again = false;

  function fieldKey(field) {
    // A field is known by its form's action, the form's hidden fields and its own name (and value for radios).
    var form = field.form, parts = [form ? form.getAttribute("action") : "", field.name];
    if (form) {
      Array.prototype.forEach.call(form.querySelectorAll('input[type="hidden"]'), function (hidden) {
        if (hidden.name !== "csrf_token") parts.push(hidden.name + "=" + hidden.value);
      });
    }
    if (field.type === "radio") parts.push(field.value);
    return parts.join("|");
  }

  function changed(field) {
    if (field.type === "checkbox" || field.type === "radio") return field.checked !== field.defaultChecked;
    if (field.tagName === "SELECT") {
      return Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return field.value !== field.defaultValue;
  }

  function remember(region) {
    var kept = { fields: {}, focus: null, open: {} };
    Array.prototype.forEach.call(region.querySelectorAll("input:not([type=hidden]), select, textarea"), function (field) {
      if (!field.name) return;
      var key = fieldKey(field);
      if (changed(field)) kept.fields[key] = field.type === "checkbox" || field.type === "radio" ? field.checked : field.value;
      if (field === document.activeElement) kept.focus = key;
    });
    Array.prototype.forEach.call(region.querySelectorAll("details[open]"), function (details) {
      var form = details.querySelector("form");
      if (form) kept.open[form.getAttribute("action")] = true;
    });
    return kept;
  }

  function restore(region, kept) {
    Array.prototype.forEach.call(region.querySelectorAll("input:not([type=hidden]), select, textarea"), function (field) {
      if (!field.name) return;
      var key = fieldKey(field);
      if (Object.prototype.hasOwnProperty.call(kept.fields, key)) {
        if (field.type === "checkbox" || field.type === "radio") field.checked = kept.fields[key];
        else field.value = kept.fields[key];
      }
      if (kept.focus === key) field.focus();
    });
    Array.prototype.forEach.call(region.querySelectorAll("details"), function (details) {
      var form = details.querySelector("form");
      if (form && kept.open[form.getAttribute("action")]) details.open = true;
    });
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    Array.prototype.forEach.call(document.querySelectorAll("[data-live-region]"), function (region) {
      var name = region.getAttribute("data-live-region");
      var next = fresh.querySelector('[data-live-region="' + name + '"]');
      if (!next) return;
      var kept = remember(region);
      region.innerHTML = next.innerHTML;
      restore(region, kept);
    });
    document.dispatchEvent(new CustomEvent("live-regions:updated"));
  }

  function refresh() {
    if (running) { again = true; return running; }
    running = fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html) swap(html); })
      .catch(function () { /* offline: the next push or reconnect fetches again */ })
      .then(function () {
        // A push that came during the fetch may be newer than what it brought: fetch again, and
        // whoever waits on this refresh waits for that one too.
        running = null;
        if (again) { again = false; return refresh(); }
      });
    return running;
  }

  function soon() {
    // Pushes come in bursts (a panel sends its sheets together): one fetch per burst.
    clearTimeout(timer);
    timer = setTimeout(refresh, 200);
  }

  window.LiveRegions = { refresh: refresh };
  if (!window.io) return;
  var socket = window.io({ auth: { contest: config.slug }, transports: ["websocket", "polling"], tryAllTransports: true });
  var watched = null;
  function boardMatters(board) {
    // A staff board update counts for this page's round only; with "watch", only when those
    // fields changed (the show-day view ignores new scores, which arrive all the time).
    if (!board || board.r !== config.round) return false;
    if (!config.watch) return true;
    var now = JSON.stringify(config.watch.map(function (key) { return board[key]; }));
    var changed = now !== watched;  // the first one too: the page may predate it
    watched = now;
    return changed;
  }
  config.events.forEach(function (event) {
    socket.on(event, function (payload) {
      if (event === "staff_standings" && !boardMatters(payload)) return;
      if (event === "sheet" && config.entries && config.entries.indexOf(payload.entry_id) < 0) return;
      soon();
    });
  });
  // Pushes sent before the socket joined (or while it was away) are lost: fetch once connected.
  socket.on("connect", soon);
  window.addEventListener("online", function () { if (!socket.connected) { socket.disconnect(); socket.connect(); } });
})();
