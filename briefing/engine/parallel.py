"""Run one pure task in shares over forked processes, or in-process for one job; or work a
result out ahead, in a forked child, while the build goes on."""

from __future__ import annotations

import gc
import marshal
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_shares(jobs: int, task: Callable[[int, int], T]) -> list[T]:
    """[task(0, n), ..., task(n-1, n)]: share 0 runs here, the others in forked children.

    Fork, not spawn: children inherit the task's data (the whole site) without
    pickling it, and only their small results travel back through a pipe.
    """
    if jobs <= 1:
        return [task(0, 1)]
    import multiprocessing  # here: a rebuild of a few pages never forks, nor pays the import

    if "fork" not in multiprocessing.get_all_start_methods():
        return [task(0, 1)]
    context = multiprocessing.get_context("fork")
    children = []
    # Frozen, the inherited site is never walked by the children's collectors, which would
    # also make the kernel copy every page of it; about 5% of a large build's CPU.
    gc.freeze()
    for share in range(1, jobs):
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(
            target=_child, args=(task, share, jobs, writer, os.getpid()), daemon=True
        )
        process.start()
        writer.close()
        children.append((process, reader))
    try:
        results = [task(0, jobs)]
        for _, reader in children:
            status, value = reader.recv()
            if status == "error":
                raise value
            results.append(value)
    finally:
        gc.unfreeze()
        for process, _ in children:
            process.join(timeout=0.1)
            if process.is_alive():
                process.terminate()
                process.join()
    return results


class Ahead(Generic[T]):
    """A result a forked child works out while this process goes on (see ahead())."""

    def __init__(self, pid: int = 0, pipe: int = -1) -> None:
        self._pid, self._pipe = pid, pipe
        self._result: T | None = None

    @property
    def pid(self) -> int:
        """The child's process id while it has not been waited for; 0 if none."""
        return self._pid

    def result(self) -> T | None:
        """The child's result, waited for; None if it failed or never started (the caller
        then works it out itself)."""
        if self._pid:
            chunks = []
            while chunk := os.read(self._pipe, 1 << 20):
                chunks.append(chunk)
            self._close()
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0
            if os.waitstatus_to_exitcode(status) == 0:
                try:
                    self._result = marshal.loads(b"".join(chunks))
                except (EOFError, ValueError, TypeError):  # cut short: as if it failed
                    self._result = None
        return self._result

    def abandon(self) -> None:
        """Stop the child if it still runs: its result is not wanted."""
        if self._pid:
            self._close()
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = 0

    def _close(self) -> None:
        if self._pipe >= 0:
            os.close(self._pipe)
            self._pipe = -1


@contextmanager
def ahead(task: Callable[[], T] | None) -> Iterator[Ahead[T]]:
    """task() worked out on another core, in a forked child, while the block goes on: an
    edit's build is one process, and the second core is idle. The result is plain data
    (it travels marshalled). No task, nothing forked; nor while other threads run (a
    forked child could wait forever on a lock one of them held). The result is then None,
    as it is if the child fails. A child whose result was not asked for is stopped when
    the block ends."""
    handle: Ahead[T] = Ahead()
    if task is not None and threading.active_count() == 1:
        handle = _forked(task)
    try:
        yield handle
    finally:
        handle.abandon()


def _forked(task: Callable[[], T]) -> Ahead[T]:
    parent = os.getpid()
    try:
        reader, writer = os.pipe()
    except OSError:  # out of descriptors: the caller does the work itself
        return Ahead()
    try:
        pid = os.fork()
    except OSError:  # out of processes: likewise
        os.close(reader)
        os.close(writer)
        return Ahead()
    if pid == 0:  # the child: never returns into the build
        code = 1
        try:
            os.close(reader)
            _die_with(parent)
            result: Any = task()  # plain data, as ahead() asks
            data = marshal.dumps(result)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flushing the parent's buffered output
    os.close(writer)
    return Ahead(pid, reader)


@contextmanager
def cycles_uncollected() -> Iterator[None]:
    """A run makes millions of objects that live until it ends, and next to no cycles: the
    cyclic collector only costs time, some 10% of an edit's build at 10,000 entries, most of
    it spent walking the cache's tuples as they load. Measured on a cold build at 10,000
    entries, the peak memory was the same without it (218 MB). Forked children inherit the
    setting; after the run, whatever cycles it left are collected as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _child(
    task: Callable[[int, int], Any], share: int, jobs: int, pipe: Connection, parent: int
) -> None:
    _die_with(parent)
    try:
        pipe.send(("ok", task(share, jobs)))
    except BaseException as exc:  # sent to the parent, which re-raises it
        pipe.send(("error", exc))
    finally:
        pipe.close()


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when the build that forked it dies (kill -9 included):
    an orphaned worker would go on rendering into a folder nobody will swap in."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: workers finish their share, then exit
        return
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
