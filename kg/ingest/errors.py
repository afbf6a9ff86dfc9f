"""Bad-input reporting: every bad record is named by file and line, then skipped or fatal.

Two kinds of report:

* a *bad record* (``policy(source, line, reason)``): the record is left out; with ``mode="fail"``
  the run stops at the first one with an :class:`InputError` (one line, exit code 2 in the CLI);
* a *warning* (``policy.warn(source, line, reason)``): the record is kept but changed (e.g. an
  over-long abstract cut to the limit); warnings never stop a run, even with ``mode="fail"``.
"""
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
    line: int  # 1-based line or record number; 0 for the whole file (or when source already names it)
    reason: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"


def _print_stderr(bad: BadRecord) -> None:
    print(f"skipped {bad}", file=sys.stderr)


def _print_warning(bad: BadRecord) -> None:
    print(f"warning {bad}", file=sys.stderr)


@dataclass
class ErrorPolicy:
    """What to do with a bad record: ``skip`` (report and go on) or ``fail`` (stop)."""

    mode: str = "skip"
    report: Callable[[BadRecord], None] | None = _print_stderr
    bad: list[BadRecord] = field(default_factory=list)
    duplicates: int = 0
    warnings: list[BadRecord] = field(default_factory=list)
    warn_report: Callable[[BadRecord], None] | None = _print_warning

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

    def warn(self, source: str, line: int, reason: str) -> None:
        """A record kept with a change the user should know about (counted, never fatal)."""
        bad = BadRecord(str(source), line, reason)
        self.warnings.append(bad)
        if self.warn_report:
            self.warn_report(bad)
