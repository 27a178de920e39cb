/* A score sheet as the judge types it: its fields (one per rubric criterion, or the part's total)
 * and each field checked against its maximum and step. Integer centipoints throughout
 * (judge-points.js); the words of the errors come from the page's config (``texts``).
 */
(function (global) {
  "use strict";

  var P = global.JudgePoints;
  var fill = global.JudgeDom.fill;

  function fieldsOf(part) {
    var step = P.parse(part.step) || 1;
    if (part.criteria && part.criteria.length) {
      return part.criteria.map(function (c) { return { id: String(c.id), name: c.name, max: P.parse(c.max), step: step }; });
    }
    return [{ id: "total", name: part.name, max: P.parse(part.max), step: step }];
  }

  /* {value: centipoints} or {error: the reason in the reader's language}. */
  function checkField(field, text, T) {
    var value = P.parse(text);
    var short = function (cp) { return P.short(cp, T.decimal); };
    if (value === null) return { error: T.err_empty };
    if (isNaN(value)) return { error: T.err_number };
    if (value < 0 || value > field.max) return { error: fill(T.err_range, { min: "0", max: short(field.max) }) };
    if (value % field.step !== 0) return { error: fill(T.err_step, { step: short(field.step) }) };
    return { value: value };
  }

  /* Every field of a draft checked: its lines, the total of the valid ones, and whether all are valid. */
  function sheetOf(part, draft, T) {
    var lines = [], total = 0, valid = true;
    fieldsOf(part).forEach(function (field) {
      var result = checkField(field, draft.text[field.id], T);
      if (result.error) valid = false; else total += result.value;
      lines.push({ id: field.id, name: field.name, value: result.value, error: result.error });
    });
    return { lines: lines, total: total, valid: valid };
  }

  function stateOfStatus(status) {
    return status === "pending_review" ? "pending_review" : status === "rejected" ? "rejected" : "received";
  }

  /* ``mine`` (this tablet's outbox records) plus the sheets of ``state`` (the server's answer) that this
   * tablet never stored, e.g. sent before a reload on another tablet; newest first. */
  function allSheets(mine, state) {
    var sheets = mine.slice();
    var known = {};
    sheets.forEach(function (r) { known[r.key] = true; });
    var entries = (state && state.entries) || [], parts = (state && state.parts) || [];
    ((state && state.sheets) || []).forEach(function (s) {
      if (known[s.key]) return;
      var entry = entries.filter(function (e) { return e.entry_id === s.entry_id; })[0];
      var part = parts.filter(function (p) { return p.code === s.part_code; })[0];
      sheets.push({
        key: s.key, entry_id: s.entry_id, part_code: s.part_code, team_name: entry ? entry.team_name : "#" + s.entry_id,
        part_name: part ? part.name : s.part_code, total_cp: P.parse(s.total), state: stateOfStatus(s.status),
        status: s.status, sheet_id: s.sheet_id, version: s.version, received_at: s.received_at,
        error: s.status === "rejected" ? "review_rejected" : null,
        created_at: Date.parse(/Z|[+-]\d\d:?\d\d$/.test(s.received_at || "") ? s.received_at : (s.received_at || "") + "Z") || 0,
        lines: null,
      });
    });
    return sheets.sort(function (a, b) { return b.created_at - a.created_at; });
  }

  global.JudgeSheet = { fieldsOf: fieldsOf, checkField: checkField, sheetOf: sheetOf, allSheets: allSheets };
})(window);
