/* The judge's outbox: never lose, duplicate or silently change a score sheet.
 *
 * A sheet is written to IndexedDB, with an idempotency key made here, BEFORE its first
 * send; it is sent as JSON over HTTP and marked received only when the server's receipt
 * echoes its key. Until then it stays queued across reloads and closed tabs and is resent
 * with the same key, so the server stores it once however often it arrives.
 *
 * The hall is plain HTTP, not a secure context: no crypto.randomUUID, no service worker,
 * no Web Locks. crypto.getRandomValues and IndexedDB do work there.
 *
 * Record states: queued -> sending -> received | pending_review | rejected.
 * A "queued" record may carry `wait`: "login" (401), "reload" (CSRF) or "retry".
 */
(function (global) {
  "use strict";

  var DB_NAME = "contest-judge-outbox";
  var DB_VERSION = 1;
  var STORE = "sheets";
  var SEND_TIMEOUT_MS = 15000;
  var RETRY_EVERY_MS = 10000;
  var REFUSED = { 403: true, 409: true, 422: true };

  /* 16 random bytes and the time: unique without crypto.randomUUID. */
  function newKey() {
    var bytes = new Uint8Array(16);
    global.crypto.getRandomValues(bytes);
    var hex = "";
    for (var i = 0; i < bytes.length; i++) hex += (bytes[i] + 0x100).toString(16).slice(1);
    return "t" + Date.now().toString(36) + "-" + hex;
  }

  function promisify(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function openDb() {
    var request = global.indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = function () {
      var store = request.result.createObjectStore(STORE, { keyPath: "key" });
      store.createIndex("judge_id", "judge_id");
    };
    return promisify(request);
  }

  /* Resolves when the transaction is durable, not merely when the request succeeded. */
  function write(db, record) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(STORE, "readwrite");
      tx.objectStore(STORE).put(record);
      tx.oncomplete = function () { resolve(record); };
      tx.onerror = function () { reject(tx.error); };
      tx.onabort = function () { reject(tx.error); };
    });
  }

  function Outbox(options) {
    this.judgeId = options.judgeId;
    this.url = options.url;
    this.csrfToken = options.csrfToken;
    this.onChange = options.onChange || function () {};
    this.onBlocked = options.onBlocked || function () {};
    this.records = [];
    this.blocked = null;      // "login" | "reload": stop sending until the page is reloaded
    this.flushing = null;     // the running flush, shared by concurrent callers
    this.again = false;
  }

  Outbox.prototype.init = function () {
    var self = this;
    return openDb().then(function (db) {
      self.db = db;
      return self.reload();
    }).then(function () {
      // A tab closed mid-send left "sending": the same key goes out again.
      var stale = self.records.filter(function (r) { return r.state === "sending"; });
      return Promise.all(stale.map(function (r) { return self.update(r, { state: "queued", wait: "retry" }); }));
    });
  };

  Outbox.prototype.reload = function () {
    var self = this;
    var tx = this.db.transaction(STORE, "readonly");
    return promisify(tx.objectStore(STORE).getAll()).then(function (rows) {
      rows.sort(function (a, b) { return a.created_at - b.created_at; });
      self.records = rows;
      return rows;
    });
  };

  Outbox.prototype.find = function (key) {
    for (var i = 0; i < this.records.length; i++) if (this.records[i].key === key) return this.records[i];
    return null;
  };

  /* Store a new sheet (stored before any send). Storing the same key twice keeps one. */
  Outbox.prototype.add = function (sheet) {
    var existing = this.find(sheet.key);
    if (existing) return Promise.resolve(existing);
    var record = Object.assign({}, sheet, {
      judge_id: this.judgeId, state: "queued", wait: null, attempts: 0, created_at: Date.now(),
    });
    var self = this;
    return write(this.db, record).then(function () {
      if (!self.find(record.key)) self.records.push(record);
      self.onChange(record);
      return record;
    });
  };

  Outbox.prototype.update = function (record, changes) {
    Object.assign(record, changes, { updated_at: Date.now() });
    var self = this;
    return write(this.db, record).then(function () { self.onChange(record); return record; });
  };

  Outbox.prototype.mine = function () {
    var id = this.judgeId;
    return this.records.filter(function (r) { return r.judge_id === id; });
  };

  Outbox.prototype.waiting = function () {
    return this.mine().filter(function (r) { return r.state === "queued" || r.state === "sending"; });
  };

  /* The server's list says this key is stored: that is a receipt too. */
  Outbox.prototype.acknowledge = function (serverSheet) {
    var record = this.find(serverSheet.key);
    if (!record || record.judge_id !== this.judgeId) return Promise.resolve(null);
    if (record.sheet_id === serverSheet.sheet_id && record.status === serverSheet.status) return Promise.resolve(record);
    return this.update(record, receiptChanges(serverSheet));
  };

  /* A late sheet waits for review; a reviewed one may end up rejected by the organizers. */
  function receiptChanges(receipt) {
    var state = { pending_review: "pending_review", rejected: "rejected" }[receipt.status] || "received";
    return {
      state: state, status: receipt.status, sheet_id: receipt.sheet_id, version: receipt.version,
      server_total: receipt.total, received_at: receipt.received_at, wait: null, message: null, fields: null,
      error: state === "rejected" ? "review_rejected" : null,
    };
  }

  /* Send every queued sheet of this judge, oldest first, one at a time. */
  Outbox.prototype.flush = function () {
    var self = this;
    if (this.flushing) { this.again = true; return this.flushing; }
    this.flushing = (async function () {
      do {
        self.again = false;
        var queue = self.mine().filter(function (r) { return r.state === "queued"; });
        for (var i = 0; i < queue.length && !self.blocked; i++) {
          var ok = await self.send(queue[i]);
          if (!ok) break;  // network or server trouble: keep the order, retry later
        }
      } while (self.again && !self.blocked);
    })().finally(function () { self.flushing = null; });
    return this.flushing;
  };

  /* Returns false when sending should pause (no network, server error, login needed). */
  Outbox.prototype.send = async function (record) {
    await this.update(record, { state: "sending", attempts: (record.attempts || 0) + 1 });
    var body = JSON.stringify({
      key: record.key, entry_id: record.entry_id, part_code: record.part_code,
      scores: record.scores, captured_at: record.captured_at, clock: record.clock,
      clock_age_ms: record.clock_age_ms,
    });
    var response, data = null;
    try {
      response = await fetchWithTimeout(this.url, {
        method: "POST", body: body, credentials: "same-origin", redirect: "manual", cache: "no-store",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": this.csrfToken },
      });
      data = await response.json().catch(function () { return null; });
    } catch (error) {
      await this.update(record, { state: "queued", wait: "retry" });
      return false;
    }
    return this.settle(record, response, data);
  };

  Outbox.prototype.settle = async function (record, response, data) {
    var status = response.type === "opaqueredirect" ? 401 : response.status;
    if ((status === 200 || status === 201) && data && data.key === record.key && data.sheet_id != null) {
      await this.update(record, receiptChanges(data));
      return true;
    }
    if (status === 401 || (status === 400 && data && data.error === "csrf")) {
      var why = status === 401 ? "login" : "reload";
      this.blocked = why;
      await this.update(record, { state: "queued", wait: why });
      this.onBlocked(why);
      return false;
    }
    if (REFUSED[status] && data && data.error) {
      await this.update(record, {
        state: "rejected", wait: null, http_status: status, error: data.error,
        message: data.message || "", fields: data.fields || null, locked_at: data.locked_at || null,
      });
      return true;
    }
    // 5xx, 429, a captive portal's HTML, a receipt for another key: not received.
    await this.update(record, { state: "queued", wait: "retry", http_status: status });
    return false;
  };

  function fetchWithTimeout(url, init) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, SEND_TIMEOUT_MS);
    init.signal = controller.signal;
    return fetch(url, init).finally(function () { clearTimeout(timer); });
  }

  /* Resend on page load, when the network returns, and every few seconds. */
  Outbox.prototype.start = function () {
    var self = this;
    var kick = function () { if (self.waiting().length) self.flush(); };
    global.addEventListener("online", kick);
    global.setInterval(kick, RETRY_EVERY_MS);
    kick();
  };

  global.JudgeOutbox = { Outbox: Outbox, newKey: newKey };
})(window);
