"""Where the templates, static files, seeds and migrations live.

In a checkout they sit at the repository root; in an installed wheel they are copied
into ``contest/_resources`` (see pyproject's force-include).
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    installed = PACKAGE_DIR / "_resources" / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name
