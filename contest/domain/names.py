"""Names as people type them: NFC-normalised, verbatim otherwise, compared loosely.

Excel cells can arrive decomposed (NFD); uniqueness, search and PDF rendering break on
NFD, so every stored name goes through ``clean_name``. Invisible characters (format, Cf) and
separators other than the ordinary space (line and paragraph separators, no-break and other
spaces) are refused: they make two names that look the same compare different.

``lookalike_keys`` go further for duplicates: the Unicode TR39 confusable skeleton, so a Cyrillic
"а" inside "Quận Đống Đa" is the same team. The confusables data comes from the maintained
``confusable_homoglyphs`` package (Unicode's confusables.txt); each character maps to the lowest
code point of its group of single characters. Multi-character lookalikes ("rn" for "m") are left
out, and Vietnamese letters keep their marks apart: "Đống Đa" and "Đông Đa" stay two names
(a test checks every Vietnamese letter).
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from typing import TypeVar

from confusable_homoglyphs.confusables import confusables_data

from contest.domain.errors import DomainError

_SPACES = re.compile(r"\s+")
# Bidi overrides and isolates can make a name display as something else entirely.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
_SEPARATORS = ("Zl", "Zp", "Zs")
_T = TypeVar("_T")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def name_key(name: str) -> str:
    """The duplicate key: NFC, case-folded, whitespace collapsed."""
    return _SPACES.sub(" ", nfc(name).casefold()).strip()


def lookalike_keys(name: str) -> tuple[str, str]:
    """The duplicate keys across scripts: TR39 skeletons (NFD, each character to its confusables
    group, NFC again) of the case-folded and of the upper-cased name. Two names are the same team
    when they share one: the lower-case key catches a Cyrillic "а" or Greek "ν", the upper-case one
    a Cyrillic "В" typed for "B" (its lower case "в" looks like no Latin letter). Compared, never
    stored: the data grows with Unicode."""
    spaced = _SPACES.sub(" ", nfc(name)).strip()
    return "lower:" + _skeleton(spaced.casefold()), "upper:" + _skeleton(spaced.upper())


def lookalike_index(names: Iterable[str]) -> dict[str, str]:
    """Each lookalike key of ``names`` -> the name: what ``find_lookalike`` searches."""
    return {key: name for name in names for key in lookalike_keys(name)}


def find_lookalike(index: Mapping[str, _T], name: str) -> _T | None:
    """What is indexed under a name that looks like ``name`` (the same team), if anything."""
    return next((index[key] for key in lookalike_keys(name) if key in index), None)


def _skeleton(text: str) -> str:
    groups = _confusable_groups()
    return nfc("".join(groups.get(ch, ch) for ch in unicodedata.normalize("NFD", text)))


@cache
def _confusable_groups() -> dict[str, str]:
    """Character -> the lowest code point among the single characters of its lookalike group.

    Groups are joined through multi-character lookalikes too ("Đ" and "Ð" both look like "D̵"),
    but only single characters stand for a group, so a key never grows longer than its name."""
    parent: dict[str, str] = {}

    def root(item: str) -> str:
        while parent.get(item, item) != item:
            item = parent[item]
        return item

    for ch, glyphs in confusables_data.items():
        for glyph in glyphs:
            first, second = sorted((root(ch), root(glyph["c"])), key=lambda item: (len(item) != 1, item))
            if first != second:
                parent[second] = first
    return {item: root(item) for item in parent if len(item) == 1 and len(root(item)) == 1}


def _codes(chars: list[str]) -> str:
    return ", ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(chars))


def clean_name(raw: str, field: str = "name", max_length: int = 200) -> str:
    """Return the name NFC-normalised and trimmed, or raise DomainError saying why not."""
    name = nfc(raw).strip()
    if not name:
        raise DomainError("name_empty", "The name is empty.", field=field)
    bad = [ch for ch in name if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cf")]
    if bad:
        raise DomainError("name_control_chars", "The name contains control characters.", field=field,
                          chars=_codes(bad))
    odd = [ch for ch in name if unicodedata.category(ch) in _SEPARATORS and ch != " "]
    if odd:
        raise DomainError("name_separator_chars", "The name contains unusual spaces or line breaks.", field=field,
                          chars=_codes(odd))
    if len(name) > max_length:
        raise DomainError("name_too_long", "The name is too long.", field=field, max=max_length)
    return name


def required_reason(raw: str | None, max_length: int = 500) -> str:
    """A reason staff must give (a lock lifted, a gap excused, a penalty, a withdrawal): NFC, trimmed,
    cut to ``max_length``; refused when empty."""
    reason = nfc(raw or "").strip()
    if not reason:
        raise DomainError("reason_required", "A reason is required.")
    return reason[:max_length]


def sort_key(name: str) -> tuple[str, str]:
    """Vietnamese alphabetical order: base letters first (Đ right after D), then tone marks."""
    decomposed = unicodedata.normalize("NFD", nfc(name).casefold().replace("đ", "d\uffff"))
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return base, decomposed
