"""One error tree and one table of exit codes (design.md §4).

Non-conformance is a report, not an exception: it exits 1 through the CLI. Everything a
user can fix raises a :class:`KetagraphError` whose ``problems`` name file, line and fix.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_NONCONFORMING",
    "EXIT_OK",
    "EXIT_SERVICE",
    "InputError",
    "KetagraphError",
    "Location",
    "Problem",
    "ReferenceProblemError",
    "ServiceError",
]

EXIT_OK = 0
EXIT_NONCONFORMING = 1
EXIT_INPUT = 2
EXIT_SERVICE = 3
EXIT_INTERNAL = 70  # a bug in ketagraph (EX_SOFTWARE of sysexits.h): the message asks for --debug
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a YAML file: 1-based line and column, path relative to the working directory."""

    path: str
    line: int
    column: int = 1

    @classmethod
    def at(cls, path: Path | str, line: int, column: int = 1) -> Location:
        return cls(display_path(path), line, column)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


def display_path(path: Path | str) -> str:
    """A path as a user typed it: relative to the working directory when inside it."""
    p = Path(path)
    try:
        rel = os.path.relpath(p.resolve(), Path.cwd())
    except ValueError:  # another drive
        return str(p)
    return str(p) if rel.startswith("..") else rel


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: where, what, and how to fix it."""

    message: str
    loc: Location | None = None

    def __str__(self) -> str:
        return f"{self.loc}: {self.message}" if self.loc else self.message


@dataclass
class KetagraphError(Exception):
    """Base of every error a user can act on; ``exit_code`` follows design.md §4."""

    problems: list[Problem] = field(default_factory=list)
    exit_code: int = EXIT_INPUT

    def __post_init__(self) -> None:
        Exception.__init__(self, str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @classmethod
    def one(cls, message: str, loc: Location | None = None) -> KetagraphError:
        return cls([Problem(message, loc)])


@dataclass
class InputError(KetagraphError):
    """Unusable input: unreadable or malformed YAML/RDF, a missing file or folder (exit 2)."""

    exit_code: int = EXIT_INPUT


@dataclass
class ReferenceProblemError(KetagraphError):
    """The data does not hold together: dangling references, duplicate ids (exit 1)."""

    exit_code: int = EXIT_NONCONFORMING


@dataclass
class ServiceError(KetagraphError):
    """An external service failed: unreachable, refused, timed out (exit 3)."""

    exit_code: int = EXIT_SERVICE
