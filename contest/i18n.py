"""Vietnamese first, English second.

The catalogs live in the repository as ``.po`` files; they are compiled to ``.mo`` into
the instance folder on start when missing or stale, so a plain ``pip install .`` works.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, request, session
from flask_babel import format_date, format_datetime, format_decimal

from contest.extensions import babel
from contest.resources import PACKAGE_DIR

SOURCE_DIR = PACKAGE_DIR / "translations"


def init_app(app: Flask) -> None:
    compiled = Path(app.instance_path) / "translations"
    compile_catalogs(SOURCE_DIR, compiled)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled)
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(_remember_language_choice)
    app.context_processor(lambda: {"current_locale": select_locale()})
    app.jinja_env.filters.update(points=format_points, format_date=_format_date, format_datetime=_format_datetime)


def compile_catalogs(source: Path, target: Path) -> None:
    for po_path in source.glob("*/LC_MESSAGES/*.po"):
        mo_path = target / po_path.relative_to(source).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        tmp = mo_path.with_suffix(".mo.tmp")
        with tmp.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        tmp.replace(mo_path)


def _remember_language_choice() -> None:
    lang = request.args.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang


def select_locale() -> str:
    """``?lang=`` or the session's choice; never Accept-Language (halls share tablets)."""
    lang = request.args.get("lang") or session.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        return lang
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def format_points(centipoints: int | Fraction | None) -> str:
    """Centipoints shown with two decimals in the reader's locale ("283,75" in Vietnamese)."""
    if centipoints is None:
        return "—"
    value = Fraction(centipoints) / 100
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return format_decimal(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), format="#,##0.00")


def _format_date(value: date | None) -> str:
    return format_date(value, format="dd/MM/yyyy") if value else ""


def _format_datetime(value: datetime | None) -> str:
    """Stored as naive UTC; Babel shows it in Asia/Ho_Chi_Minh."""
    return format_datetime(value, format="HH:mm dd/MM/yyyy") if value else ""
