"""The rules run without the web stack: a script, a notebook or another front end can use them."""

import subprocess
import sys

PROBE = """
import importlib, pkgutil, sys
import contest.domain
modules = [m.name for m in pkgutil.iter_modules(contest.domain.__path__, "contest.domain.")]
for name in modules:
    importlib.import_module(name)
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"flask", "werkzeug", "sqlalchemy", "gevent", "jinja2"})
print(len(modules), " ".join(loaded))
"""


def test_every_domain_module_imports_without_flask_or_sqlalchemy() -> None:
    # A fresh interpreter: this test process has Flask loaded already.
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60)
    count, _, loaded = result.stdout.strip().partition(" ")
    assert int(count) >= 15
    assert loaded == ""
