"""Can a guesser tell a known login name from an unknown one by the time of the answer?

Times wrong guesses for a known and an unknown judge code, and for a known and an unknown
username, through the services the login forms call (the throttle is reset before each guess, so
every guess is really checked). Prints the medians: they should be within a few percent.

Run: python bench/bench_login_timing.py [--runs N]
"""

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable

from sqlalchemy import delete

from contest.app import create_app
from contest.extensions import db
from contest.models.logins import LoginThrottle
from contest.services import accounts, demo, judge_access, judges


def median_ms(guess: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        db.session.execute(delete(LoginThrottle))
        db.session.commit()
        start = time.perf_counter()
        guess()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db"},
                         instance_path=folder)
        with app.app_context():
            db.create_all()
            loaded = demo.load_demo()
            judge = next(j for j, _token in loaded.judge_links)
            judges.issue_pin(judge)
            db.session.commit()
            contest_id, code = judge.contest_id, judge.code
            rows = {
                "judge code, known": lambda: judge_access.login_with_pin(contest_id, code, "000000"),
                "judge code, unknown": lambda: judge_access.login_with_pin(contest_id, "ZZ99", "000000"),
                "username, known": lambda: accounts.log_in("bantochuc", "sai-mat-khau"),
                "username, unknown": lambda: accounts.log_in("khong-co-ai", "sai-mat-khau"),
            }
            for name, guess in rows.items():
                print(f"{name:22} median {median_ms(guess, runs):7.1f} ms over {runs} wrong guesses")


if __name__ == "__main__":
    main()
