/* The hall projector: standings with animated rank changes, the team on stage and its timer,
 * the performance card after each team, the ceremony reveal. Data: standings-client.js. */
(function () {
  "use strict";
  var F = window.standingsFormat, config = F.readConfig(), T = config.texts, lang = config.lang;
  var $ = function (sel) { return document.querySelector(sel); };
  var els = {
    rows: $("[data-rows]"), note: $("[data-note]"), round: $("[data-round]"), cluster: $("[data-cluster]"),
    mode: $("[data-mode]"), ceremony: $("[data-ceremony]"), announce: $("[data-announce]"),
    revealed: $("[data-revealed]"), stageTeam: $("[data-stage-team]"), stagePart: $("[data-stage-part]"),
    timer: $("[data-timer]"), timerValue: $("[data-timer-value]"), timerLimit: $("[data-timer-limit]"),
    card: $("[data-card]"), status: $("[data-status]"), head: $(".pj-board-head"), stage: $("[data-stage]"),
    specials: $("[data-specials]"), specialRows: $("[data-special-rows]")
  };
  var rowEls = {}, lastRank = {}, lastTotal = {}, moved = {}, lastStep = -1, currentStage = null;
  var client = new window.StandingsClient(config, render);
  client.wantsCards = true;
  client.start();
  setInterval(tick, 250);
  window.screenFit.whenLaidOut(fit);

  function render(c) {
    els.status.hidden = c.live();
    if (!c.state || !c.static) return;
    var s = c.state, cluster = c.cluster();
    document.title = c.static.contest.name;
    els.round.textContent = c.static.round.name;
    var hasClusters = Object.keys(c.static.clusters).length > 0;
    els.cluster.textContent = cluster ? c.static.clusters[cluster] : (hasClusters ? T.overall : "");
    // Frozen is the organizer's business: the audience reads a calm note, never a red badge.
    els.mode.hidden = s.m === "live" || s.m === "frozen";
    els.mode.textContent = T["mode_" + s.m] || "";
    els.mode.className = "pj-mode mode-" + s.m;
    var reveal = s.m === "reveal";
    els.ceremony.hidden = !reveal;
    els.rows.hidden = reveal;
    els.head.hidden = reveal;
    els.stage.hidden = reveal;  // the ceremony has the stage: no team "on stage", no stopped timer
    if (!reveal) els.specials.hidden = true;
    els.note.hidden = s.m !== "frozen" && s.m !== "hidden";
    els.note.textContent = s.m === "frozen" ? T.frozen : (s.m === "hidden" ? T.hidden : "");
    if (reveal) renderCeremony(c); else renderBoard(c, cluster);
    renderStage(c, cluster);
    renderCard(c);
    fit();
  }

  /* Every name and every judge's score shows whole, whatever the screen and the panel size. */
  function fit() {
    window.screenFit.names(els.rows, ".name");
    var table = els.card.querySelector("table");
    if (table && !els.card.hidden) window.screenFit.table(table, els.card);
    if (!els.ceremony.hidden) window.screenFit.height(els.revealed);
  }

  function renderBoard(c, cluster) {
    var s = c.state, list;
    if (s.m === "hidden") {
      list = Object.keys(c.static.teams).map(function (id) { return c.static.teams[id]; })
        .filter(function (t) { return !cluster || t.cluster === cluster; }).sort(F.byRunningOrder)
        .map(function (t) { return { id: t.id, name: t.name, total: null, rank: t.order, order: true }; });
    } else {
      var rows = c.rows(cluster);
      list = rows.ranked.concat(rows.unscored.map(function (t) {
        return { id: t.id, name: t.name, total: null, rank: null };
      }));
    }
    layout(list, c);
  }

  function layout(list, c) {
    var n = Math.max(list.length, 1), cols = n > 12 ? 2 : 1, perCol = Math.ceil(n / cols);
    var rowH = Math.min(11, 74 / perCol);
    els.rows.style.setProperty("--row-h", rowH + "vh");
    els.rows.classList.toggle("two-cols", cols === 2);
    var keep = {}, now = Date.now(), stageTeam = currentStage ? currentStage[1] : 0;
    list.forEach(function (item, index) {
      keep[item.id] = true;
      var fresh = !rowEls[item.id], li = rowEls[item.id] || createRow(item.id);
      var col = Math.floor(index / perCol), row = index % perCol;
      li.style.transform = "translate(calc(" + (col * 100) + "% + " + (col * 1.6) + "vh), " + (row * rowH) + "vh)";
      li.querySelector(".rank").textContent = item.rank === null ? "" : (item.order ? "#" + item.rank : item.rank);
      li.querySelector(".name").textContent = item.name;
      li.querySelector(".total").textContent = item.total === null ? (item.order ? "" : "—") : F.points(item.total, lang);
      li.classList.toggle("unscored", item.total === null);
      li.classList.toggle("on-stage", item.id === stageTeam);
      li.classList.toggle("top", item.rank === 1 && item.total !== null);
      markChange(li, item, now);
      if (fresh) requestAnimationFrame(function () { li.style.transition = ""; });  // new rows appear in place
    });
    Object.keys(rowEls).forEach(function (id) {
      if (!keep[id]) { rowEls[id].remove(); delete rowEls[id]; delete lastRank[id]; }
    });
  }

  function markChange(li, item, now) {
    var delta = li.querySelector(".delta");
    if (item.rank !== null && lastRank[item.id] && item.rank !== lastRank[item.id] && item.total !== null) {
      var up = item.rank < lastRank[item.id];
      moved[item.id] = { until: now + 12000, text: (up ? "▲" : "▼") + Math.abs(lastRank[item.id] - item.rank),
                         cls: up ? "up" : "down" };
    }
    if (item.total !== null && lastTotal[item.id] !== undefined && lastTotal[item.id] !== item.total) {
      li.classList.remove("flash");
      void li.offsetWidth;  // restart the highlight animation
      li.classList.add("flash");
    }
    var m = moved[item.id];
    delta.textContent = m && m.until > now ? m.text : "";
    delta.className = "delta " + (m && m.until > now ? m.cls : "");
    if (item.total !== null) { lastRank[item.id] = item.rank; lastTotal[item.id] = item.total; }
  }

  function createRow(id) {
    var li = document.createElement("li");
    li.className = "pj-row";
    li.style.transition = "none";
    li.dataset.team = id;
    li.innerHTML = '<span class="rank"></span><span class="name"></span><span class="delta"></span>' +
                   '<span class="total"></span>';
    els.rows.appendChild(li);
    rowEls[id] = li;
    return li;
  }

  function teamName(c, id) { return (c.static.teams[id] || {}).name || ""; }

  function renderCeremony(c) {
    var s = c.state;
    els.revealed.innerHTML = "";
    s.i.forEach(function (id, index) {
      var li = document.createElement("li");
      li.className = "pj-reveal-row" + (s.z && s.z[id] ? " prize" : "");
      li.innerHTML = '<span class="rank"></span><span class="name"></span><span class="tier"></span><span class="total"></span>';
      li.querySelector(".rank").textContent = s.k[id];
      li.querySelector(".name").textContent = teamName(c, id);
      li.querySelector(".tier").textContent = s.z && s.z[id] ? c.static.tiers[s.z[id]] || "" : "";
      li.querySelector(".total").textContent = F.points(s.t[index], lang);
      els.revealed.appendChild(li);
    });
    // Part prizes and the audience favourite sit beside the ranking: the six places keep their room.
    els.specialRows.innerHTML = "";
    (s.x || []).forEach(function (special) {
      var li = document.createElement("li");
      li.innerHTML = '<span class="tier"></span><span class="name"></span>';
      li.querySelector(".tier").textContent = c.static.tiers[special[1]] || "";
      li.querySelector(".name").textContent = special[2].map(function (id) { return teamName(c, id); }).join(", ");
      els.specialRows.appendChild(li);
    });
    els.specials.hidden = !(s.x && s.x.length);
    if (s.rs !== lastStep) {
      lastStep = s.rs;
      els.announce.innerHTML = "";
      if (s.ls) {
        var tier = document.createElement("p");
        tier.className = "tier";
        tier.textContent = s.ls[1] ? c.static.tiers[s.ls[1]] || "" : T.no_prize;
        var names = document.createElement("p");
        names.className = "teams";
        names.textContent = s.ls[2].map(function (id) { return teamName(c, id); }).join(" · ");
        els.announce.appendChild(tier);
        els.announce.appendChild(names);
        els.announce.classList.remove("in");
        void els.announce.offsetWidth;
        els.announce.classList.add("in");
      }
    }
  }

  function renderStage(c, cluster) {
    currentStage = c.stage(cluster);
    var st = currentStage;
    els.stageTeam.textContent = st && st[1] ? teamName(c, st[1]) : T.nobody_on_stage;
    els.stagePart.textContent = st && st[2] ? c.static.parts[st[2]] || "" : "";
    tick();
  }

  function tick() {
    var st = currentStage;
    if (!st || !st[5]) { els.timer.hidden = true; return; }
    els.timer.hidden = false;
    var end = st[6] || client.serverNow(), elapsed = (end - st[5]) / 1000, limit = st[7];
    els.timerValue.textContent = F.clock(elapsed);
    els.timerLimit.textContent = limit ? " / " + F.clock(limit) : "";
    els.timer.classList.toggle("over", !!limit && elapsed > limit);
    els.timer.classList.toggle("stopped", !!st[6]);
  }

  function renderCard(c) {
    var card = c.card();
    if (!card || c.state.m === "hidden" || c.state.m === "reveal") { els.card.hidden = true; return; }
    els.card.hidden = false;
    var seats = 0;
    card.parts.forEach(function (p) { if (p.judges) seats = Math.max(seats, p.judges.length); });
    var html = '<h2>' + esc(T.last_card) + '</h2><p class="pj-card-team">' + esc(teamName(c, card.team)) + '</p>';
    html += '<table><thead><tr><th></th>';
    for (var i = 1; i <= seats; i++) html += '<th>' + esc(T.judge) + ' ' + i + '</th>';
    html += '<th>' + esc(T.total) + '</th></tr></thead><tbody>';
    card.parts.forEach(function (p) {
      html += '<tr><th>' + esc(c.static.parts[p.code] || p.code) + '</th>';
      for (var j = 0; j < seats; j++) {
        var cell = p.judges && p.judges[j];
        html += cell ? '<td class="j-' + cell[1] + '">' + (cell[0] === null ? "—" : F.points(cell[0], lang)) + '</td>'
          : (j === 0 && p.correct !== undefined ? '<td colspan="' + seats + '" class="quiz">' + p.correct + " " +
             esc(T.correct) + '</td>' : (p.correct !== undefined ? "" : "<td></td>"));
      }
      html += '<td class="score">' + F.points(p.score, lang) + '</td></tr>';
    });
    html += '</tbody></table><p class="pj-card-total">';
    if (card.penalty) html += '<span class="pen">' + esc(T.penalty) + " −" + F.points(card.penalty, lang) + '</span>';
    html += '<span>' + esc(T.total) + ' <strong>' + F.points(card.total, lang) + '</strong></span>';
    if (card.rank) html += '<span>' + esc(T.rank) + ' <strong>' + (c.cluster() && card.crank ? card.crank : card.rank) +
      '</strong></span>';
    els.card.innerHTML = html + '</p>';
  }

  function esc(text) {
    return String(text).replace(/[&<>"]/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[ch];
    });
  }
})();
