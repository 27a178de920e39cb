/* The draw projector: columns per cluster, teams revealed one at a time.
 * State comes embedded in the page, then from Socket.IO pushes ("draw.reveal"), and again from
 * the state URL after every (re)connect, so a projector that dropped off the Wi-Fi catches up. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("draw-config").textContent);
  var state = null;
  var board = document.getElementById("pj-board");
  var spotlight = document.getElementById("pj-spotlight");
  var spotTimer = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function formatDate(iso) {
    if (!iso) return "";
    var parts = iso.split("-");
    return parts[2] + "/" + parts[1] + "/" + parts[0];
  }

  function header(next) {
    document.getElementById("pj-kind").textContent = next ? config.kinds[next.kind] + (next.label ? ": " + next.label : "") : "";
    document.getElementById("pj-round").textContent = next ? "— " + next.round : "";
    document.getElementById("pj-seed").textContent = next ? next.seed : "";
    document.getElementById("pj-progress").textContent = next ? next.revealed + " / " + next.total + " " + config.words.revealed : "";
    document.getElementById("pj-waiting").hidden = !!next;
  }

  function card(step, kind) {
    var item = el("li", "pj-card");
    item.dataset.team = step.team;
    if (kind === "running_order") {
      item.appendChild(el("span", "pj-pos", step.value));
      item.style.order = step.value;
    }
    item.appendChild(el("span", "pj-name", step.team));
    if (kind === "packages") item.appendChild(el("span", "pj-package", step.value));
    return item;
  }

  function column(group) {
    var section = el("section", "pj-group");
    section.dataset.group = group.key;
    var head = el("header", "pj-group-head");
    head.appendChild(el("h2", "pj-group-name", group.key));
    var where = [group.venue, formatDate(group.held_on)].filter(Boolean).join(" · ");
    if (where) head.appendChild(el("p", "pj-group-where", where));
    section.appendChild(head);
    section.appendChild(el("ol", "pj-list"));
    return section;
  }

  function build(next) {
    state = next;
    header(next);
    board.textContent = "";
    if (!next) return;
    var count = next.groups.length;
    var perGroup = Math.ceil(next.total / Math.max(count, 1));
    board.style.setProperty("--cols", String(Math.min(count, count > 8 ? 10 : 6)));
    board.dataset.density = count > 8 || perGroup > 10 ? "dense" : (count > 6 || perGroup > 7 ? "medium" : "roomy");
    next.groups.forEach(function (group) { board.appendChild(column(group)); });
    next.steps.forEach(function (step) { place(step, false); });
    fit();
  }

  /* The largest card size at which every column fits the screen (projectors never scroll). */
  function fit() {
    if (window.matchMedia("(max-width: 800px)").matches) { board.style.removeProperty("--card"); return; }
    var size = 3.4;
    board.style.setProperty("--card", size + "vh");
    while (board.scrollHeight > board.clientHeight + 1 && size > 1.2) {
      size -= 0.1;
      board.style.setProperty("--card", size.toFixed(2) + "vh");
    }
  }

  function place(step, fresh) {
    var target = board.querySelector('.pj-group[data-group="' + CSS.escape(step.group) + '"] .pj-list');
    if (!target) return;
    var item = card(step, state.kind);
    if (fresh) {
      board.querySelectorAll(".pj-card.fresh").forEach(function (n) { n.classList.remove("fresh"); });
      item.classList.add("fresh", "arriving");
      window.setTimeout(function () { item.classList.remove("arriving"); }, 1900);
    }
    target.appendChild(item);
    if (fresh) fit();
  }

  function spotlightOn(step) {
    document.getElementById("pj-spot-team").textContent = step.team;
    var target = step.group;
    if (state.kind === "running_order") target = step.group + " · " + "#" + step.value;
    if (state.kind === "packages") target = step.value;
    document.getElementById("pj-spot-target").textContent = "→ " + target;
    spotlight.classList.remove("show");
    void spotlight.offsetWidth;  // restart the animation
    spotlight.classList.add("show");
    window.clearTimeout(spotTimer);
    spotTimer = window.setTimeout(function () { spotlight.classList.remove("show"); }, 2200);
  }

  function apply(next) {
    if (!next) return;
    if (!config.follow && next.draw_id !== config.drawId) return;
    if (state && next.draw_id === state.draw_id && next.revealed === state.revealed + 1) {
      var step = next.steps[next.revealed - 1];
      state = next;
      header(next);
      spotlightOn(step);
      place(step, true);
      return;
    }
    if (!state || next.draw_id !== state.draw_id || next.revealed !== state.revealed) build(next);
  }

  function resync() {
    var url = config.follow ? config.screenStateUrl : config.stateUrl;
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (fresh) { if (fresh) apply(fresh); })
      .catch(function () { /* the next push or reconnect tries again */ });
  }

  build(config.state);
  window.addEventListener("resize", fit);
  if (!window.io) return;
  var socket = window.io({ auth: { contest: config.contest } });
  socket.on("draw.reveal", apply);
  socket.on("connect", function () { document.getElementById("pj-offline").hidden = true; resync(); });
  socket.on("disconnect", function () { document.getElementById("pj-offline").hidden = false; });
  // Back on the network: reconnect now, not at the end of Socket.IO's back-off.
  window.addEventListener("online", function () { if (!socket.connected) { socket.disconnect(); socket.connect(); } });
})();
