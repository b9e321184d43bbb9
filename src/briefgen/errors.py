"""Errors that carry their location.

Every stage collects the problems it finds as `Problem`s (file, line, field path, message) and
raises them together, once, as a `BriefgenError`. Only the command line prints them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where it is."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None
    details: tuple[str, ...] = ()  # lines printed under it, indented (what takes a page's space)

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        """The problem's line, then its details, each one line for the terminal."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        return [f"error: {where}:{field} {self.message}", *(f"  {x}" for x in self.details)]


class BriefgenError(Exception):
    """One or more problems that stop a brief from being built."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type, tuple[tuple[Problem, ...]]]:
        """Pickle by problems, so the error crosses process boundaries intact."""
        return type(self), (self.problems,)


class FactsError(BriefgenError):
    """A facts file is unreadable or breaks the facts contract."""


class TemplateError(BriefgenError):
    """A template, theme or its markup is invalid."""


class FitError(BriefgenError):
    """A brief cannot fit one page."""
