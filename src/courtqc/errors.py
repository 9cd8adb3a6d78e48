"""The errors courtqc raises on purpose, one family for every package.

Each carries a message in Chinese first with the English in brackets, where the problem lies
(file, row, field) when it is known, the HTTP status the API answers with and the exit status
the command line ends with. The API and the CLI translate a `CourtqcError` in one place each
(courtqc.web.app, courtqc.cli), so a package never formats its own 4xx or exit code, and no
Python internals reach a user.

Anything else that escapes is a bug: the API answers 500 with a reference to its log line, the
CLI prints the traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class Where:
    """Where a problem lies: any of file, row (1-based), field (a column or a dotted path)."""

    file: str | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"第 {self.row} 行 (row {self.row})")
        if self.field:
            parts.append(f"字段 {self.field} (field {self.field})")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in (("file", self.file), ("row", self.row), ("field", self.field))
            if v is not None
        }


class CourtqcError(Exception):
    """Base of every deliberate error. `message`: "中文 (English)"."""

    status: ClassVar[int] = 400
    exit_code: ClassVar[int] = 2

    def __init__(
        self,
        message: str,
        *,
        where: Where | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.details = details or []

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def to_dict(self) -> dict[str, Any]:
        """The body the API answers with."""
        out: dict[str, Any] = {"error": self.message}
        if self.where:
            out["where"] = self.where.to_dict()
        if self.details:
            out["details"] = self.details
        return out


class InvalidInput(CourtqcError):
    """Input that cannot be used as it is: a bad row, field, parameter or definition."""

    status = 422


class NotFound(CourtqcError):
    """No such thing, or not the caller's to see (the API does not tell which)."""

    status = 404


class Forbidden(CourtqcError):
    """The caller may not do this: another court's data, or a permission the role lacks."""

    status = 403


class Conflict(CourtqcError):
    """The request clashes with what is stored (a reused key, a lifecycle step out of order)."""

    status = 409


class TooLarge(CourtqcError):
    """A body, file or nesting past the limits."""

    status = 413


class Unavailable(CourtqcError):
    """Something the work needs is not reachable now (a database, a disk, a lock)."""

    status = 503


class Timeout(CourtqcError):
    """Work stopped at its time budget."""

    status = 504
