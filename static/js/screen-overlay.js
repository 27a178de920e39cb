/* TV graphics for a broadcast browser source (OBS, vMix): a lower third with the team on stage and
 * its score, and a full-screen standings slate. The page is transparent; ?view=lower|slate forces a
 * graphic, ?view=auto (default) follows the organizer's choice. */
(function () {
  "use strict";
  var F = window.standingsFormat, config = F.readConfig(), T = config.texts, lang = config.lang;
  var $ = function (sel) { return document.querySelector(sel); };
  var els = {
    lower: $("[data-lower]"), team: $("[data-team]"), part: $("[data-part]"), score: $("[data-score]"),
    scoreLabel: $("[data-score-label]"), scoreValue: $("[data-score-value]"), slate: $("[data-slate]"),
    scope: $("[data-slate-scope]"), rows: $("[data-slate-rows]"), note: $("[data-slate-note]")
  };
  var client = new window.StandingsClient(config, render);
  client.start();

  function view(c) {
    if (config.view !== "auto") return config.view;
    return (c.show && c.show.overlay) || "lower";
  }

  function render(c) {
    if (!c.state || !c.static) return;
    var v = view(c), cluster = c.cluster(), st = c.stage(cluster);
    els.lower.hidden = v !== "lower" || !st || !st[1];
    els.slate.hidden = v !== "slate";
    if (st && st[1]) lower(c, st, cluster);
    slate(c, cluster);
  }

  function lower(c, st, cluster) {
    els.team.textContent = (c.static.teams[st[1]] || {}).name || "";
    els.part.textContent = st[2] ? c.static.parts[st[2]] || "" : "";
    var row = c.state.m === "live" ? c.rows(cluster).ranked.filter(function (r) { return r.id === st[1]; })[0] : null;
    els.score.hidden = !row;
    if (row) {
      els.scoreLabel.textContent = T.total + " · " + T.rank + " " + row.rank;
      els.scoreValue.textContent = F.points(row.total, lang);
    }
  }

  function slate(c, cluster) {
    var s = c.state, rows;
    els.scope.textContent = c.static.round.name + (cluster ? " · " + c.static.clusters[cluster] : "");
    if (s.m === "reveal") {
      rows = s.i.map(function (id, index) {
        return { rank: s.k[id], name: c.static.teams[id].name, total: s.t[index] };
      });
    } else if (s.m === "hidden") {
      rows = [];
    } else {
      rows = c.rows(cluster).ranked;
    }
    els.note.hidden = s.m === "live";
    els.note.textContent = T[s.m === "reveal" ? "reveal" : s.m] || "";
    var cols = rows.length > 12 ? 2 : 1, perCol = Math.ceil(Math.max(rows.length, 1) / cols);
    els.rows.style.setProperty("--ov-cols", cols);
    els.rows.style.setProperty("--ov-size", Math.min(4.6, 60 / perCol) + "vh");
    els.rows.innerHTML = "";
    rows.forEach(function (r) {
      var li = document.createElement("li");
      li.innerHTML = '<span class="rank"></span><span class="name"></span><span class="total"></span>';
      li.children[0].textContent = r.rank;
      li.children[1].textContent = r.name;
      li.children[2].textContent = F.points(r.total, lang);
      els.rows.appendChild(li);
    });
  }
})();
