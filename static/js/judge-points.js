/* Points as judges type them, as integer centipoints (1 point = 100): never floats.
 * "9,5" and "9.5" both mean 9.5 (950); anything finer than a hundredth is refused.
 */
(function (global) {
  "use strict";

  var NUMBER = /^(\d{0,6})(?:[.,](\d{0,2}))?$/;

  /* Centipoints, or null for an empty field, or NaN for something that is not a score. */
  function parse(text) {
    var clean = String(text == null ? "" : text).replace(/[\s\u00a0]/g, "");
    if (clean === "") return null;
    var match = NUMBER.exec(clean);
    if (!match || (match[1] === "" && !match[2])) return NaN;
    var whole = parseInt(match[1] || "0", 10);
    var cents = parseInt(((match[2] || "") + "00").slice(0, 2), 10);
    return whole * 100 + cents;
  }

  /* Two decimals in the reader's convention: 1850 -> "18,50". */
  function format(cp, decimal) {
    var sign = cp < 0 ? "-" : "";
    var abs = Math.abs(cp);
    var cents = abs % 100;
    return sign + Math.floor(abs / 100) + (decimal || ",") + (cents < 10 ? "0" : "") + cents;
  }

  /* As short as exact: 1200 -> "12", 950 -> "9,5", 25 -> "0,25". */
  function short(cp, decimal) {
    var full = format(cp, decimal);
    return full.replace(/0$/, "").replace(/[.,]0?$/, "");
  }

  /* Dot-decimal for the JSON body ("9.50"): the server parses either form. */
  function plain(cp) {
    return format(cp, ".");
  }

  global.JudgePoints = { parse: parse, format: format, short: short, plain: plain };
})(window);
