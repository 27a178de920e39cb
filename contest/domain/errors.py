"""The one error type the domain raises: a stable code, an English message, parameters."""


class DomainError(Exception):
    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params


class NotFound(Exception):
    """What a URL names does not exist, or not in the contest it was asked for (shown as a 404).

    Not a ``DomainError``: a view's ``except DomainError`` (a refusal shown on the form) must not
    swallow it."""

    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"{kind} {key!r} not found")
        self.kind = kind
        self.key = key
