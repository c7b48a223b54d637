"""The boundary around each file (and each line of an archive): whatever goes wrong while one is read and checked —
an exception, a limit, its time budget — becomes an ``FV000`` diagnostic for that file, and the run goes on.

A file that cannot be read at all is an ``InputError`` the readers raise with a position; everything else that
escapes a reader or a rule is a bug of the tool, reported as such (with where to report it) instead of a traceback
that would take every other file of the run down with it. The time budget interrupts a check that runs Python
code for too long (a loop, a blocking read); a single call into C (one regular expression match) ends first.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from .errors import FindingsValidatorError, issues_address
from .models import Diagnostic, ReportResult, Severity

T = TypeVar("T")

FILE_SECONDS = float(os.environ.get("FINDINGS_VALIDATOR_FILE_SECONDS", 600))
"""The time budget of one file (600 s, far beyond the ~1 min a 100 MB report takes; the environment variable
``FINDINGS_VALIDATOR_FILE_SECONDS`` sets another, 0 none)."""


def worker_settings() -> tuple[dict[tuple[str, str], int], float]:
    """What a worker process needs to read and check as this process does: the reader limits as they are now
    (set by the configuration's ``limits`` or a program's ``limits.configure``) and the time budget of a file. A
    worker started by fork inherits them; one started by spawn or forkserver (the default on macOS and Windows, and
    the choice of a program that sets the start method) begins from the defaults, so every pool of worker
    processes is started with ``start_worker(worker_settings())``."""
    from .readers import limits

    return limits.snapshot(), FILE_SECONDS


def start_worker(settings: tuple[dict[tuple[str, str], int], float]) -> None:
    """In a new worker process: take on the parent's ``worker_settings``."""
    global FILE_SECONDS
    from .readers import limits

    values, FILE_SECONDS = settings
    limits.restore(values)


class TimeBudgetExceeded(Exception):
    """The file's check ran longer than its time budget."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise ``TimeBudgetExceeded`` in the block when it runs longer than ``seconds``. Only where a budget can be
    kept without disturbing the program: in the main thread, with no other timer or ``SIGALRM`` handler set (a
    program embedding the library keeps its own); elsewhere the block just runs."""
    usable = (seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
              and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))
    if not usable:
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise TimeBudgetExceeded(f"the check took longer than its time budget of {seconds:g} s")

    signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def failure(exc: BaseException, file: str, line: int = 0, what: str = "the file", done: str = "checked") -> Diagnostic:
    """The ``FV000`` diagnostic that stands for ``exc`` raised while ``what`` (at ``file``:``line``) was
    ``done`` (checked, fixed, scored). An error of the input that says where in ``file`` it is keeps that place."""
    column = 0
    if (not line and isinstance(exc, FindingsValidatorError) and exc.location is not None
            and exc.location.file == file):
        line, column = exc.location.line, exc.location.column
    if isinstance(exc, TimeBudgetExceeded):
        message, hint = f"{what} was not {done}: {exc}", (
            "FINDINGS_VALIDATOR_FILE_SECONDS sets the budget; a file this slow may be built to hang the checker")
    elif isinstance(exc, RecursionError):
        message, hint = f"{what} was not {done}: it is nested too deeply", "a report needs a few levels only"
    elif isinstance(exc, FindingsValidatorError):  # the input's fault, found where it was not expected
        message, hint = f"{what} was not {done}: {exc.message}", exc.hint
    elif isinstance(exc, MemoryError):
        message, hint = f"{what} was not {done}: it needs more memory than there is", (
            "split it, or check it on a machine with more memory")
    else:
        text = " ".join(str(exc).split())
        text = text if len(text) <= 200 else text[:199] + "…"
        message = f"{what} was not {done}: internal error ({type(exc).__name__}: {text})"
        hint = (f"this is a bug in findings-validator, not in your input; please report it at {issues_address()} "
                "with the file or a line of it (FINDINGS_VALIDATOR_DEBUG=1 shows the traceback)")
    return Diagnostic("FV000", Severity.ERROR, message, hint, file=file, line=line, column=column,
                      title="unreadable input")


def failed_result(name: str, diagnostic: Diagnostic) -> ReportResult:
    return ReportResult(name, None, (), (diagnostic,),
                        {"findings": 0, "ready": False, "readiness": "not ready: the file could not be checked"})


def attempt(work: Callable[[], T], name: str, done: str = "checked",
            seconds: float | None = None) -> tuple[T | None, Diagnostic | None]:
    """``(work(), None)``, or ``(None, its FV000)`` when ``work`` (what is ``done`` to the file ``name``: checked,
    fixed, scored) raises or runs out of time: the boundary every command keeps around each file."""
    try:
        with time_budget(FILE_SECONDS if seconds is None else seconds):
            return work(), None
    except Exception as exc:  # noqa: BLE001 - the boundary: every failure of one file becomes its diagnostic
        if os.environ.get("FINDINGS_VALIDATOR_DEBUG"):
            raise
        return None, failure(exc, name, done=done)


def guarded(name: str, check: Callable[[], ReportResult], seconds: float | None = None) -> ReportResult:
    """``check()``, or the result of a file that could not be checked when it raises or runs out of time."""
    result, problem = attempt(check, name, seconds=seconds)
    return failed_result(name, problem) if problem is not None else result  # type: ignore[return-value]
