/* The judge's tablet: the team on stage, big score controls, read-back, the outbox.
 *
 * Language-neutral: every word comes from the page's config (translated by the server).
 * Scores are integer centipoints from typing to sending (judge-points.js). The pieces that need
 * no state of this page are modules of their own, loaded before it: judge-dom.js (elements,
 * templates, toast), judge-sheet.js (fields and their checks), judge-timer.js (the stage clock),
 * judge-live.js (the socket's pushes) and judge-outbox.js (sheets kept until the server has them).
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("tablet-config").textContent);
  var T = config.texts;
  var P = window.JudgePoints;
  var csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  var CACHE_KEY = "judge-state:" + config.judge.id;
  var DOUBLE_TAP_GUARD_MS = 450;
  var STATE_REFRESH_MS = 60000;

  var app = {
    state: null,        // the last /judge/api/state answer
    clock: config.clock, // the newest signed server time (page load, then each fresh state)
    clockAt: performance.now(), // when it arrived, on the monotonic clock
    entryId: null,      // the team being scored
    partCode: null,
    drafts: {},         // "entry:part" -> {text: {field: "9,5"}, editing: bool, dirty: bool}
    pending: null,      // the sheet shown in the read-back dialog
    onStageKey: null,
    socketUp: false,
  };
  var outbox;
  var $ = function (id) { return document.getElementById(id); };

  /* ---------- small helpers ---------- */

  var el = window.JudgeDom.el, fill = window.JudgeDom.fill, toast = window.JudgeDom.toast;
  function clockTime(iso) { return window.JudgeDom.clockTime(iso, config.timezone); }
  function fmt(cp) { return P.format(cp, T.decimal); }
  function short(cp) { return P.short(cp, T.decimal); }
  function cp(text) { return P.parse(text); }

  /* ---------- the contest data ---------- */

  function parts() { return (app.state && app.state.parts) || []; }
  function entries() { return (app.state && app.state.entries) || []; }
  function findPart(code) { return parts().filter(function (p) { return p.code === code; })[0] || null; }
  function findEntry(id) { return entries().filter(function (e) { return e.entry_id === id; })[0] || null; }

  function isLocked(entry) {
    return !!(entry && entry.locked) || !!(app.state && app.state.round_locked_at);
  }

  /* Local records plus sheets the server knows of that this tablet never stored. */
  function allSheets() { return window.JudgeSheet.allSheets(outbox ? outbox.mine() : [], app.state); }

  function latestSheet(entryId, partCode) {
    return allSheets().filter(function (s) { return s.entry_id === entryId && s.part_code === partCode; })[0] || null;
  }

  function draftFor(entryId, partCode) {
    var key = entryId + ":" + partCode;
    if (!app.drafts[key]) app.drafts[key] = { text: {}, editing: false, dirty: false };
    return app.drafts[key];
  }

  var fieldsOf = window.JudgeSheet.fieldsOf;
  function checkField(field, text) { return window.JudgeSheet.checkField(field, text, T); }
  function sheetOf(part, draft) { return window.JudgeSheet.sheetOf(part, draft, T); }

  /* ---------- rendering ---------- */

  function render() {
    renderStage();
    renderParts();
    renderEditor();
    renderTeams();
    renderSheets();
    renderBanners();
    renderNet();
  }

  function stateText(sheet) {
    if (sheet.state === "received") return fill(T.state_received, { id: sheet.sheet_id });
    if (sheet.state === "pending_review") return fill(T.state_pending_review, { id: sheet.sheet_id });
    if (sheet.state === "rejected") return sheet.error === "review_rejected" ? T.review_rejected : T.state_rejected;
    if (sheet.state === "sending") return T.state_sending;
    if (sheet.wait === "login" || sheet.wait === "reload") return T.state_login;
    if (sheet.wait === "retry") return T.state_retry;
    // The session ended before this sheet was tried (a state fetch answered 401): it waits for a login too.
    if (outbox && outbox.blocked) return T.state_login;
    return T.state_queued;
  }

  function stateBadge(sheet) {
    return el("span", { class: "tb-state tb-state-" + sheet.state, "data-key": sheet.key, text: stateText(sheet) });
  }

  function renderStage() {
    var box = $("stage");
    box.textContent = "";
    var stage = app.state && app.state.on_stage;
    box.hidden = false;
    if (!stage) {
      box.appendChild(el("p", { class: "tb-stage-empty", text: T.nobody_on_stage }));
      return;
    }
    var entry = findEntry(stage.entry_id);
    var part = stage.part_code ? findPart(stage.part_code) : null;
    var following = app.entryId === stage.entry_id && (!part || app.partCode === stage.part_code);
    box.hidden = following;  // the sheet's own heading then says "on stage"
    if (following) return;
    box.appendChild(el("div", { class: "tb-stage-info" }, [
      el("span", { class: "tb-eyebrow", text: T.on_stage }),
      el("strong", { class: "tb-stage-team", text: (entry && entry.running_order ? fill(T.order, { n: entry.running_order }) + " · " : "") + stage.team_name }),
      part ? el("span", { class: "tb-stage-part", text: part.name }) : null,
    ]));
    box.appendChild(el("button", { type: "button", class: "button primary tb-big", text: T.go_to_stage, onclick: followStage }));
  }

  function renderParts() {
    var box = $("parts");
    box.textContent = "";
    parts().forEach(function (part) {
      var latest = app.entryId != null ? latestSheet(app.entryId, part.code) : null;
      box.appendChild(el("button", {
        type: "button", role: "tab", class: "tb-part", "aria-selected": String(part.code === app.partCode),
        onclick: function () { select(app.entryId, part.code); },
      }, [
        el("span", { class: "tb-part-name", text: part.name }),
        el("small", { text: "/ " + short(cp(part.max)) }),
        latest ? el("span", { class: "tb-dot tb-dot-" + latest.state, "aria-hidden": "true" }) : null,
      ]));
    });
  }

  function renderEditor() {
    var box = $("editor");
    box.textContent = "";
    var entry = findEntry(app.entryId), part = findPart(app.partCode);
    if (!entry || !part) {
      box.appendChild(el("p", { class: "tb-hint", text: app.state ? T.choose_team : "" }));
      return;
    }
    var stage = app.state && app.state.on_stage;
    var onStage = stage && stage.entry_id === entry.entry_id;
    box.appendChild(el("div", { class: "tb-editor-head" }, [
      el("h1", { id: "stage-team", class: "tb-team" }, [
        entry.running_order != null ? el("span", { class: "tb-order", text: String(entry.running_order) }) : null,
        entry.team_name,
      ]),
      el("span", { class: "tb-editor-part", text: part.name }),
      onStage ? el("span", { class: "tb-live", text: T.on_stage }) : null,
    ]));
    if (entry.conflict) {
      box.appendChild(el("p", { class: "tb-notice", text: T.conflict }));
      return;
    }
    var draft = draftFor(entry.entry_id, part.code);
    var latest = latestSheet(entry.entry_id, part.code);
    if (latest && !draft.editing) box.appendChild(renderSummary(entry, part, latest));
    else box.appendChild(renderForm(entry, part, draft));
  }

  function renderSummary(entry, part, sheet) {
    var locked = isLocked(entry);
    var children = [
      el("div", { class: "tb-summary-total" }, [
        el("span", { text: T.latest_sheet + (sheet.version ? " · " + fill(T.version, { n: sheet.version }) : "") }),
        el("strong", { text: fmt(sheet.total_cp) }),
        el("small", { text: "/ " + short(cp(part.max)) + " " + T.points }),
      ]),
      sheet.lines ? el("ul", { class: "tb-summary-lines" }, sheet.lines.map(function (line) {
        return el("li", {}, [el("span", { text: line.name }), el("strong", { text: fmt(line.value) })]);
      })) : null,
      stateBadge(sheet),
      sheet.state === "rejected" ? rejection(sheet) : null,
    ];
    if (locked) children.push(el("p", { class: "tb-notice", text: lockText(entry) }));
    else children.push(el("button", {
      type: "button", class: "button tb-big" + (sheet.state === "rejected" ? " primary" : ""),
      text: sheet.state === "rejected" ? T.fix_resend : T.correct,
      onclick: function () { startCorrection(sheet); },
    }));
    return el("div", { class: "tb-summary tb-summary-" + sheet.state }, children);
  }

  function rejection(sheet) {
    var fields = sheet.fields ? Object.keys(sheet.fields).map(function (name) { return sheet.fields[name]; }) : [];
    return el("div", { class: "tb-rejection", role: "alert" }, [el("p", { text: sheet.message || "" })].concat(
      fields.filter(function (text) { return text && text !== sheet.message; }).map(function (text) { return el("p", { text: text }); })));
  }

  function lockText(entry) {
    if (app.state && app.state.round_locked_at) return fill(T.round_locked, { time: clockTime(app.state.round_locked_at) });
    return T.entry_locked;
  }

  function renderForm(entry, part, draft) {
    var locked = isLocked(entry);
    var form = el("div", { class: "tb-form" });
    fieldsOf(part).forEach(function (field) { form.appendChild(renderField(field, draft, locked)); });
    var sheet = sheetOf(part, draft);
    if (locked) form.appendChild(el("p", { class: "tb-notice", text: lockText(entry) }));
    // Total and send stay in view at the bottom of the screen while the judge scrolls.
    form.appendChild(el("div", { class: "tb-actions" }, [
      el("div", { class: "tb-total" }, [
        el("span", { text: T.total }),
        el("strong", { id: "sheet-total", text: sheet.lines.some(function (l) { return l.value != null; }) ? fmt(sheet.total) : "—" }),
        el("small", { text: "/ " + short(cp(part.max)) + " " + T.points }),
      ]),
      el("div", { class: "tb-send-box" }, [
        el("button", {
          type: "button", id: "send", class: "button primary tb-send", text: T.send,
          disabled: locked || !sheet.valid, onclick: openConfirm,
        }),
        !locked ? el("p", { class: "tb-hint", id: "send-hint", text: T.fill_all, hidden: sheet.valid }) : null,
      ]),
    ]));
    return form;
  }

  function renderField(field, draft, locked) {
    var text = draft.text[field.id] || "";
    var check = text ? checkField(field, text) : {};
    var input = el("input", {
      type: "text", inputmode: "decimal", autocomplete: "off", class: "tb-points", value: text, placeholder: "—",
      "aria-label": field.name, "data-field": field.id, disabled: locked,
      oninput: function () { setText(field, input.value); },
    });
    var steps = field.step < 100 ? [-100, -field.step, field.step, 100] : [-field.step, field.step];
    var buttons = steps.map(function (delta) {
      return el("button", {
        type: "button", class: "tb-step" + (Math.abs(delta) === 100 && field.step < 100 ? " tb-step-big" : ""),
        "aria-label": (delta > 0 ? "+" : "−") + short(Math.abs(delta)) + " · " + field.name, disabled: locked,
        text: (delta > 0 ? "+" : "−") + short(Math.abs(delta)),
        onclick: function () { stepField(field, delta); },
      });
    });
    var half = buttons.length / 2;
    return el("div", { class: "tb-field" + (check.error ? " has-error" : ""), "data-field": field.id }, [
      el("div", { class: "tb-field-head" }, [
        el("span", { class: "tb-field-name", text: field.name }),
        el("span", { class: "tb-field-range", text: fill(T.range, { min: "0", max: short(field.max), step: short(field.step) }) }),
      ]),
      el("div", { class: "tb-stepper" }, buttons.slice(0, half).concat([input], buttons.slice(half))),
      el("p", { class: "tb-field-error", text: check.error || "" }),
    ]);
  }

  function stepField(field, delta) {
    var draft = draftFor(app.entryId, app.partCode);
    var value = cp(draft.text[field.id]);
    // From an empty field, "+" starts low and "−" starts at the maximum (most scores are high).
    if (value === null || isNaN(value)) value = delta > 0 ? Math.min(field.max, delta) : field.max;
    else value = Math.min(field.max, Math.max(0, Math.round(value / field.step) * field.step + delta));
    setText(field, short(value));
  }

  /* Update the sheet in place: rebuilding it would steal the input the judge taps next. */
  function setText(field, text) {
    var draft = draftFor(app.entryId, app.partCode);
    draft.text[field.id] = text;
    draft.dirty = true;
    draft.editing = true;
    var part = findPart(app.partCode);
    var sheet = sheetOf(part, draft);
    var line = sheet.lines.filter(function (l) { return l.id === field.id; })[0];
    var row = document.querySelector('.tb-field[data-field="' + field.id + '"]');
    if (row) {
      var input = row.querySelector(".tb-points");
      if (input.value !== text) input.value = text;
      row.classList.toggle("has-error", !!(text && line.error));
      row.querySelector(".tb-field-error").textContent = text ? line.error || "" : "";
    }
    $("sheet-total").textContent = sheet.lines.some(function (l) { return l.value != null; }) ? fmt(sheet.total) : "—";
    var send = $("send");
    if (send) send.disabled = isLocked(findEntry(app.entryId)) || !sheet.valid;
    var hint = $("send-hint");
    if (hint) hint.hidden = sheet.valid;
  }

  function renderTeams() {
    var list = $("teams");
    list.textContent = "";
    var onStage = app.state && app.state.on_stage ? app.state.on_stage.entry_id : null;
    entries().forEach(function (entry) {
      var dots = parts().map(function (part) {
        var latest = latestSheet(entry.entry_id, part.code);
        return el("span", { class: "tb-dot tb-dot-" + (latest ? latest.state : "none"), title: part.name });
      });
      list.appendChild(el("li", {}, [el("button", {
        type: "button", class: "tb-team-button", "aria-current": entry.entry_id === app.entryId ? "true" : null,
        "data-entry": entry.entry_id, onclick: function () { select(entry.entry_id, app.partCode); },
      }, [
        el("span", { class: "tb-order", text: entry.running_order != null ? String(entry.running_order) : "·" }),
        el("span", { class: "tb-team-text" }, [
          el("span", { class: "tb-team-name", text: entry.team_name }),
          entry.entry_id === onStage ? el("span", { class: "tb-live", text: T.on_stage }) : null,
          entry.conflict ? el("span", { class: "badge bad", text: T.conflict_short, title: T.conflict }) : null,
          isLocked(entry) ? el("span", { class: "badge", text: T.locked }) : null,
        ]),
        el("span", { class: "tb-dots" }, dots),
      ])]));
    });
  }

  function renderSheets() {
    var list = $("sheets");
    list.textContent = "";
    var sheets = allSheets();
    if (!sheets.length) list.appendChild(el("li", { class: "empty", text: T.no_sheets }));
    sheets.forEach(function (sheet) {
      var entry = findEntry(sheet.entry_id);
      list.appendChild(el("li", { class: "tb-sheet tb-sheet-" + sheet.state, "data-key": sheet.key }, [
        el("div", { class: "tb-sheet-main" }, [
          el("strong", { text: sheet.team_name }),
          el("span", { text: sheet.part_name + (sheet.version ? " · " + fill(T.version, { n: sheet.version }) : "") }),
        ]),
        el("span", { class: "tb-sheet-total", text: fmt(sheet.total_cp) }),
        stateBadge(sheet),
        sheet.state === "rejected" ? rejection(sheet) : null,
        sheet.state === "rejected" && !isLocked(entry) ? el("button", {
          type: "button", class: "button", text: T.fix_resend, onclick: function () { startCorrection(sheet); },
        }) : null,
      ]));
    });
    var waiting = outbox ? outbox.waiting().length : 0;
    $("queue-note").hidden = !waiting;
    $("queue-note").textContent = fill(T.queued_count, { n: waiting });
    $("resend").disabled = !waiting;
  }

  function renderBanners() {
    var box = $("banners");
    box.textContent = "";
    var blocked = outbox && outbox.blocked;
    if (blocked === "login") {
      box.appendChild(el("div", { class: "flash flash-error tb-banner", role: "alert" }, [
        el("span", { text: T.login_banner }),
        el("a", { class: "button primary", href: config.urls.login, text: T.login_again }),
      ]));
    } else if (blocked === "reload") {
      box.appendChild(el("div", { class: "flash flash-error tb-banner", role: "alert" }, [
        el("span", { text: T.csrf_banner }),
        el("button", { type: "button", class: "button primary", text: T.reload, onclick: function () { location.reload(); } }),
      ]));
    }
    if (app.storageError) box.appendChild(el("div", { class: "flash flash-error", role: "alert", text: T.storage_error }));
    if (app.stateError && !app.state) box.appendChild(el("div", { class: "flash flash-warning", text: T.state_error }));
    var others = outbox ? outbox.records.filter(function (r) {
      return r.judge_id !== config.judge.id && (r.state === "queued" || r.state === "sending");
    }) : [];
    if (others.length) {
      var codes = others.map(function (r) { return r.judge_code; }).filter(function (c, i, all) { return all.indexOf(c) === i; });
      box.appendChild(el("div", { class: "flash flash-warning", text: fill(T.other_judge, { n: others.length, codes: codes.join(", ") }) }));
    }
    if (app.state && app.state.round_locked_at) {
      box.appendChild(el("div", { class: "flash flash-warning", text: fill(T.round_locked, { time: clockTime(app.state.round_locked_at) }) }));
    }
  }

  function renderNet() {
    var online = app.socketUp && navigator.onLine !== false;
    var net = $("net");
    net.dataset.online = String(online);
    net.textContent = online ? T.online : T.offline_short;
    net.title = online ? "" : T.offline;
    var banner = $("offline-banner");
    if (banner) banner.hidden = online;
  }

  /* ---------- actions ---------- */

  function select(entryId, partCode) {
    app.entryId = entryId;
    app.partCode = findPart(partCode) ? partCode : (parts()[0] || {}).code || null;
    render();
  }

  function followStage() {
    var stage = app.state && app.state.on_stage;
    if (stage) select(stage.entry_id, stage.part_code || app.partCode);
  }

  function startCorrection(sheet) {
    app.entryId = sheet.entry_id;
    app.partCode = sheet.part_code;
    var draft = draftFor(sheet.entry_id, sheet.part_code);
    draft.text = {};
    (sheet.lines || []).forEach(function (line) { if (line.value != null) draft.text[line.id] = short(line.value); });
    draft.editing = true;
    render();
    var first = document.querySelector(".tb-points");
    if (first) first.scrollIntoView({ block: "center" });
  }

  function openConfirm() {
    var entry = findEntry(app.entryId), part = findPart(app.partCode);
    if (!outbox || !entry || !part || app.pending || isLocked(entry) || entry.conflict) return;
    var draft = draftFor(entry.entry_id, part.code);
    var sheet = sheetOf(part, draft);
    if (!sheet.valid) return;
    var scores = {};
    sheet.lines.forEach(function (line) { scores[line.id] = P.plain(line.value); });
    app.pending = {
      key: window.JudgeOutbox.newKey(), entry_id: entry.entry_id, part_code: part.code, scores: scores,
      team_name: entry.team_name, part_name: part.name, total_cp: sheet.total, judge_code: config.judge.code,
      lines: sheet.lines.map(function (l) { return { id: l.id, name: l.name, value: l.value }; }),
      opened: performance.now(), busy: false,
    };
    $("confirm-title").textContent = fill(T.confirm, { team: entry.team_name, part: part.name, total: fmt(sheet.total) });
    var lines = $("confirm-lines");
    lines.textContent = "";
    if (sheet.lines.length > 1) sheet.lines.forEach(function (line) {
      lines.appendChild(el("li", {}, [el("span", { text: line.name }), el("strong", { text: fmt(line.value) })]));
    });
    // The tap that opened the dialog may land on "confirm" too: a read-back must be read.
    var pending = app.pending;
    $("confirm-send").disabled = true;
    $("confirm-back").disabled = false;
    $("confirm").hidden = false;
    setTimeout(function () {
      if (app.pending === pending && !pending.busy) { $("confirm-send").disabled = false; $("confirm-send").focus(); }
    }, DOUBLE_TAP_GUARD_MS);
  }

  function closeConfirm() {
    app.pending = null;
    $("confirm").hidden = true;
  }

  /* One tap, one sheet: the key was made when the dialog opened; a second tap is ignored. */
  function confirmSend() {
    var pending = app.pending;
    if (!pending || pending.busy || performance.now() - pending.opened < DOUBLE_TAP_GUARD_MS) return;
    pending.busy = true;
    $("confirm-send").disabled = true;
    $("confirm-back").disabled = true;
    var sheet = {
      key: pending.key, entry_id: pending.entry_id, part_code: pending.part_code, scores: pending.scores,
      // The server's signed time as last heard and the time since, on the monotonic clock: they decide
      // "confirmed before a lock", never this tablet's wall clock (captured_at is only shown).
      captured_at: new Date().toISOString(), clock: app.clock, clock_age_ms: Math.round(performance.now() - app.clockAt),
      team_name: pending.team_name, part_name: pending.part_name,
      total_cp: pending.total_cp, lines: pending.lines, judge_code: pending.judge_code,
    };
    outbox.add(sheet).then(function () {
      var draft = draftFor(sheet.entry_id, sheet.part_code);
      draft.text = {};
      draft.editing = false;
      draft.dirty = false;
      closeConfirm();
      render();
      toast(T.saved_toast);
      outbox.flush();
    }, function () {
      app.storageError = true;
      pending.busy = false;
      $("confirm-send").disabled = false;
      $("confirm-back").disabled = false;
      renderBanners();
    });
  }

  /* ---------- server state, pushes, timer ---------- */

  function applyState(state) {
    var previousStage = app.onStageKey;
    app.state = state;
    var stage = state.on_stage;
    app.onStageKey = stage ? stage.entry_id + ":" + (stage.part_code || "") : null;
    var draft = app.entryId != null && app.partCode ? draftFor(app.entryId, app.partCode) : null;
    // Follow the stage unless the judge is in the middle of a sheet.
    if (stage && app.onStageKey !== previousStage && !(draft && draft.dirty)) {
      app.entryId = stage.entry_id;
      if (stage.part_code && findPart(stage.part_code)) app.partCode = stage.part_code;
    }
    if (!findPart(app.partCode)) app.partCode = parts().length ? parts()[0].code : null;
    if (app.entryId != null && !findEntry(app.entryId)) app.entryId = null;
    applyTimer(state.timer);
    render();
  }

  function loadState() {
    return fetch(config.urls.state, {
      credentials: "same-origin", redirect: "manual", cache: "no-store", headers: { Accept: "application/json" },
    }).then(function (response) {
      if (response.status === 401 || response.type === "opaqueredirect") {
        if (outbox) { outbox.blocked = "login"; }
        renderBanners();
        return null;
      }
      if (!response.ok) throw new Error("state " + response.status);
      return response.json();
    }).then(function (state) {
      if (!state) return;
      app.stateError = false;
      app.clock = state.clock;  // fresh from the server (a cached state's token would be older)
      app.clockAt = performance.now();
      if (outbox && outbox.blocked === "login") outbox.blocked = null;  // the session is valid again
      try { localStorage.setItem(CACHE_KEY, JSON.stringify(state)); } catch (error) { /* full or disabled */ }
      var acks = (state.sheets || []).map(function (s) { return outbox ? outbox.acknowledge(s) : null; });
      return Promise.all(acks).then(function () { applyState(state); if (outbox) outbox.flush(); });
    }).catch(function () {
      app.stateError = true;
      renderBanners();
    });
  }

  var stateSoon = null;
  function loadStateSoon() {
    clearTimeout(stateSoon);
    stateSoon = setTimeout(loadState, 300);
  }

  var stageTimer = new window.JudgeTimer.Timer($("timer"), $("timer-value"));
  function applyTimer(timer) { stageTimer.set(timer); }

  function connectSocket() {
    window.JudgeLive.connect(config, {
      up: function () { app.socketUp = true; renderNet(); loadState(); },
      down: function (reason) {
        app.socketUp = false;
        renderNet();
        if (reason === "io server disconnect") loadState();  // revoked or logged out: find out which
      },
      stage: function (onStage) {
        if (app.state) applyState(Object.assign({}, app.state, { on_stage: onStage }));
        loadStateSoon();
      },
      timer: applyTimer,
      lock: loadStateSoon,
      revoked: function () {
        if (outbox) outbox.blocked = "login";
        $("revoked").hidden = false;
        renderBanners();
      },
      isRevoked: function () { return !$("revoked").hidden; },
    });
  }

  /* ---------- start ---------- */

  function start() {
    $("confirm-send").addEventListener("click", confirmSend);
    $("confirm-back").addEventListener("click", closeConfirm);
    // "Gửi lại" always tries: the judge may have logged in again in another tab meanwhile.
    $("resend").addEventListener("click", function () {
      if (!outbox) return;
      outbox.blocked = null;
      renderBanners();
      outbox.flush();
    });
    window.addEventListener("online", function () { renderNet(); loadState(); });
    window.addEventListener("offline", renderNet);
    setInterval(function () { stageTimer.tick(); }, 500);
    // Review outcomes are not pushed to tablets: look again now and then.
    setInterval(function () { if (!document.hidden) loadState(); }, STATE_REFRESH_MS);
    try {
      var cached = JSON.parse(localStorage.getItem(CACHE_KEY) || "null");
      if (cached) applyState(cached);
    } catch (error) { /* no cache */ }
    render();
    outbox = new window.JudgeOutbox.Outbox({
      judgeId: config.judge.id, url: config.urls.sheets, csrfToken: csrfToken,
      onChange: function (record) { renderSheets(); renderTeams(); renderParts(); renderSummaryOf(record); },
      onBlocked: renderBanners,
    });
    outbox.init().then(function () {
      render();
      outbox.start();
      loadState();
      connectSocket();
    }, function () {
      app.storageError = true;
      outbox = null;
      renderBanners();
      loadState();
      connectSocket();
    });
  }

  /* A sheet's state changed: redraw its summary if shown, never a form under the judge's fingers. */
  function renderSummaryOf(record) {
    if (!record || record.entry_id !== app.entryId || record.part_code !== app.partCode) return;
    if (draftFor(app.entryId, app.partCode).editing) return;
    renderEditor();
  }

  start();
})();
