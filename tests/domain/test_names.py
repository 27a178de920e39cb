import unicodedata

import pytest

from contest.domain.errors import DomainError
from contest.domain.names import clean_name, name_key, sort_key


def test_decomposed_and_composed_names_are_the_same_team():
    composed = "Quận Đống Đa"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert clean_name(decomposed) == composed
    assert name_key(decomposed) == name_key("  QUẬN   đống đa ")


@pytest.mark.parametrize(
    "raw", ["Quận\u202eĐống Đa", "Quận\u2066Ba Đình", "Tây\x00Hồ", "Tây\tHồ", "Phú\u200fXuyên"],
    ids=["rlo-override", "isolate", "nul", "tab", "rtl-mark"],
)
def test_control_and_bidi_characters_are_refused(raw):
    with pytest.raises(DomainError) as caught:
        clean_name(raw)
    assert caught.value.code == "name_control_chars"
    assert caught.value.params["chars"].startswith("U+")


def test_empty_name_is_refused():
    with pytest.raises(DomainError) as caught:
        clean_name("   ")
    assert caught.value.code == "name_empty"


def test_vietnamese_alphabetical_order_puts_dd_after_d():
    names = ["Quận Đống Đa", "Quận Ba Đình", "Quận Tây Hồ", "Quận Dương Kinh", "Quận Hà Đông", "Quận Hoàn Kiếm"]
    assert sorted(names, key=sort_key) == [
        "Quận Ba Đình", "Quận Dương Kinh", "Quận Đống Đa", "Quận Hà Đông", "Quận Hoàn Kiếm", "Quận Tây Hồ"]
