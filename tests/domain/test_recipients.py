"""Reading a list of people for certificates: headers, NFC, repeats, bad rows."""

import unicodedata

import pytest

from contest.domain.errors import DomainError
from contest.domain.recipients import parse_recipients


def test_rows_become_people_once_in_nfc():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    result = parse_recipients(["STT", " họ  và TÊN ", "Đơn vị", "Giải"], [
        (2, ["1", nfd, "Phường Phúc Xá", ""]),
        (3, ["2", "Nguyễn Thị Ánh", "Phường Phúc Xá", ""]),
        (4, ["3", "Nguyễn Thị Ánh", "Xã Đông Hội", "Giải Nhì"]),
        (5, ["", "", "", ""]),
    ])
    assert result.people == [{"name": "Nguyễn Thị Ánh", "unit": "Phường Phúc Xá", "prize": ""},
                             {"name": "Nguyễn Thị Ánh", "unit": "Xã Đông Hội", "prize": "Giải Nhì"}]
    assert result.repeats == 1 and result.errors == []


def test_bad_rows_are_reported_by_spreadsheet_row():
    result = parse_recipients(["Full name"], [(2, ["Lê\u202eVăn"]), (3, ["x" * 201]), (4, ["Trần Hưng"])])
    assert [(row, error.code) for row, error in result.errors] == [(2, "name_control_chars"), (3, "name_too_long")]
    assert [p["name"] for p in result.people] == ["Trần Hưng"]


@pytest.mark.parametrize("header", [["Tên đơn vị"], [], ["Đơn vị", "Giải"]], ids=["other", "empty", "no-name"])
def test_a_file_without_a_name_column_is_refused(header):
    with pytest.raises(DomainError) as caught:
        parse_recipients(header, [(2, ["A"])])
    assert caught.value.code == "recipients_no_name_column"
