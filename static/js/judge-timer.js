/* The stage timer on the tablet: elapsed time (and the limit) as the secretary's desk runs it,
 * counted on the monotonic clock from the last push, so a wrong tablet clock cannot shift it.
 */
(function (global) {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function minutes(seconds) { return pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60); }

  /* ``box`` is shown while a timer runs or has run; ``value`` holds "mm:ss / mm:ss". */
  function Timer(box, value) {
    this.box = box;
    this.value = value;
    this.timer = null;
  }

  Timer.prototype.set = function (timer) {
    this.timer = timer ? Object.assign({}, timer, { at: performance.now() }) : null;
    this.tick();
  };

  Timer.prototype.tick = function () {
    var timer = this.timer;
    if (!timer || (!timer.running && !timer.elapsed_seconds)) { this.box.hidden = true; return; }
    var seconds = (timer.elapsed_seconds || 0) + (timer.running ? Math.floor((performance.now() - timer.at) / 1000) : 0);
    var text = minutes(seconds);
    if (timer.limit_seconds) text += " / " + minutes(timer.limit_seconds);
    this.box.hidden = false;
    this.box.dataset.running = String(!!timer.running);
    this.box.dataset.over = String(!!(timer.limit_seconds && seconds > timer.limit_seconds));
    this.value.textContent = text;
  };

  global.JudgeTimer = { Timer: Timer };
})(window);
