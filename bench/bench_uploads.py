"""What an upload costs the hall: refusal time of the issue-10 bombs, the server's memory, a judge's waits.

Run: .venv/bin/python bench/bench_uploads.py [--rows 5000]
Starts the real server (`contest serve`, gevent, SQLite, the demo), logs in as the organizer and
uploads to the team import, while a judge's tablet polls `/judge/api/state` every 50 ms: first the
three bombs of issue 10 (refused), then an honest list at the row limit (read on the worker thread,
then previewed). Prints, per file, its size, how long the upload took, the judge's slowest wait
during it, and the server's peak memory so far (VmHWM; start-up included).
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the test helpers build the files

from tests.attacks.test_uploads import IMPORT, JudgePoller, memory_kb, organizer_session
from tests.attacks.xlsx_files import blank_rows_bomb, dimension_bomb, shared_string_bomb, sheet, xlsx
from tests.conftest import csrf_token_from
from tests.live_server import make_live_server


def honest_list(rows: int) -> bytes:
    header = ["Tên đơn vị", "Loại đơn vị", "Cụm thi địa bàn", "Trưởng đoàn", "Thành viên chính thức",
              "Người liên hệ", "Số điện thoại", "Tên mô hình"]
    body = [[f"Xã Thử Nghiệm {n}", "Huyện", "", "Nguyễn Thị Hà", "Nguyễn Thị Hà; Trần Văn Sơn; Lê Thu Giang",
             "Đỗ Thanh Hùng", "0912 345 678", "Dân vận khéo trong xây dựng nông thôn mới"] for n in range(rows)]
    return xlsx(sheet([header, *body]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000, help="rows of the honest list")
    args = parser.parse_args()
    files = [("shared string 150 MB", shared_string_bomb()), ("declared A1:XFD2000", dimension_bomb()),
             ("1,000,000 blank rows", blank_rows_bomb()), (f"honest list, {args.rows} rows", honest_list(args.rows))]
    with tempfile.TemporaryDirectory() as folder:
        server = make_live_server(Path(folder) / "instance")
        server.load_demo()
        server.start()
        try:
            organizer = organizer_session(server)
            token = csrf_token_from(organizer.get(server.url + IMPORT, timeout=10).text)
            judge = JudgePoller(server, next(iter(server.judge_links().values())))
            judge.start()
            time.sleep(1)
            rss_before = memory_kb(server.process.pid, "VmRSS")
            print(f"server RSS before: {rss_before / 1024:.0f} MB")
            for name, data in files:
                polls = len(judge.waits)
                started = time.monotonic()
                response = organizer.post(server.url + IMPORT, data={"csrf_token": token},
                                          files={"file": ("danh-sach.xlsx", data)}, timeout=300)
                took = time.monotonic() - started
                time.sleep(0.2)
                waits = judge.waits[polls:]
                peak = memory_kb(server.process.pid, "VmHWM") / 1024
                print(f"{name:28} {len(data) / 1024:8.0f} KB  upload {took:6.2f} s (HTTP {response.status_code})  "
                      f"judge: {len(waits):3} polls, slowest {max(waits) * 1000:6.0f} ms  peak RSS {peak:.0f} MB")
            judge.stop.set()
            judge.join(timeout=60)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
