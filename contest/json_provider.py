"""The app's JSON: Vietnamese stays readable, and a hostile body is a bad request, never a crash.

The standard parser raises RecursionError on deeply nested input (``[[[[...]]]]`` 100,000 deep);
Flask's ``get_json`` only turns ValueError into a 400 (or None with ``silent``), so that one
request would answer 500. Reading it as ValueError gives every endpoint the ordinary refusal.
"""

from typing import Any

from flask.json.provider import DefaultJSONProvider


class AppJSONProvider(DefaultJSONProvider):
    ensure_ascii = False  # Vietnamese stays readable in the JSON API

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError as error:
            raise ValueError("JSON nested too deeply") from error
