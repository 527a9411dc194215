"""Background work: run a function on a thread pool, get its result back on the GUI thread.

Everything slow (photo intake, PDF export, the demo business) goes through
``TaskRunner.run_task`` so the event loop never waits. Callbacks always run on
the GUI thread, so they may touch widgets and the GUI thread's Store. Tests
give the runner a ``SyncPool`` to run each task at once, on the calling thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]
OnProgress = Callable[[int, int], None]


class Pool(Protocol):
    def start(self, runnable: QRunnable) -> None: ...


class SyncPool:
    """A pool that runs each task immediately on the caller's thread (for tests)."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()

    def waitForDone(self, msecs: int = -1) -> bool:
        return True

    def maxThreadCount(self) -> int:
        return 1


class TaskHandle:
    """Given to a task that reports progress; ``report`` and ``cancelled`` work from any thread."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancel = threading.Event()

    def report(self, done: int, total: int) -> None:
        self._relay.progress.emit(done, total)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Relay(QObject):
    """Lives on the GUI thread: signals emitted by a worker arrive here through the event loop."""

    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)

    def __init__(
        self,
        on_done: OnDone,
        on_error: OnError | None,
        on_progress: OnProgress | None,
        release: Callable[[_Relay], None],
        context: QObject | None,
    ) -> None:
        super().__init__()
        self._release = release
        self._context = context
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)
        self.progress.connect(self._deliver_progress)

    def _gone(self) -> bool:
        """The widget the callbacks belong to was closed and deleted meanwhile."""
        return self._context is not None and not shiboken6.isValid(self._context)

    @Slot(object)
    def _deliver_done(self, result: object) -> None:
        self._release(self)
        if not self._gone():
            self._on_done(result)

    @Slot(object)
    def _deliver_error(self, error: BaseException) -> None:
        self._release(self)
        if self._gone():
            log.info("result of a task for a closed window dropped: %r", error)
            return
        if self._on_error is None:
            raise error  # a bug: let sys.excepthook log it and show the report dialog
        self._on_error(error)

    @Slot(int, int)
    def _deliver_progress(self, done: int, total: int) -> None:
        if self._on_progress is not None and not self._gone():
            self._on_progress(done, total)


class _Task(QRunnable):
    """One function run on a pool thread.

    The worker never drops the last reference to anything: the function, its closure
    (which may hold a TaskHandle whose ``cancel`` is connected to a dialog), the relay
    and the result or error go into ``leftovers``, which the GUI thread empties. Freeing
    such an object on the worker makes PySide disconnect its signals there, which
    deadlocks against the GUI thread closing that dialog at the same moment.
    """

    def __init__(self, func: Callable[[], Any], relay: _Relay, leftovers: list[Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._func: Callable[[], Any] | None = func
        self._relay: _Relay | None = relay
        self._leftovers = leftovers

    def run(self) -> None:
        func, relay = self._func, self._relay
        self._func = self._relay = None
        assert func is not None and relay is not None
        outcome: object = None
        try:
            outcome = func()
        except BaseException as error:  # delivered to on_error on the GUI thread
            outcome = error
            if not isinstance(error, Exception):
                log.exception("task stopped by %r", error)
            self._deliver(relay.failed, error)
        else:
            self._deliver(relay.done, outcome)
        finally:
            self._leftovers.append((func, relay, outcome))  # list.append is atomic
            del func, relay, outcome

    @staticmethod
    def _deliver(signal: Any, value: object) -> None:
        # The app may be closing: once its relay is gone, nobody is waiting for the result.
        try:
            signal.emit(value)
        except RuntimeError:
            log.info("result of a task dropped: the app closed meanwhile (%r)", value)


class TaskRunner(QObject):
    """Starts tasks on a pool and keeps their relays alive until each has reported back."""

    def __init__(self, pool: Pool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if pool is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(max(2, QThread.idealThreadCount()))
        self.pool = pool
        self._pending: set[_Relay] = set()
        self._leftovers: list[Any] = []
        self._lock = threading.Lock()

    def run_task(
        self,
        func: Callable[..., Any],
        on_done: OnDone,
        on_error: OnError | None = None,
        *,
        on_progress: OnProgress | None = None,
        context: QObject | None = None,
    ) -> TaskHandle:
        """Run ``func`` on the pool; ``on_done(result)`` or ``on_error(exc)`` on the GUI thread.

        With ``on_progress``, ``func`` is called with the returned ``TaskHandle``, so it can
        report progress and notice a cancel; otherwise it is called without arguments.
        Without ``on_error`` an exception is treated as a bug and re-raised on the GUI thread.
        With ``context``, nothing is delivered once that object has been deleted (a window
        closed while its task was running).
        """
        relay = _Relay(on_done, on_error, on_progress, self._forget, context)
        handle = TaskHandle(relay)
        with self._lock:
            self._pending.add(relay)
        work = (lambda: func(handle)) if on_progress is not None else func
        self._drop_leftovers()
        self.pool.start(_Task(work, relay, self._leftovers))
        return handle

    def _forget(self, relay: _Relay) -> None:
        with self._lock:
            self._pending.discard(relay)
        self._drop_leftovers()

    def _drop_leftovers(self) -> None:
        """Free, on the GUI thread, what finished tasks were holding (see _Task)."""
        while self._leftovers:
            self._leftovers.pop()

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._pending)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the pool's threads (results still arrive through the event loop)."""
        done = self.pool.waitForDone(msecs)
        if done:
            self._drop_leftovers()
        return done
