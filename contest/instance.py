"""Where the instance folder lives: the SQLite database, the demo's secret key, staged imports,
compiled catalogs.

It belongs to the user, not to the program: ``%LOCALAPPDATA%\\hoi-thi-dan-van-kheo`` on Windows,
``~/.local/share/hoi-thi-dan-van-kheo`` on Linux (``platformdirs``). Flask's default put it inside
the virtual environment (``<venv>/var/contest.app-instance``), where reinstalling or recreating the
venv silently deleted the contest. ``CONTEST_INSTANCE_PATH`` overrides. A database still at the old
place is used where it is, with a notice saying how to move it: never an empty contest instead.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from flask.sansio.scaffold import find_package
from sqlalchemy.engine import make_url

APP_DIR_NAME = "hoi-thi-dan-van-kheo"
DATABASE_FILE = "contest.db"


@dataclass(frozen=True)
class InstanceFolder:
    path: Path  # the folder in use
    home: Path  # where it belongs; differs from ``path`` while the database sits at the old place

    @property
    def at_old_place(self) -> bool:
        return self.path != self.home


def locate() -> InstanceFolder:
    """The instance folder the commands and the server use."""
    override = os.environ.get("CONTEST_INSTANCE_PATH")
    if override:
        path = Path(override).absolute()  # Flask refuses a relative instance path
        return InstanceFolder(path, path)
    home = Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    old = old_place()
    if not (home / DATABASE_FILE).exists() and (old / DATABASE_FILE).exists():
        return InstanceFolder(old, home)
    return InstanceFolder(home, home)


def old_place() -> Path:
    """Flask's default instance folder for ``contest.app``: what versions before 2026-12 used."""
    prefix, package_path = find_package("contest.app")
    if prefix is None:  # a source checkout (editable install)
        return Path(package_path) / "instance"
    return Path(prefix) / "var" / "contest.app-instance"


def move_notice(folder: InstanceFolder) -> str:
    """Where the database is and how to move it, for a database found at the old place."""
    old = folder.path / DATABASE_FILE
    new = folder.home / DATABASE_FILE
    return (
        f"The contest database is at the old place, inside the program's folder: {old}\n"
        "Reinstalling or recreating the virtual environment would delete it. To move it to your data folder,\n"
        f'stop the server and run:  contest backup "{new}"\n'
        f"From then on the copy is used; delete the old folder {folder.path} once you have checked it.\n"
        f"(Or keep it where it is: set CONTEST_INSTANCE_PATH={folder.path})"
    )


def describe_database(uri: str) -> str:
    """The database file's path (SQLite), or the server's URL without its password."""
    url = make_url(uri)
    if url.get_backend_name() == "sqlite":
        return url.database or "(in memory)"
    return url.render_as_string(hide_password=True)
