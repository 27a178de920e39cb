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

  global.JudgeSheet = { fieldsOf: fieldsOf, checkField: checkField, sheetOf: sheetOf };
})(window);
