"""PDFs are drawn in ``contest.documents`` from plain values; services only gather those values.

A service that imported the PDF library (or the QR library the cards print) would be a builder
living in the wrong layer, where it could read the database while it draws.
"""

import ast
from pathlib import Path

import contest.services

SERVICES = Path(contest.services.__file__).parent
DRAWING = {"fpdf", "segno", "contest.documents.pdf"}  # the libraries, and the official paper's base


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(name for alias in node.names for name in (alias.name, alias.name.split(".")[0]))
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.update((node.module, node.module.split(".")[0]))
    return found


def test_no_service_draws_a_pdf() -> None:
    found = sorted((path.name, name) for path in SERVICES.glob("*.py") for name in _imported_modules(path) & DRAWING)
    assert found == []
