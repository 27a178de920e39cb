"""A team's data and an import file's rows, checked without Flask or a database."""

import unicodedata

import pytest

from contest.domain.names import lookalike_index
from contest.domain.team_import import MAX_ROWS, check_import, unit_type_code
from contest.domain.teams import TeamSpec, check_team

HEADER = ["STT", "Tên đơn vị", "Loại đơn vị", "Cụm thi địa bàn", "Trưởng đoàn", "Thành viên chính thức",
          "Thành viên dự bị", "Diễn viên hỗ trợ", "Người liên hệ", "Số điện thoại", "Email", "Tên mô hình"]


def row(name: str, kind: str = "Quận", cluster: str = "Cụm 1", **extra: str) -> list[str]:
    values = {"official": "Nguyễn Thị Hà; Trần Văn Sơn", "reserve": "Lê Thu Giang", "supporting": "",
              "phone": "0912 345 678", "email": "", **extra}
    return ["1", name, kind, cluster, "Nguyễn Thị Hà", values["official"], values["reserve"], values["supporting"],
            "Đỗ Thanh Hùng", values["phone"], values["email"], "Dân vận khéo trong giải phóng mặt bằng"]


def numbered(*rows: list[str]) -> list[tuple[int, list[str]]]:
    return list(enumerate(rows, start=2))


def codes(result) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    return [(e.row, e.column, e.error.code) for e in result.errors]


def test_a_clean_file_gives_team_specs_with_members_by_role():
    result = check_import(HEADER, numbered(row("Quận Tây Hồ"), row("Huyện Đông Anh", "Huyện", "Cụm 3")), {})
    assert result.ok and not result.errors
    (first_row, tay_ho), (_, dong_anh) = result.teams
    assert first_row == 2 and tay_ho.unit_type == "urban_district" and dong_anh.unit_type == "rural_district"
    assert [(m.full_name, m.role) for m in tay_ho.members] == [
        ("Nguyễn Thị Hà", "official"), ("Trần Văn Sơn", "official"), ("Lê Thu Giang", "reserve")]


@pytest.mark.parametrize(("word", "code"), [
    ("Quận", "urban_district"), ("quận", "urban_district"), ("Huyện", "rural_district"), ("Thị xã", "town"),
    ("THỊ  XÃ", "town"), ("Đơn vị trực thuộc Thành phố", "city_unit"), ("city_unit", "city_unit"),
    (unicodedata.normalize("NFD", "Huyện"), "rural_district"),
], ids=["quan", "lower", "huyen", "thi-xa", "upper-spaces", "city-unit", "code", "nfd"])
def test_unit_types_are_vietnamese_words(word, code):
    assert unit_type_code(word) == code


def test_every_bad_row_is_listed_with_its_number_column_and_reason():
    result = check_import(HEADER, numbered(
        row("Quận Tây Hồ"),
        row("Quận Hoàn Kiếm", kind="Phường"),
        row("", kind="Quận"),
        row("Quận Ba\u202eĐình"),
        row("Huyện Sóc Sơn", "Huyện", "Cụm 9"),
        row("Huyện Mê Linh", "Huyện", phone="gọi sau"),
        row("Quận Cầu Giấy", official="Lê Hà; lê  hà"),
    ), {}, clusters=["Cụm 1", "Cụm 2", "Cụm 3"])
    assert codes(result) == [
        (3, "Loại đơn vị", "team_unknown_unit_type"),
        (4, "Tên đơn vị", "name_empty"),
        (5, "Tên đơn vị", "name_control_chars"),
        (6, "Cụm thi địa bàn", "team_unknown_cluster"),
        (7, "Số điện thoại", "team_bad_phone"),
        (8, "Thành viên chính thức", "team_member_twice"),
    ]
    assert not result.ok and result.bad_rows == 6
    assert result.errors[0].error.params["known"] == "Quận, Huyện, Thị xã, Đơn vị trực thuộc Thành phố"


def test_duplicates_within_the_file_and_against_existing_teams():
    result = check_import(HEADER, numbered(
        row("Quận Tây Hồ"), row("quận  tây hồ"), row("Huyện Đông Anh", "Huyện"),
    ), lookalike_index(["Huyện Đông Anh"]))
    assert codes(result) == [(3, "Tên đơn vị", "import_duplicate_in_file"), (4, "Tên đơn vị", "team_duplicate")]
    assert result.errors[0].error.params["first_row"] == 2
    assert result.errors[1].error.params["existing"] == "Huyện Đông Anh"


def test_nfd_names_are_stored_nfc_and_collide_with_their_nfc_twins():
    decomposed = unicodedata.normalize("NFD", "Quận Đống Đa")
    assert decomposed != "Quận Đống Đa"
    result = check_import(HEADER, numbered(row(decomposed)), {})
    assert result.teams[0][1].name == "Quận Đống Đa"
    clash = check_import(HEADER, numbered(row(decomposed)), lookalike_index(["Quận Đống Đa"]))
    assert codes(clash) == [(2, "Tên đơn vị", "team_duplicate")]


def test_a_missing_required_column_is_a_file_problem():
    header = [h for h in HEADER if h != "Loại đơn vị"]
    result = check_import(header, numbered(row("Quận Tây Hồ")[:2] + row("Quận Tây Hồ")[3:]), {})
    assert [e.code for e in result.file_errors] == ["import_missing_column"]
    assert result.file_errors[0].params["columns"] == "Loại đơn vị"
    assert not result.ok and not result.teams


def test_headers_match_loosely_and_unknown_columns_are_reported():
    header = ["tên  ĐƠN VỊ", "Loại đơn vị", "Ghi chú"]
    result = check_import(header, numbered(["Quận Tây Hồ", "Quận", "đội mạnh"]), {})
    assert result.ok and result.ignored_columns == ["Ghi chú"]


@pytest.mark.parametrize(("header", "rows", "code"), [
    ([], [], "import_empty"),
    (["", " "], [], "import_empty"),
    (HEADER, [], "import_no_rows"),
    (HEADER, [(2, [""] * 12), (3, [])], "import_no_rows"),
    (["Tên đơn vị", "Loại đơn vị", "Tên đơn vị"], [(2, ["A", "Quận", "B"])], "import_duplicate_column"),
], ids=["nothing", "blank-header", "header-only", "blank-rows", "column-twice"])
def test_files_without_team_rows_are_refused(header, rows, code):
    result = check_import(header, rows, {})
    assert [e.code for e in result.file_errors] == [code] and not result.ok


def test_too_many_rows_is_a_file_problem():
    rows = [(n, [f"Đơn vị {n}", "Quận"]) for n in range(2, MAX_ROWS + 3)]
    result = check_import(["Tên đơn vị", "Loại đơn vị"], rows, {})
    assert [e.code for e in result.file_errors] == ["import_too_many_rows"]


def test_a_units_own_submission_must_be_complete():
    spec, errors = check_team({"name": "Huyện Ba Vì", "unit_type": "rural_district"}, complete=True)
    assert spec is None
    assert {e.params["field"] for e in errors} == {"leader", "contact_name", "contact_phone", "model_title",
                                                   "official"}


def test_a_team_round_trips_through_its_stored_payload():
    spec, errors = check_team({"name": "Quận Tây Hồ", "unit_type": "urban_district", "leader": "Đặng Thanh Hà",
                               "official": "Đặng Thanh Hà\nBùi Thu Trang", "supporting": "Trần Đức Bình",
                               "contact_email": "tayho@hanoi.gov.vn"})
    assert not errors
    assert TeamSpec.from_payload(spec.as_payload()) == spec


def test_a_bad_email_is_refused():
    _spec, errors = check_team({"name": "Quận Tây Hồ", "unit_type": "urban_district", "contact_email": "tayho@"})
    assert [e.code for e in errors] == ["team_bad_email"]


def test_a_name_that_only_looks_like_another_is_a_duplicate_naming_the_first():
    cyrillic_a = "Quận Đống Đ\u0430"
    result = check_import(HEADER, numbered(row("Quận Ba Đình"), row("Quận Bа Đình"), row(cyrillic_a)),
                          lookalike_index(["Quận Đống Đa"]))
    assert codes(result) == [(3, "Tên đơn vị", "import_duplicate_in_file"), (4, "Tên đơn vị", "team_duplicate")]
    assert result.errors[0].error.params["first_row"] == 2
    assert result.errors[1].error.params["existing"] == "Quận Đống Đa"


def test_vietnamese_marks_keep_two_names_apart():
    result = check_import(HEADER, numbered(row("Quận Đông Đa"), row("Quận Dống Da")), lookalike_index(["Quận Đống Đa"]))
    assert codes(result) == [] and len(result.teams) == 2
