"""Every download and backup is named in Hà Nội time, one format: a standings CSV taken at 21:53 in
the hall ends in ``-2153xx.csv`` whatever zone the laptop's clock is set to."""

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from contest.cli import main
from contest.localtime import file_stamp

STAMP = r"(\d{8}-\d{6})"
HANOI_OFFSET = timedelta(hours=7)  # Vietnam keeps UTC+7 all year


def assert_hanoi_now(stamp: str) -> None:
    """The stamp reads as the wall clock in Hà Nội now (UTC+7), not UTC or the machine's zone."""
    read = datetime.strptime(stamp, "%Y%m%d-%H%M%S")
    hanoi_now = datetime.now(UTC).replace(tzinfo=None) + HANOI_OFFSET
    assert abs(read - hanoi_now) < timedelta(minutes=2), (stamp, hanoi_now)


@pytest.mark.parametrize(("moment", "stamp"), [
    (datetime(2024, 8, 20, 14, 53, 7, tzinfo=UTC), "20240820-215307"),
    (datetime(2024, 8, 20, 14, 53, 7), "20240820-215307"),  # naive, as stored: UTC
    (datetime(2024, 8, 20, 20, 30, tzinfo=UTC), "20240821-033000"),  # after midnight in Hà Nội
    (datetime(2024, 8, 20, 16, 53, tzinfo=timezone(timedelta(hours=2))), "20240820-215300"),
], ids=["aware-utc", "naive-utc", "next-day", "other-zone"])
def test_the_stamp_is_hanoi_wall_clock_time(moment, stamp):
    assert file_stamp(moment) == stamp


@pytest.mark.parametrize("path", [
    "/results/ha-noi-2024/so-khao/xep-hang.csv",
    "/results/ha-noi-2024/ket-qua.xlsx",
    "/desk/ha-noi-2024/audit.csv",
    "/organizer/contests/ha-noi-2024/draws/so-khao/result.pdf",
], ids=["standings-csv", "workbook", "audit-csv", "draw-sheet"])
def test_downloads_are_named_in_hanoi_time(organizer, demo_contest, path):
    response = organizer.get(path)
    assert response.status_code == 200
    found = re.search(rf'filename="?[^"]*-{STAMP}\.(csv|xlsx|pdf)"?$', response.headers["Content-Disposition"])
    assert found, response.headers["Content-Disposition"]
    assert_hanoi_now(found[1])


def test_backups_into_a_folder_are_named_in_hanoi_time(app, runner, demo_contest, tmp_path):
    stick = tmp_path / "usb"
    stick.mkdir()
    assert runner.invoke(main, ["backup", str(stick)]).exit_code == 0
    (backup,) = stick.iterdir()
    found = re.fullmatch(rf"contest-{STAMP}\.db", backup.name)
    assert found, backup.name
    assert_hanoi_now(found[1])
