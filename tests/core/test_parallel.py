"""Work done ahead in a forked child (engine/parallel.ahead)."""

from __future__ import annotations

import os
import threading
import time

from briefing.engine.parallel import ahead


def test_the_task_runs_in_another_process_and_its_result_comes_back() -> None:
    with ahead(lambda: (os.getpid(), ["plain", b"data", 3])) as pending:
        found = pending.result()
    assert found is not None
    pid, data = found
    assert pid != os.getpid()
    assert data == ["plain", b"data", 3]


def test_a_failing_task_gives_none_and_the_caller_does_the_work() -> None:
    with ahead(lambda: 1 // 0) as pending:
        assert pending.result() is None
    with ahead(lambda: object()) as pending:  # not plain data: cannot travel back
        assert pending.result() is None


def test_no_task_forks_nothing() -> None:
    with ahead(None) as pending:
        assert pending.result() is None


def test_nothing_is_forked_while_other_threads_run() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with ahead(os.getpid) as pending:
            assert pending.result() is None
    finally:
        stop.set()
        other.join()


def test_a_child_whose_result_is_not_asked_for_is_stopped_with_the_block() -> None:
    with ahead(lambda: time.sleep(600)) as pending:
        child = pending.pid
        assert child
    # reaped, not left running for ten minutes (nor a zombie: the pid is gone)
    try:
        os.kill(child, 0)
    except ProcessLookupError:
        pass
    else:
        raise AssertionError(f"child {child} still runs")
