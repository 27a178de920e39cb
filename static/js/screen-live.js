/* The audience's phone page: standings, running order, the team on stage, the audience vote. */
(function () {
  "use strict";
  var F = window.standingsFormat, config = F.readConfig(), T = config.texts, lang = config.lang;
  var $ = function (sel) { return document.querySelector(sel); };
  var els = {
    round: $("[data-round]"), mode: $("[data-mode]"), stage: $("[data-stage]"), stageTeam: $("[data-stage-team]"),
    stagePart: $("[data-stage-part]"), timer: $("[data-timer]"), filterWrap: $("[data-filter-wrap]"),
    filter: $("[data-filter]"), note: $("[data-note]"), standings: $("[data-standings]"), order: $("[data-order]"),
    voteTab: $('[data-tab="vote"]'), voted: $("[data-voted]"), voteList: $("[data-vote-list]"), status: $("[data-status]")
  };
  var chosenCluster = null, lastTotals = {}, stage = null, voted = config.voted, voteTeams = null, voteRound = 0;
  var client = new window.StandingsClient(config, render);
  client.start();
  setInterval(tick, 500);

  document.querySelectorAll("[data-tab]").forEach(function (tab) {
    tab.addEventListener("click", function () {
      document.querySelectorAll("[data-tab]").forEach(function (t) {
        t.setAttribute("aria-selected", t === tab ? "true" : "false");
        document.querySelector('[data-panel="' + t.dataset.tab + '"]').hidden = t !== tab;
      });
    });
  });
  els.filter.addEventListener("change", function () {
    chosenCluster = Number(els.filter.value);
    render(client);
  });

  function render(c) {
    els.status.hidden = c.live();
    renderVote(c);
    if (!c.state || !c.static) return;
    var s = c.state;
    els.round.textContent = c.static.round.name;
    els.mode.hidden = s.m === "live" || s.m === "frozen";  // the audience reads a calm note instead
    els.mode.textContent = T["mode_" + s.m] || "";
    fillFilter(c);
    var cluster = chosenCluster !== null ? chosenCluster : c.cluster();
    els.filter.value = String(cluster);
    els.note.hidden = s.m === "live" || s.m === "reveal";
    els.note.textContent = s.m === "frozen" ? T.frozen : T.hidden;
    if (s.m === "reveal") renderReveal(c); else renderStandings(c, cluster);
    stage = c.stage(cluster);
    renderStage(c);
    renderOrder(c);
  }

  function fillFilter(c) {
    var ids = Object.keys(c.static.clusters);
    els.filterWrap.hidden = ids.length === 0;
    if (els.filter.dataset.round === String(c.static.round.id)) return;
    els.filter.dataset.round = String(c.static.round.id);
    els.filter.innerHTML = "";
    els.filter.appendChild(new Option(T.overall, "0"));
    ids.forEach(function (id) { els.filter.appendChild(new Option(c.static.clusters[id], id)); });
  }

  function item(rank, name, total, cls) {
    var li = document.createElement("li");
    li.className = cls || "";
    li.innerHTML = '<span class="rank"></span><span class="name"></span><span class="total"></span>';
    li.children[0].textContent = rank === null ? "" : rank;
    li.children[1].textContent = name;
    li.children[2].textContent = total;
    return li;
  }

  function renderStandings(c, cluster) {
    var rows = c.rows(cluster), list = document.createDocumentFragment(), hidden = c.state.m === "hidden";
    if (!hidden) {
      rows.ranked.forEach(function (r) {
        var changed = lastTotals[r.id] !== undefined && lastTotals[r.id] !== r.total;
        lastTotals[r.id] = r.total;
        list.appendChild(item(r.rank, r.name, F.points(r.total, lang),
                              (r.rank === 1 ? "first " : "") + (changed ? "changed" : "")));
      });
    }
    var rest = hidden ? rows.unscored.concat(rows.ranked.map(function (r) { return c.static.teams[r.id]; }))
      .sort(F.byRunningOrder) : rows.unscored;
    rest.forEach(function (t) { list.appendChild(item(null, t.name, hidden ? "" : "—", "unscored")); });
    els.standings.innerHTML = "";
    els.standings.appendChild(list);
  }

  function renderReveal(c) {
    var s = c.state, list = document.createDocumentFragment();
    s.i.forEach(function (id, index) {
      var tier = s.z && s.z[id] ? " · " + (c.static.tiers[s.z[id]] || "") : "";
      list.appendChild(item(s.k[id], c.static.teams[id].name + tier, F.points(s.t[index], lang), s.k[id] === 1 ? "first" : ""));
    });
    (s.x || []).forEach(function (special) {
      var names = special[2].map(function (id) { return (c.static.teams[id] || {}).name; }).join(", ");
      list.appendChild(item("★", (c.static.tiers[special[1]] || "") + ": " + names, "", ""));
    });
    els.standings.innerHTML = "";
    els.standings.appendChild(list);
  }

  function renderStage(c) {
    els.stage.hidden = !stage || !stage[1];
    if (!stage || !stage[1]) return;
    els.stageTeam.textContent = (c.static.teams[stage[1]] || {}).name || "";
    els.stagePart.textContent = stage[2] ? "· " + (c.static.parts[stage[2]] || "") : "";
    tick();
  }

  function tick() {
    if (!stage || !stage[5]) { els.timer.textContent = ""; return; }
    var elapsed = ((stage[6] || client.serverNow()) - stage[5]) / 1000;
    els.timer.textContent = F.clock(elapsed) + (stage[7] ? " / " + F.clock(stage[7]) : "");
    els.timer.classList.toggle("over", !!stage[7] && elapsed > stage[7]);
  }

  function renderOrder(c) {
    var groups = {}, clusters = Object.keys(c.static.clusters);
    Object.keys(c.static.teams).forEach(function (id) {
      var t = c.static.teams[id];
      (groups[t.cluster] = groups[t.cluster] || []).push(t);
    });
    var html = document.createElement("div");
    html.className = "ph-order";
    (clusters.length ? clusters : ["0"]).forEach(function (cid) {
      if (clusters.length) {
        var h = document.createElement("h2");
        h.textContent = c.static.clusters[cid];
        html.appendChild(h);
      }
      var ol = document.createElement("ol");
      (groups[cid] || []).sort(F.byRunningOrder).forEach(function (t) {
        var li = document.createElement("li");
        li.textContent = t.name;
        if (stage && stage[1] === t.id) li.className = "now";
        ol.appendChild(li);
      });
      html.appendChild(ol);
    });
    els.order.innerHTML = "";
    els.order.appendChild(html);
  }

  function renderVote(c) {
    var show = c.show || {};
    els.voteTab.hidden = !show.voting;
    if (!show.voting) return;
    if (voteRound !== show.vround) {
      voteRound = show.vround;
      voteTeams = null;
      var slug = (config.rounds.filter(function (r) { return r[0] === show.vround; })[0] || [])[1];
      if (c.static && c.static.round.id === show.vround) voteTeams = c.static.teams;
      else if (slug) {
        fetch(c.feedUrl(slug, 0)).then(function (r) { return r.json(); }).then(function (snap) {
          voteTeams = {};
          snap.teams.forEach(function (t) { voteTeams[t[0]] = { id: t[0], name: t[1], cluster: t[2], order: t[3] }; });
          renderVote(client);
        });
      }
    }
    if (!voteTeams && c.static && c.static.round.id === show.vround) voteTeams = c.static.teams;
    if (!voteTeams) return;
    els.voted.hidden = !voted;
    if (voted) els.voted.textContent = T.voted_for + ": " + ((voteTeams[voted] || {}).name || "");
    els.voteList.innerHTML = "";
    Object.keys(voteTeams).map(function (id) { return voteTeams[id]; }).sort(F.byRunningOrder).forEach(function (t) {
      var li = document.createElement("li"), name = document.createElement("span"), button = document.createElement("button");
      name.className = "name";
      name.textContent = t.name;
      button.textContent = T.vote_for;
      // Codes mode: only a phone opened from a card's QR code (or with its code typed) may vote.
      button.disabled = !!voted || (config.voteMode === "codes" && !config.voteCode);
      button.addEventListener("click", function () { castVote(t.id, button); });
      li.appendChild(name);
      li.appendChild(button);
      els.voteList.appendChild(li);
    });
  }

  function castVote(teamId, button) {
    button.disabled = true;
    fetch(config.voteUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json",
                 "X-CSRFToken": document.querySelector('meta[name="csrf-token"]').content },
      body: JSON.stringify(config.voteCode ? { team: teamId, code: config.voteCode } : { team: teamId })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.status === 201) voted = teamId;
        else if (response.status === 409 && body.team) voted = body.team;
        else { button.disabled = false; window.alert(body.message || T.error); }
        renderVote(client);
      });
    }).catch(function () { button.disabled = false; window.alert(T.error); });
  }
})();
