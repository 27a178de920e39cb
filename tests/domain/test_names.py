import itertools
import unicodedata

import pytest

from contest.domain.errors import DomainError
from contest.domain.names import clean_name, find_lookalike, lookalike_index, lookalike_keys, name_key, sort_key


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


@pytest.mark.parametrize(
    "raw", ["Quận Đống\u200dĐa", "Quận\u200bĐống Đa", "Quận Đống\u00adĐa", "Tây\ufeffHồ"],
    ids=["zero-width-joiner", "zero-width-space", "soft-hyphen", "byte-order-mark"],
)
def test_invisible_format_characters_are_refused(raw):
    with pytest.raises(DomainError) as caught:
        clean_name(raw)
    assert caught.value.code == "name_control_chars"


@pytest.mark.parametrize(
    ("raw", "codes"),
    [("Quận Đống\u2028Đa", "U+2028"), ("Quận Đống\u2029Đa", "U+2029"), ("Quận\u00a0Ba Đình", "U+00A0"),
     ("Quận\u3000Ba Đình", "U+3000"), ("Quận\u2003Ba\u2009Đình", "U+2003, U+2009")],
    ids=["line-separator", "paragraph-separator", "no-break-space", "ideographic-space", "em-and-thin-space"],
)
def test_separators_other_than_the_ordinary_space_are_refused_and_named(raw, codes):
    with pytest.raises(DomainError) as caught:
        clean_name(raw)
    assert caught.value.code == "name_separator_chars" and caught.value.params["chars"] == codes


def test_ordinary_spaces_stay_allowed():
    assert clean_name("  Quận   Đống Đa ") == "Quận   Đống Đa"


@pytest.mark.parametrize(
    "twin",
    ["Quận Đống Đ\u0430", "QUẬN ĐỐNG ĐA", "Quận Đống Đa", "Quận Ðống Ða", "Quận Đống Đ\u03b1",
     "Qua\u0302\u0323n Đống Đa"],
    ids=["cyrillic-a", "upper-case", "nfd", "eth-for-d-with-stroke", "greek-alpha", "decomposed-marks"],
)
def test_names_that_look_the_same_are_one_team(twin):
    index = lookalike_index(["Quận Đống Đa"])
    assert find_lookalike(index, unicodedata.normalize("NFD", twin) if twin == "Quận Đống Đa" else twin) == \
        "Quận Đống Đa"


def test_an_upper_case_cyrillic_letter_is_caught_too():
    assert find_lookalike(lookalike_index(["Quận Ba Đình"]), "Quận \u0412a Đình") == "Quận Ba Đình"


@pytest.mark.parametrize("other", ["Quận Đông Đa", "Quận Dống Da", "Quận Đống Đà", "Quận Đồng Đa"],
                         ids=["circumflex-only", "plain-d", "grave-a", "grave-o"])
def test_vietnamese_letters_with_other_marks_are_other_names(other):
    assert find_lookalike(lookalike_index(["Quận Đống Đa"]), other) is None


def test_every_vietnamese_letter_keeps_its_own_key_and_its_case():
    tones = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    letters = [unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in tones] + list("bcdđghklmnpqrstvx")
    keys = {letter: set(lookalike_keys(letter)) for letter in letters}
    assert not [(a, b) for a, b in itertools.combinations(letters, 2) if keys[a] & keys[b]]
    assert all(set(lookalike_keys(letter.upper())) == keys[letter] for letter in letters)
