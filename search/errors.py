"""The project's exceptions. Each carries the HTTP status and error code the web answers with."""

from __future__ import annotations


class WartaError(Exception):
    """Base of every error Warta reports to a user."""

    status: int = 500
    code: str = "internal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidParameter(WartaError):
    """A request parameter that cannot be used; `.message` starts with the parameter's name."""

    status = 400
    code = "bad_parameter"

    def __init__(self, param: str, problem: str) -> None:
        super().__init__(f"{param}: {problem}")
        self.param = param
        self.problem = problem


class IndexUnavailable(WartaError):
    """The index directory is missing, empty or unreadable."""

    status = 503
    code = "index_unavailable"


class ArticleNotFound(WartaError):
    """No article in the index has the requested id."""

    status = 404
    code = "not_found"

    def __init__(self, article_id: str) -> None:
        super().__init__(f"no article with id {article_id!r}")
        self.article_id = article_id


class ActorNotFound(WartaError):
    """No article in the index names this person."""

    status = 404
    code = "not_found"

    def __init__(self, name: str) -> None:
        super().__init__(f"no article names {name!r}")
        self.name = name
