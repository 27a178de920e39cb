// Viewers for bench/bench_viewers.py, as a browser page opens them: the real socket.io-client 4.8
// (websocket transport, offering permessage-deflate as browsers and Node's `ws` do).
//
//   node bench/node_viewers.js <slug> <count> <url> [<url> ...]
//
// Opens <count> sockets spread over the URLs, then answers commands read on stdin, one per line,
// with one JSON line on stdout:
//   status      -> {"connected", "failed", "deflate"}  (deflate: sockets whose server accepted compression)
//   count <v>   -> {"v", "n"}        viewers that have received standings version <v>
//   times <v>   -> {"v", "t": [...]} when each got it (CLOCK_MONOTONIC nanoseconds, Python's time.monotonic_ns)
//   close       -> closes every socket and exits
// Set NODE_PATH or run `npm ci` in bench/ first.
"use strict";

const { io } = require("socket.io-client");
const readline = require("readline");

const [slug, countText, ...urls] = process.argv.slice(2);
const count = Number(countText);
const arrivals = new Map(); // version -> [ns]
const sockets = [];
let connected = 0;
let failed = 0;
const IN_FLIGHT = 200;
let opening = 0;
let next = 0;

function openMore() {
  while (opening < IN_FLIGHT && next < count) {
    const url = urls[next % urls.length];
    next += 1;
    opening += 1;
    const socket = io(url, {
      transports: ["websocket"],
      auth: { contest: slug },
      forceNew: true,
      reconnection: false,
      timeout: 60000,
    });
    let last = 0;
    let settled = false;
    const settle = (ok) => {
      if (settled) return;
      settled = true;
      opening -= 1;
      if (ok) connected += 1;
      else failed += 1;
      openMore();
    };
    socket.on("connect", () => settle(true));
    socket.on("connect_error", () => settle(false));
    socket.on("standings", (update) => {
      const at = process.hrtime.bigint();
      const version = update && update.v;
      if (typeof version === "number" && version > last) {
        last = version;
        if (!arrivals.has(version)) arrivals.set(version, []);
        arrivals.get(version).push(at);
      }
    });
    sockets.push(socket);
  }
}

function deflated() {
  let n = 0;
  for (const socket of sockets) {
    const transport = socket.io.engine && socket.io.engine.transport;
    if (transport && transport.ws && transport.ws.extensions) n += 1;
  }
  return n;
}

function answer(object) {
  process.stdout.write(JSON.stringify(object) + "\n");
}

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const [command, argument] = line.trim().split(/\s+/);
  const version = Number(argument);
  if (command === "status") {
    answer({ connected, failed, deflate: deflated() });
  } else if (command === "count") {
    answer({ v: version, n: (arrivals.get(version) || []).length });
  } else if (command === "times") {
    answer({ v: version, t: (arrivals.get(version) || []).map(String) });
  } else if (command === "close") {
    for (const socket of sockets) socket.close();
    process.exit(0);
  }
});

openMore();
