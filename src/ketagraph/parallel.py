"""Run one piece of work in a forked child while the parent does another: the second core.

pyshacl-turbo holds the GIL while it validates, so a thread cannot overlap it with the exports;
a forked child can, and it shares the graph with the parent copy-on-write instead of receiving a
copy. Only the (small) result crosses a pipe. Where ``fork`` is missing the work runs in-process.
"""

from __future__ import annotations

import os
import pickle
import traceback
from collections.abc import Callable
from typing import TypeVar

from .errors import KetagraphError

__all__ = ["beside"]

T = TypeVar("T")


def beside(work: Callable[[], T], *, fork: bool = True) -> Callable[[], T]:
    """Start ``work`` in a child process now; the returned function waits for its result.

    An error a user can act on (:class:`KetagraphError`) is raised again in the parent when it
    asks for the result; any other failure becomes a ``RuntimeError`` with the child's traceback.
    """
    if not fork or not hasattr(os, "fork"):
        try:
            result = work()
        except KetagraphError as err:
            error = err

            def fail() -> T:
                raise error

            return fail
        return lambda: result
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send the outcome, leave without running the parent's exit handlers
        status = 0
        try:
            os.close(read_end)
            try:
                outcome: tuple = ("ok", work())
            except KetagraphError as err:
                outcome = ("error", err)
            except BaseException:
                outcome = ("crash", traceback.format_exc())
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)

    def join() -> T:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
        if not payload:
            raise RuntimeError(f"the child process ended without a result (status {status})")
        kind, value = pickle.loads(payload)
        if kind == "error":
            raise value
        if kind == "crash":
            raise RuntimeError(f"the child process failed:\n{value}")
        return value

    return join
