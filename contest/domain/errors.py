"""The one error type the domain raises: a stable code, an English message, parameters."""


class DomainError(Exception):
    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params
