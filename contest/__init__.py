"""Contest manager for "Hội thi Dân vận khéo".

The app factory is ``contest.app.create_app``. Importing the package itself loads nothing else
(so the pure rules in ``contest.domain`` can be used without Flask), except ``_boot``, which must
patch the standard library for gevent before anything imports it.
"""

from contest import _boot  # noqa: F401
