// Desk stage timer: ticks locally from the server's start time (corrected for clock skew).
// The box may be redrawn by a live page (live-region.js): each tick reads the box that is there now.
(function () {
  "use strict";
  var seen = null, timer = null, skew = 0, started = 0;
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var box = document.querySelector(".timer-box");
    if (!box) return;
    var raw = box.getAttribute("data-timer") || "null";
    if (raw !== seen) {
      seen = raw;
      timer = JSON.parse(raw);
      if (timer && timer.running) {
        skew = Date.parse(timer.server_now) - Date.now();
        started = Date.parse(timer.started_at);
      }
    }
    if (!timer || !timer.running) return;
    var elapsed = Math.max(0, Math.floor((Date.now() + skew - started) / 1000));
    box.querySelector(".timer-clock").textContent = Math.floor(elapsed / 60) + ":" + pad(elapsed % 60);
    box.classList.toggle("over", !!timer.limit_seconds && elapsed > timer.limit_seconds);
  }
  tick();
  setInterval(tick, 250);
})();
