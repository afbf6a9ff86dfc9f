"""Bad-input reporting: every bad record is named by file and line, then skipped or fatal."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Callable


class InputError(Exception):
    """A user-facing input problem: printed as one line, never as a traceback."""


@dataclass
class BadRecord:
    """One record (or whole file) that could not be read, and why."""

    source: str
    line: int  # 1-based line or record number; 0 for the whole file
    reason: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"


def _print_stderr(bad: BadRecord) -> None:
    print(f"skipped {bad}", file=sys.stderr)


@dataclass
class ErrorPolicy:
    """What to do with a bad record: ``skip`` (report and go on) or ``fail`` (stop)."""

    mode: str = "skip"
    report: Callable[[BadRecord], None] | None = _print_stderr
    bad: list[BadRecord] = field(default_factory=list)
    duplicates: int = 0

    def __post_init__(self) -> None:
        if self.mode not in ("skip", "fail"):
            raise InputError(f"--on-error must be 'skip' or 'fail', not {self.mode!r}")

    def __call__(self, source: str, line: int, reason: str) -> None:
        bad = BadRecord(str(source), line, reason)
        if self.mode == "fail":
            raise InputError(str(bad))
        self.bad.append(bad)
        if self.report:
            self.report(bad)
