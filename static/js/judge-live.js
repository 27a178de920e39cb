/* The tablet's socket: pushes only (stage, timer, lock, revoked), never scores, which go over HTTP
 * through the outbox. Keeps the pushes about this judge's own stage and hands them to ``on``.
 */
(function (global) {
  "use strict";

  /* Pushes name their stage (round, and cluster in a preliminary): is this the judge's own? */
  function myStage(judge, payload) {
    if (!payload || payload.round !== judge.round) return false;
    return (payload.cluster_id == null ? null : payload.cluster_id) === (judge.cluster_id == null ? null : judge.cluster_id);
  }

  /* ``on``: up(), down(reason), stage(onStage), timer(timer), lock(), revoked(). */
  function connect(config, on) {
    if (typeof global.io !== "function") return null;
    var judge = config.judge;
    var socket = global.io({ path: config.urls.socket, auth: { contest: config.contest } });
    socket.on("connect", on.up);
    socket.on("disconnect", on.down);
    socket.on("stage", function (payload) {
      if (myStage(judge, payload)) on.stage(payload.on_stage || null);
    });
    socket.on("timer", function (payload) {
      if (myStage(judge, payload)) on.timer(payload.timer || null);
    });
    socket.on("lock", function (payload) {
      if (!payload || payload.round === judge.round) on.lock();
    });
    socket.on("revoked", function () {
      on.revoked();
      socket.disconnect();
    });
    // Back on the hall's Wi-Fi: reconnect now, not at the end of the back-off (a revoked tablet stays out).
    global.addEventListener("online", function () {
      if (!socket.connected && !on.isRevoked()) { socket.disconnect(); socket.connect(); }
    });
    return socket;
  }

  global.JudgeLive = { connect: connect, myStage: myStage };
})(window);
