"""The audience phone page on slow hall Wi-Fi: bytes and time to the first standings.

Starts ``contest serve`` on 127.0.0.1 with the demo and the published 2023 archive (a scored
board), opens ``/c/<archive>/live`` in Debian's Chromium throttled through the DevTools protocol
(400 kbit/s both ways, 400 ms round trip), and prints for a first visit (empty cache) and a second
one (same browser): bytes received (encoded, headers included), requests, static requests, and the
time from navigation to the first standings row on screen. Targets: first visit <= 35 KB and
<= 1.8 s; second visit with no static request.

    python bench/bench_phone_page.py [--runs 3] [--kbit 400] [--rtt 400]
"""

import argparse
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CONTEST = str(Path(sys.executable).with_name("contest"))
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SLUG = "ha-noi-noi-thanh-2023"
FIRST_ROW = "[data-standings] li:not(.ph-empty)"
# Records, inside the page, when the first standings row appears: performance.now() counts from the
# start of the navigation, so the figure holds no test-driver overhead.
WATCH_FIRST_ROW = """
new MutationObserver(function (_changes, observer) {
  if (document.querySelector('FIRST_ROW')) { window.__firstStandings = performance.now(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
""".replace("FIRST_ROW", FIRST_ROW)


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    subprocess.run([CONTEST, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    process = subprocess.Popen([CONTEST, "serve", "--host", "127.0.0.1", "--port", "0"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in process.stdout:
        match = re.search(r"Serving on (http://\S+)", line)
        if match:
            threading.Thread(target=process.stdout.read, daemon=True).start()  # keep the log drained
            return process, match.group(1)
    raise RuntimeError("server did not start")


def visit(page, cdp, url: str) -> dict[str, float]:
    """One navigation: bytes, requests and time to the first standings row."""
    seen: dict[str, dict] = {}

    def sent(event: dict) -> None:
        seen[event["requestId"]] = {"url": event["request"]["url"], "bytes": 0, "cached": False}

    def cached(event: dict) -> None:
        if event["requestId"] in seen:
            seen[event["requestId"]]["cached"] = True

    def finished(event: dict) -> None:
        if event["requestId"] in seen:
            seen[event["requestId"]]["bytes"] = event["encodedDataLength"]

    frames = []
    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.requestServedFromCache", cached)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.webSocketFrameReceived", lambda e: frames.append(len(e["response"]["payloadData"])))
    page.goto(url, wait_until="commit")
    page.wait_for_function("window.__firstStandings !== undefined", timeout=30000)
    elapsed = page.evaluate("window.__firstStandings") / 1000
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    for name in ("Network.requestWillBeSent", "Network.requestServedFromCache", "Network.loadingFinished"):
        cdp.remove_listener(name, {"Network.requestWillBeSent": sent, "Network.requestServedFromCache": cached,
                                   "Network.loadingFinished": finished}[name])
    network = [r for r in seen.values() if not r["cached"] and r["url"].startswith("http")]
    return {"seconds": elapsed, "bytes": sum(r["bytes"] for r in network), "requests": len(network),
            "static": sum(1 for r in network if "/static/" in r["url"]), "ws_bytes": sum(frames),
            "static_urls": [r["url"] for r in network if "/static/" in r["url"]]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kbit", type=int, default=400)
    parser.add_argument("--rtt", type=int, default=400)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-phone-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTEST_")}
    env.update(CONTEST_INSTANCE_PATH=folder, CONTEST_SECRET_KEY=secrets.token_hex(32))
    server, base = start_server(env)
    results: dict[str, list[dict]] = {"first": [], "second": []}
    try:
        with sync_playwright() as play:
            browser = play.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for _ in range(args.runs):
                context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
                context.add_init_script(WATCH_FIRST_ROW)
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                rate = args.kbit * 1000 / 8
                cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": args.rtt,
                                                              "downloadThroughput": rate, "uploadThroughput": rate})
                results["first"].append(visit(page, cdp, f"{base}/c/{SLUG}/live"))
                page.goto("about:blank")
                results["second"].append(visit(page, cdp, f"{base}/c/{SLUG}/live"))
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"Phone page /c/{SLUG}/live, Chromium throttled to {args.kbit} kbit/s, {args.rtt} ms RTT, "
          f"{args.runs} runs (median, [min-max])")
    for name, runs in results.items():
        def fig(key: str, runs: list[dict] = runs) -> str:
            values = [r[key] for r in runs]
            return f"{statistics.median(values):g} [{min(values):g}-{max(values):g}]"
        kb = [r["bytes"] / 1024 for r in runs]
        print(f"  {name} visit: {statistics.median(kb):.1f} KB [{min(kb):.1f}-{max(kb):.1f}] over HTTP, "
              f"requests {fig('requests')}, static requests {fig('static')}, "
              f"time to first standings {statistics.median(r['seconds'] for r in runs):.2f} s "
              f"[{min(r['seconds'] for r in runs):.2f}-{max(r['seconds'] for r in runs):.2f}], "
              f"Socket.IO frames {fig('ws_bytes')} B")
        if name == "second" and any(r["static_urls"] for r in runs):
            print("    static requested again:", sorted({u for r in runs for u in r["static_urls"]}))


if __name__ == "__main__":
    main()
