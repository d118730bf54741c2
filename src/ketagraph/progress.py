"""Where a long command is: one line per stage, with a spinner, a count and the elapsed time.

On a terminal the stages are drawn with rich (each finished stage stays, ticked, with its time);
when stderr is piped or redirected nothing is written at all, so logs and scripts stay clean.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["QUIET", "Progress", "TerminalProgress", "for_terminal"]


class Progress:
    """The quiet base: stages are announced and counted, and nothing is shown."""

    def __call__(self, message: str, total: int | None = None) -> None:
        """A new stage begins (the previous one is done); ``total`` items if it counts them."""

    def advance(self, n: int = 1) -> None:
        """``n`` more items of the current stage are done."""

    def close(self) -> None:
        """The last stage is done."""

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


QUIET = Progress()


class TerminalProgress(Progress):
    """Stages drawn by ``rich.progress`` on stderr."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bars

        self._bars = Bars(
            SpinnerColumn(finished_text="[green]✓[/green]"),
            TextColumn("{task.description}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self._task: Any = None
        self._bars.start()

    def _finish(self) -> None:
        if self._task is not None:
            task = self._bars.tasks[-1]
            self._bars.update(self._task, total=task.total or 1, completed=task.total or 1)
            self._bars.stop_task(self._task)

    def __call__(self, message: str, total: int | None = None) -> None:
        self._finish()
        self._task = self._bars.add_task(message, total=total)

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._bars.advance(self._task, n)

    def close(self) -> None:
        self._finish()
        self._bars.stop()


def for_terminal() -> Progress:
    """Drawn progress when stderr is a terminal; the quiet kind otherwise."""
    return TerminalProgress() if sys.stderr.isatty() else QUIET
