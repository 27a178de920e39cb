"""Names as people type them: NFC-normalised, verbatim otherwise, compared loosely.

Excel cells can arrive decomposed (NFD); uniqueness, search and PDF rendering break on
NFD, so every stored name goes through ``clean_name``.
"""

import re
import unicodedata

from contest.domain.errors import DomainError

_SPACES = re.compile(r"\s+")
# Bidi overrides and isolates can make a name display as something else entirely.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def name_key(name: str) -> str:
    """The duplicate key: NFC, case-folded, whitespace collapsed."""
    return _SPACES.sub(" ", nfc(name).casefold()).strip()


def clean_name(raw: str, field: str = "name", max_length: int = 200) -> str:
    """Return the name NFC-normalised and trimmed, or raise DomainError saying why not."""
    name = nfc(raw).strip()
    if not name:
        raise DomainError("name_empty", "The name is empty.", field=field)
    bad = [ch for ch in name if ch in _BIDI or (unicodedata.category(ch) in ("Cc", "Cf") and ch != "\u200d")]
    if bad:
        codes = ", ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(bad))
        raise DomainError("name_control_chars", "The name contains control characters.", field=field, chars=codes)
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
