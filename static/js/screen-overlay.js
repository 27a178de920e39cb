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
    scope: $("[data-slate-scope]"), rows: $("[data-slate-rows]"), note: $("[data-slate-note]"),
    badge: $("[data-badge]")
  };
  var onStageLabel = els.badge.textContent;
  var client = new window.StandingsClient(config, render);
  client.start();
  window.screenFit.whenLaidOut(function () { if (!els.slate.hidden) window.screenFit.height(els.rows); });

  function view(c) {
    if (config.view !== "auto") return config.view;
    return (c.show && c.show.overlay) || "lower";
  }

  function render(c) {
    if (!c.state || !c.static) return;
    var v = view(c), cluster = c.cluster(), st = c.stage(cluster);
    // During the ceremony the lower third follows the reveal, step by step, as the projector does.
    var step = c.state.m === "reveal" ? c.state.ls : null;
    var onStage = c.state.m !== "reveal" && st && st[1];
    els.lower.hidden = v !== "lower" || !(step || onStage);
    if (step) revealed(c, step);
    else if (onStage) lower(c, st, cluster);
    els.slate.hidden = v !== "slate";
    slate(c, cluster);
    if (!els.slate.hidden) window.screenFit.height(els.rows);
  }

  function lower(c, st, cluster) {
    els.badge.textContent = onStageLabel;
    els.badge.classList.remove("prize");
    els.team.textContent = (c.static.teams[st[1]] || {}).name || "";
    els.part.textContent = st[2] ? c.static.parts[st[2]] || "" : "";
    var row = c.state.m === "live" ? c.rows(cluster).ranked.filter(function (r) { return r.id === st[1]; })[0] : null;
    els.score.hidden = !row;
    if (row) {
      els.scoreLabel.textContent = T.total + " · " + T.rank + " " + row.rank;
      els.scoreValue.textContent = F.points(row.total, lang);
    }
  }

  /* The last reveal step: its prize in the badge, its team(s), and for one ranked team its total. */
  function revealed(c, step) {
    var s = c.state, teams = step[2];
    els.badge.textContent = step[1] ? c.static.tiers[step[1]] || "" : T.no_prize;
    els.badge.classList.add("prize");
    els.team.textContent = teams.map(function (id) { return (c.static.teams[id] || {}).name || ""; }).join(" · ");
    els.part.textContent = step[0] === "audience" ? T.audience : "";
    var index = step[0] === "rank" && teams.length === 1 ? s.i.indexOf(teams[0]) : -1;
    els.score.hidden = index < 0;
    if (index >= 0) {
      els.scoreLabel.textContent = T.total + " · " + T.rank + " " + s.k[teams[0]];
      els.scoreValue.textContent = F.points(s.t[index], lang);
    }
  }

  function slate(c, cluster) {
    var s = c.state, rows;
    els.scope.textContent = c.static.round.name + (cluster ? " · " + c.static.clusters[cluster] : "");
    if (s.m === "reveal") {
      rows = s.i.map(function (id, index) {
        return { rank: s.k[id], name: c.static.teams[id].name, total: s.t[index],
                 tier: s.z && s.z[id] ? c.static.tiers[s.z[id]] : "" };
      });
      (s.x || []).forEach(function (special) {  // part prizes and the audience favourite
        rows.push({ rank: "★", name: special[2].map(function (id) { return c.static.teams[id].name; }).join(", "),
                    total: null, tier: c.static.tiers[special[1]] || "" });
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
      li.innerHTML = '<span class="rank"></span><span class="name"></span><span class="tier"></span><span class="total"></span>';
      li.children[0].textContent = r.rank;
      li.children[1].textContent = r.name;
      li.children[2].textContent = r.tier || "";
      li.children[3].textContent = r.total === null ? "" : F.points(r.total, lang);
      els.rows.appendChild(li);
    });
  }
})();
