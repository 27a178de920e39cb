/* Live standings for every public screen (projector, phones, TV overlay).
 *
 * The server pushes small versioned updates ("standings": ids, totals, ranks, version) over
 * Socket.IO; names and other static data come once from the JSON feed. A screen applies an update
 * only when its version is exactly the next one; otherwise (a missed push, a reconnect, a phone
 * waking from sleep, a page restored from the back/forward cache) it fetches the full snapshot,
 * so it never shows a stale or half-applied board.
 *
 * A server whose public sockets are all taken refuses a phone one ("public-full"). The phone then
 * polls the cached feed (every 1-2 s; unchanged answers are 304s thanks to the ETag), shows the
 * board as usual, and asks for a socket again after half a minute or so.
 */
(function () {
  "use strict";

  function StandingsClient(config, onChange) {
    this.config = config;
    this.onChange = onChange;
    this.show = config.show || {};
    this.roundSlug = config.round || this.followedRound() || config.initialRound;
    this.state = null;          // the applied board (snapshot fields, then updates)
    this.cards = {};            // performance cards by key
    this.pending = [];          // updates that arrived while a snapshot was loading
    this.loading = false;
    this.offset = 0;            // server clock minus this device's clock, in ms
    this.connected = false;
    this.polling = false;       // refused a socket (the server is full): reading the feed instead
    this.wantsCards = false;    // set by screens that show the performance card
  }

  var POLL_MS = 1000, POLL_JITTER_MS = 1000, RETRY_SOCKET_MS = 30000, RETRY_JITTER_MS = 30000;
  var SHOW_EVERY_POLLS = 8;

  StandingsClient.prototype.followedRound = function () {
    if (!this.config.follow || !this.show.round) return null;
    var found = (this.config.rounds || []).filter(function (r) { return r[0] === this.show.round; }, this)[0];
    return found ? found[1] : null;
  };

  StandingsClient.prototype.start = function () {
    var self = this;
    this.fetchSnapshot(0);
    this.socket = window.io({
      auth: { contest: this.config.slug },
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      reconnectionDelayMax: 4000
    });
    this.socket.on("connect", function () {
      self.connected = true;
      self.polling = false;
      self.fetchSnapshot(0);      // whatever happened while away, start from the truth
      self.fetchShow();
      self.changed("connection");
    });
    this.socket.on("disconnect", function () { self.connected = false; self.changed("connection"); });
    this.socket.on("connect_error", function (error) {
      if (error && error.message === "public-full") self.fallBackToPolling();
    });
    this.socket.on("standings", function (update) { self.receive(update); });
    this.socket.on("show", function (show) { self.applyShow(show); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") { self.fetchSnapshot(0); self.fetchShow(); }
    });
    window.addEventListener("pageshow", function (event) { if (event.persisted) self.fetchSnapshot(0); });
    // Back on the Wi-Fi: reconnect now rather than at the end of the back-off (up to 4 s).
    window.addEventListener("online", function () {
      if (!self.socket.connected) { self.socket.disconnect(); self.socket.connect(); }
    });
  };

  /* Live, by socket or by polling: what a screen's "connection lost" notice checks. */
  StandingsClient.prototype.live = function () { return this.connected || this.polling; };

  /* The server has no public socket left: poll the feed, and ask for a socket again later. */
  StandingsClient.prototype.fallBackToPolling = function () {
    var self = this;
    this.socket.disconnect();   // closes the refused connection; no automatic retry
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(function () { self.socket.connect(); },
                                 RETRY_SOCKET_MS + Math.random() * RETRY_JITTER_MS);
    if (this.polling) return;
    this.polling = true;
    this.changed("connection");
    var polls = 0;
    (function tick() {
      if (!self.polling) return;
      if (!self.loading) self.fetchSnapshot(0);
      if (++polls % SHOW_EVERY_POLLS === 0) self.fetchShow();
      setTimeout(tick, POLL_MS + Math.random() * POLL_JITTER_MS);
    })();
  };

  StandingsClient.prototype.feedUrl = function (slug, minVersion) {
    var url = this.config.feed.replace("__round__", encodeURIComponent(slug));
    // A distinct address per wanted version: a micro-caching proxy cannot answer with an older body.
    return minVersion ? url + "?v=" + minVersion : url;
  };

  StandingsClient.prototype.fetchSnapshot = function (minVersion, attempt) {
    var self = this, slug = this.roundSlug;
    if (this.loading && !attempt) return;
    this.loading = true;
    fetch(this.feedUrl(slug, minVersion), { credentials: "same-origin", cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) throw new Error("feed " + response.status);
        var serverTime = Number(response.headers.get("X-Server-Time"));
        if (serverTime) self.offset = serverTime - Date.now();
        return response.json();
      })
      .then(function (snapshot) {
        if (slug !== self.roundSlug) { self.loading = false; self.fetchSnapshot(0); return; }
        if (snapshot.v < minVersion && (attempt || 0) < 8) {
          setTimeout(function () { self.fetchSnapshot(minVersion, (attempt || 0) + 1); }, 250);
          return;
        }
        self.loading = false;
        if (self.unchanged(snapshot)) return;   // a poll that found nothing new
        self.applySnapshot(snapshot);
      })
      .catch(function () {
        self.loading = false;
        setTimeout(function () { self.fetchSnapshot(minVersion); }, 2000);
      });
  };

  StandingsClient.prototype.unchanged = function (snapshot) {
    return !!(this.state && this.static && snapshot.v === this.state.v && snapshot.h === this.static.hash
              && snapshot.round.id === this.static.round.id && !this.pending.length);
  };

  StandingsClient.prototype.applySnapshot = function (snapshot) {
    var teams = {};
    snapshot.teams.forEach(function (t) { teams[t[0]] = { id: t[0], name: t[1], cluster: t[2], order: t[3] }; });
    var tiers = {};
    snapshot.tiers.forEach(function (t) { tiers[t[0]] = t[1]; });
    var clusters = {};
    snapshot.clusters.forEach(function (c) { clusters[c[0]] = c[1]; });
    var parts = {};
    snapshot.parts.forEach(function (p) { parts[p[0]] = p[1]; });
    this.static = { teams: teams, tiers: tiers, clusters: clusters, parts: parts, partOrder: snapshot.parts,
                    contest: snapshot.contest, round: snapshot.round, hash: snapshot.h };
    if (snapshot.card) this.cards[snapshot.card.key] = snapshot.card;
    this.state = snapshot;
    var queued = this.pending;
    this.pending = [];
    queued.forEach(this.receive, this);
    this.changed("snapshot");
  };

  StandingsClient.prototype.receive = function (update) {
    if (!this.static || update.r !== this.static.round.id) {
      if (this.loading) this.pending.push(update);
      return;
    }
    if (this.loading) { this.pending.push(update); return; }
    if (update.v <= this.state.v) return;                   // old or repeated
    if (update.v !== this.state.v + 1 || update.h !== this.static.hash) {
      this.fetchSnapshot(update.v);                          // missed one, or names changed
      return;
    }
    this.offset = update.now - Date.now();
    var card = this.state.card;
    this.state = Object.assign({}, update, { card: card });
    if (this.wantsCards && update.cd && !this.cards[update.cd]) this.fetchCard(update.cd);
    this.changed("update");
  };

  /* Screens that show the performance card fetch it when an update names a new one. */
  StandingsClient.prototype.fetchCard = function (key) {
    var self = this, slug = this.roundSlug;
    fetch(this.config.cardFeed.replace("__round__", encodeURIComponent(slug)) + "?key=" + encodeURIComponent(key),
          { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (card) {
        if (card && card.key) { self.cards[card.key] = card; self.changed("card"); }
      })
      .catch(function () { /* the next snapshot carries it */ });
  };

  StandingsClient.prototype.card = function () {
    if (!this.state || !this.state.cd) return null;
    return this.cards[this.state.cd] || (this.state.card && this.state.card.key === this.state.cd ? this.state.card : null);
  };

  StandingsClient.prototype.applyShow = function (show) {
    if (show.v < (this.show.v || 0)) return;
    this.show = show;
    var followed = this.followedRound();
    if (followed && followed !== this.roundSlug) {
      this.roundSlug = followed;
      this.state = null;
      this.static = null;
      this.fetchSnapshot(0);
    }
    this.changed("show");
  };

  StandingsClient.prototype.fetchShow = function () {
    var self = this;
    fetch(this.config.showFeed, { credentials: "same-origin", cache: "no-cache" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (show) { if (show) self.applyShow(show); })
      .catch(function () { /* the next connect retries */ });
  };

  StandingsClient.prototype.changed = function (why) {
    if (this.onChange) this.onChange(this, why);
    // Add-ons of a screen (screen-movement.js) follow the same board, without a second socket.
    document.dispatchEvent(new CustomEvent("standings:change", { detail: this }));
  };

  StandingsClient.prototype.serverNow = function () { return Date.now() + this.offset; };

  /* The cluster a screen shows: the address's choice, else the organizer's (0: all). */
  StandingsClient.prototype.cluster = function () {
    if (this.config.cluster !== null && this.config.cluster !== undefined) return this.config.cluster;
    if (this.config.follow && this.show.round && this.static && this.show.round === this.static.round.id) {
      return this.show.cluster || 0;
    }
    return 0;
  };

  /* Ranked rows of the scope, best first: {id, name, total, rank}; then the teams not scored yet. */
  StandingsClient.prototype.rows = function (cluster) {
    var s = this.state, teams = this.static.teams, seen = {}, ranked = [], done = {};
    if (!s) return { ranked: [], unscored: [] };
    s.i.forEach(function (id, index) {
      var team = teams[id];
      if (!team) return;
      seen[team.cluster] = (seen[team.cluster] || 0) + 1;
      var rank = s.k[id] !== undefined ? s.k[id] : index + 1;
      var crank = s.c[id] !== undefined ? s.c[id] : seen[team.cluster];
      done[id] = true;
      if (!cluster || team.cluster === cluster) {
        ranked.push({ id: id, name: team.name, total: s.t[index], rank: cluster ? crank : rank,
                      tier: s.z ? s.z[id] : undefined });
      }
    });
    if (cluster) ranked.sort(function (a, b) { return a.rank - b.rank; });
    var unscored = Object.keys(teams).map(function (id) { return teams[id]; })
      .filter(function (t) { return !done[t.id] && (!cluster || t.cluster === cluster); })
      .sort(byRunningOrder);
    return { ranked: ranked, unscored: unscored };
  };

  /* The stage of the scope shown: [cluster, team, part, timer team, timer part, started, stopped, limit]. */
  StandingsClient.prototype.stage = function (cluster) {
    var stages = (this.state && this.state.s) || [];
    var exact = stages.filter(function (st) { return st[0] === (cluster || 0); })[0];
    return exact || stages.filter(function (st) { return st[1] || st[5]; })[0] || null;
  };

  function byRunningOrder(a, b) {
    var ao = a.order === null ? 9999 : a.order, bo = b.order === null ? 9999 : b.order;
    return ao - bo || a.name.localeCompare(b.name, "vi");
  }

  function formatPoints(centipoints, lang) {
    if (centipoints === null || centipoints === undefined) return "—";
    var text = (centipoints / 100).toFixed(2);
    return lang === "en" ? text : text.replace(".", ",");
  }

  function formatClock(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    return String(Math.floor(s / 60)).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
  }

  function readConfig() {
    return JSON.parse(document.getElementById("screen-config").textContent);
  }

  window.StandingsClient = StandingsClient;
  window.standingsFormat = { points: formatPoints, clock: formatClock, byRunningOrder: byRunningOrder,
                             readConfig: readConfig };
})();
