// Desk stage timer: ticks locally from the server's start time (corrected for clock skew).
(function () {
  "use strict";
  var box = document.querySelector(".timer-box");
  if (!box) return;
  var timer = JSON.parse(box.getAttribute("data-timer") || "null");
  if (!timer || !timer.running) return;
  var clock = box.querySelector(".timer-clock");
  var skew = Date.parse(timer.server_now) - Date.now();
  var started = Date.parse(timer.started_at);
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var elapsed = Math.max(0, Math.floor((Date.now() + skew - started) / 1000));
    clock.textContent = Math.floor(elapsed / 60) + ":" + pad(elapsed % 60);
    box.classList.toggle("over", !!timer.limit_seconds && elapsed > timer.limit_seconds);
  }
  tick();
  setInterval(tick, 250);
})();
