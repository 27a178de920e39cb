/* The organizer's console: the staff standings table follows the live (never frozen) pushes. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("staff-config").textContent);
  var tbody = document.querySelector("[data-staff-rows]"), version = document.querySelector("[data-staff-version]");
  var stale = document.querySelector("[data-reveal-stale]");
  var last = {};
  var lang = document.documentElement.lang;

  function points(value) {
    if (value === null || value === undefined) return "—";
    var text = (value / 100).toFixed(2);
    return lang === "en" ? text : text.replace(".", ",");
  }

  function cell(text, numeric, strong) {
    var td = document.createElement("td");
    if (numeric) td.className = "num";
    if (strong) { var b = document.createElement("strong"); b.textContent = text; td.appendChild(b); } else td.textContent = text;
    return td;
  }

  function render(board) {
    if (board.r !== config.round || !tbody) return;
    version.textContent = "v" + board.v;
    if (stale && board.reveal) stale.hidden = !board.reveal.stale;
    var withClusters = tbody.closest("table").querySelectorAll("thead th").length > config.parts.length + 4;
    tbody.innerHTML = "";
    board.rows.forEach(function (row) {
      var team = config.teams[row.team] || ["?", 0], tr = document.createElement("tr");
      if (row.total === null) tr.className = "muted";
      if (last[row.team] !== undefined && last[row.team] !== row.total) tr.classList.add("changed");
      last[row.team] = row.total;
      tr.appendChild(cell(row.rank === null ? "" : row.rank, true));
      if (withClusters) {
        var clusterName = document.querySelector('#follow-cluster option[value="' + team[1] + '"]');
        tr.appendChild(cell(clusterName ? clusterName.textContent.split(" · ").pop() : "", false));
        tr.appendChild(cell(row.crank === null ? "" : row.crank, true));
      }
      tr.appendChild(cell(team[0], false));
      config.parts.forEach(function (code) {
        var pending = row.pending[code];
        tr.appendChild(cell(pending ? (pending[1] ? pending[0] + "/" + pending[1] : "—") : points(row.parts[code]), true));
      });
      tr.appendChild(cell(row.penalty ? points(row.penalty) : "", true));
      tr.appendChild(cell(points(row.total), true, true));
      tbody.appendChild(tr);
    });
  }

  var socket = window.io({ auth: { contest: config.slug }, transports: ["websocket", "polling"], tryAllTransports: true });
  socket.on("staff_standings", render);
  socket.on("connect", function () {
    fetch(config.board, { credentials: "same-origin" }).then(function (r) { return r.json(); })
      .then(function (board) { if (board.rows) render(board); });
  });
  // Back on the network: reconnect now, not at the end of Socket.IO's back-off.
  window.addEventListener("online", function () { if (!socket.connected) { socket.disconnect(); socket.connect(); } });
})();
