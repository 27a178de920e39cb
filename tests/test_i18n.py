"""Vietnamese by default, English on request, and no English left untranslated."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def source_msgids() -> set[str]:
    found = set()
    for folder, method in (("contest", "python"), ("templates", "jinja2")):
        pattern = "**.py" if method == "python" else "**.html"
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / folder, method_map=[(pattern, method)], keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_ui_string_has_a_vietnamese_translation():
    with (ROOT / "contest/translations/vi/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string}
    missing = sorted(source_msgids() - translated)
    assert missing == [], f"{len(missing)} strings without a Vietnamese translation: {missing[:20]}"


def test_pages_speak_vietnamese_by_default_and_english_on_request(client, demo_contest):
    home = client.get("/").get_data(as_text=True)
    assert "Các hội thi" in home and 'lang="vi"' in home
    english = client.get("/?lang=en").get_data(as_text=True)
    assert "Contests" in english and 'lang="en"' in english
    # The choice sticks for the session.
    assert 'lang="en"' in client.get("/login").get_data(as_text=True)
