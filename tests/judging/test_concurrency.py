"""Races: a tablet resending while the first request is still in flight, two corrections at once.

Threads are released together by a barrier, each with its own test client logged in as the
judge, and each race is repeated so that an unlucky interleaving would show up.
"""

import threading
from collections.abc import Callable

from sqlalchemy import select

from contest.extensions import db
from contest.models.judging import ScoreSheet
from tests.judging.conftest import new_key, sheet_count

REPEATS = 20
SAME_KEY_CLIENTS = 10


def race(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls in threads released at the same instant; return their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = calls[index]()
        except Exception as error:  # reported by the assertions of the caller
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def answer(response) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    return response.status_code, response.get_json()


def test_ten_concurrent_requests_with_one_key_store_exactly_one_sheet(app, world, tablet):
    tablets = [tablet("JA1") for _ in range(SAME_KEY_CLIENTS)]
    for repeat in range(REPEATS):
        body = {"key": new_key("race"), "entry_id": world.entries["A2"], "part_code": "greeting",
                "scores": world.greeting_scores(), "captured_at": "2024-08-20T09:12:30Z"}
        results = race([lambda t=t, b=body: answer(t.post(b)) for t in tablets])
        statuses = sorted(status for status, _ in results)
        assert statuses == [200] * (SAME_KEY_CLIENTS - 1) + [201], results
        assert len({payload["sheet_id"] for _, payload in results}) == 1
        assert len({payload["version"] for _, payload in results}) == 1
        assert sheet_count(app) == repeat + 1


def test_two_concurrent_corrections_become_two_versions(app, world, tablet):
    first, second = tablet("JA1"), tablet("JA1")
    body = {"entry_id": world.entries["A3"], "part_code": "situation", "captured_at": None}
    assert first.post({**body, "key": new_key("v"), "scores": {"total": "20"}}).status_code == 201
    for repeat in range(REPEATS // 2):
        results = race([
            lambda: answer(first.post({**body, "key": new_key("c"), "scores": {"total": "21"}})),
            lambda: answer(second.post({**body, "key": new_key("c"), "scores": {"total": "22,5"}})),
        ])
        assert [status for status, _ in results] == [201, 201], results
        expected = {2 + 2 * repeat, 3 + 2 * repeat}
        assert {payload["version"] for _, payload in results} == expected
    with app.app_context():
        versions = db.session.scalars(select(ScoreSheet.version).order_by(ScoreSheet.version)).all()
    assert versions == list(range(1, REPEATS + 2))
