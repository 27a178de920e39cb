"""Nothing Unix-only is imported when a module of ``contest`` loads: on Windows such an import
kills every command (demo, serve, backup, restore) before it starts."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "contest"
# Standard-library modules that exist on Linux and macOS but not on Windows.
UNIX_ONLY = {"resource", "pwd", "grp", "fcntl", "termios", "tty", "pty", "posix", "syslog", "crypt", "spwd", "nis",
             "_posixsubprocess"}


def import_time_imports(source: str) -> list[tuple[int, str]]:
    """Top-level module names imported when the module loads: everything outside function bodies
    (class bodies and ``if``/``try`` blocks at module level run at import too)."""
    found: list[tuple[int, str]] = []
    pending: list[ast.AST] = [ast.parse(source)]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module.split(".")[0]))
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            pending.extend(ast.iter_child_nodes(node))
    return found


def test_no_module_of_contest_imports_a_unix_only_module_when_it_loads():
    offenders = [f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}"
                 for path in sorted(PACKAGE.rglob("*.py"))
                 for line, name in import_time_imports(path.read_text(encoding="utf-8")) if name in UNIX_ONLY]
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize(("source", "names"), [
    ("import os\nimport resource\n", ["os", "resource"]),
    ("from fcntl import flock\n", ["fcntl"]),
    ("try:\n    import pwd\nexcept ImportError:\n    pwd = None\n", ["pwd"]),
    ("class A:\n    import grp\n", ["grp"]),
    ("def limit():\n    import resource\n", []),
    ("from . import resources\n", []),
], ids=["plain", "from", "guarded-at-top", "class-body", "inside-function", "relative"])
def test_the_scan_sees_what_runs_at_import(source, names):
    assert sorted(name for _line, name in import_time_imports(source)) == sorted(names)
