"""Domain exceptions; the API and pages turn them into 403/404/409/422 with the field named."""


class DomainError(Exception):
    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.message, self.field = message, field
        super().__init__(f"{field}: {message}" if field else message)

    def as_dict(self) -> dict:
        return {"error": {"field": self.field, "message": self.message}}


class ValidationFailed(DomainError):
    """Bad input; ``field`` names what is wrong. Nothing was changed."""

    status = 422

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)


class NotAllowed(DomainError):
    """The user may not do this, or may not see this record."""

    status = 403


class NotFound(DomainError):
    status = 404


class InvalidTransition(DomainError):
    """The act is not possible in the record's present state."""

    status = 409
