"""`serve`: build once, serve the site, watch the sources, rebuild what changed, reload browsers.

The loop: a burst of saves settles (watchfiles), build's engine, kept alive, brings the
served folder up to date, open pages hear of it over Server-Sent Events (they reload, or
show the errors over the last good build), and Pagefind re-indexes once saves are quiet.
"""

from __future__ import annotations

import argparse
import http.server
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import watchfiles

from briefing.engine.pipeline import BuildOptions, Engine
from briefing.errors import BuildError, InternalError
from briefing.output.claim import claimed_output
from briefing.output.ownership import OutputProblem, UnsafeOutput
from briefing.output.search import SearchRefresher
from briefing.render.words import counted
from briefing.serve import server as http_server
from briefing.serve.overlay import state_event
from briefing.serve.watch import Changes, SourceFilter, classify, watched

State = tuple[int, list[str], list[str]]  # (generation, errors, warnings) as printed lines


@dataclass(frozen=True)
class ServeOptions:
    content: Path
    templates: Path
    out: Path | None = None  # None: a temporary folder, removed on exit
    host: str = "127.0.0.1"
    port: int = 8000
    drafts: bool = True
    base_url: str | None = None
    search: bool = True
    settle_ms: int = 30  # how long a burst of saves must be quiet before a rebuild
    search_delay: float = 1.0  # seconds of quiet before Pagefind re-indexes
    verbose: bool = False


@dataclass(frozen=True)
class Outcome:
    """What one run of the engine did: errors (as printed), or files written and removed."""

    ok: bool
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    written: int = 0
    removed: int = 0
    seconds: float = 0.0
    details: str = ""  # an internal error's traceback, for the terminal


class Preview:
    """The engine behind the served folder, and the generation browsers reload on."""

    def __init__(self, options: ServeOptions, out: Path) -> None:
        self.engine = Engine(
            BuildOptions(options.content, options.templates, out, drafts=options.drafts,
                         base_url=options.base_url, search=False, jobs=1)
        )  # fmt: skip
        self.generation = 0

    def update(
        self, changes: Changes | None = None, first: Callable[[], object] | None = None
    ) -> Outcome:
        """Run the engine (on the content paths the watcher reported, unless it asked for a
        rescan); a run with errors leaves the served site as it was, bar the pages of edited
        entries, put in (and `first` called) ahead of the lists that show them."""

        def edited_first() -> None:
            self.generation += 1
            if first is not None:
                first()

        try:
            paths = None if not changes or changes.rescan else changes.content
            report = self.engine.run(paths, edited_first)
        except BuildError as exc:
            errors = tuple(str(e) for e in exc.errors if not e.warning)
            return Outcome(False, errors, tuple(str(e) for e in exc.errors if e.warning))
        except InternalError as exc:
            return Outcome(False, (str(exc),), details=exc.details)
        if report.written > report.written_first or report.removed:
            self.generation += 1
        warnings = tuple(str(w) for w in report.warnings)
        return Outcome(True, (), warnings, report.written, report.removed, report.seconds)

    def base_path(self) -> str:
        config = self.engine.site_config()
        return config.base_path if config else "/"


class Broadcaster:
    """The current build state, and a way for event streams to wait for the next one."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._version = 0
        self._state: State = (0, [], [])
        self.closed = False

    def publish(self, state: State) -> None:
        with self._changed:
            if state != self._state:
                self._state = state
                self._version += 1
                self._changed.notify_all()

    def publish_first(self, generation: int) -> None:
        """A generation that puts the edited pages in, ahead of the run: no errors so far."""
        self.publish((generation, [], self.current()[1][2]))

    def current(self) -> tuple[int, State]:
        with self._changed:
            return self._version, self._state

    def wait(self, version: int, timeout: float) -> tuple[int, State]:
        """The state once it is newer than `version`, or the same after `timeout`."""
        with self._changed:
            self._changed.wait_for(lambda: self._version != version or self.closed, timeout)
            return self._version, self._state

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def event_stream(
    broadcaster: Broadcaster, heartbeat: float = 15.0
) -> Callable[[http.server.BaseHTTPRequestHandler], None]:
    """A handler for /__briefing/events: the state now, then every change, until shutdown."""

    def stream(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.send_header("Cache-Control", "no-store")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        version, state = broadcaster.current()
        try:
            handler.wfile.write(b"retry: 500\n\n" + state_event(*state))
            handler.wfile.flush()
            while not broadcaster.closed:
                latest, state = broadcaster.wait(version, heartbeat)
                if broadcaster.closed:
                    break
                handler.wfile.write(b": ping\n\n" if latest == version else state_event(*state))
                handler.wfile.flush()
                version = latest
        except OSError:
            pass  # the page went away

    return stream


class Terminal:
    """What the terminal shows: every error once per change, warnings when they change."""

    def __init__(self) -> None:
        self._errors: list[str] = []
        self._warnings: list[str] | None = None

    def report(self, outcome: Outcome, first: bool = False) -> None:
        errors = [str(e) for e in outcome.errors]
        warnings = [str(w) for w in outcome.warnings]
        if warnings != self._warnings:
            seen = set(self._warnings or ())
            for line in (w for w in warnings if w not in seen):
                print(line, file=sys.stderr)
            self._warnings = warnings
        if outcome.details:
            print(outcome.details, file=sys.stderr)
        if errors:
            if errors != self._errors:
                for line in errors:
                    print(line, file=sys.stderr)
            # Before the first good build there is no last good build to serve.
            serving = "nothing built yet" if first else "serving the last good build"
            print(f"{counted(len(errors), 'error')}: {serving} until the next save",
                  file=sys.stderr, flush=True)  # fmt: skip
        elif first:
            print(f"built {counted(outcome.written, 'file')} in {outcome.seconds:.2f}s", flush=True)
        elif self._errors or outcome.written or outcome.removed:
            fixed = "fixed; " if self._errors else ""
            print(f"{fixed}rebuilt {counted(outcome.written, 'file')}, removed {outcome.removed} "
                  f"in {outcome.seconds * 1000:.0f} ms", flush=True)  # fmt: skip
        self._errors = errors


def state_of(preview: Preview, outcome: Outcome) -> State:
    return (preview.generation, list(outcome.errors), list(outcome.warnings))


def serve(options: ServeOptions) -> int:
    """Run the preview until Ctrl-C (or SIGTERM); 0 on a clean stop, 2 for a bad --out, 1 for
    an --out it may not replace."""
    paths = watched([options.content, options.templates])
    if not paths:
        print(f"error: neither {options.content} nor {options.templates} is a folder",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        with _interrupts(), _output_folder(options) as out:
            _run(options, out)
    except (ServeError, UnsafeOutput) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OutputProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


class ServeError(Exception):
    """The preview cannot start (no port to listen on)."""


@contextmanager
def _output_folder(options: ServeOptions) -> Iterator[Path]:
    """The folder to serve, locked as a build's is; a temporary one unless --out names one."""
    if options.out is not None:
        protected = [options.content, options.templates]
        with claimed_output(options.out, None, protected, say=http_server.to_stderr):
            yield options.out
        return
    temporary = Path(tempfile.mkdtemp(prefix="briefing-serve-"))
    try:
        yield temporary / "site"
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


@contextmanager
def _interrupts() -> Iterator[None]:
    """Ctrl-C and SIGTERM stop the loop quietly; a second Ctrl-C cannot break the cleanup."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, previous)
    print("stopped", flush=True)


def _run(options: ServeOptions, out: Path) -> None:
    preview = Preview(options, out)
    broadcaster = Broadcaster()
    terminal = Terminal()
    search = SearchRefresher(out, options.search_delay, lambda line: print(line, flush=True))
    server = None
    # Watch before the first build, so that no save is missed while it runs.
    changes = watchfiles.watch(
        *watched([options.content, options.templates]),
        watch_filter=SourceFilter(out), step=options.settle_ms, debounce=1600,
        rust_timeout=500, yield_on_timeout=True,
    )  # fmt: skip
    try:
        next(changes)  # returns once the watcher listens (at the latest after rust_timeout)
        outcome = preview.update()
        terminal.report(outcome, first=True)
        broadcaster.publish(state_of(preview, outcome))
        server = _listen(options, out, preview, broadcaster)
        if options.search and outcome.ok:
            search.request()
        _rebuild_on_change(changes, options, preview, broadcaster, terminal, search)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        changes.close()
        broadcaster.close()
        if server is not None:
            server.shutdown()
            server.server_close()
        search.stop()


def _listen(
    options: ServeOptions, out: Path, preview: Preview, broadcaster: Broadcaster
) -> http_server.PreviewServer:
    def state() -> State:
        return broadcaster.current()[1]

    def handler(port: int) -> type[http.server.BaseHTTPRequestHandler]:
        allowed = http_server.allowed_hosts(options.host, port)
        log = (lambda line: print(line, file=sys.stderr)) if options.verbose else None
        served = http_server.Served(out.resolve(), preview.base_path, allowed, state,
                                    event_stream(broadcaster), log)  # fmt: skip
        return http_server.make_handler(served)

    try:
        server, busy = http_server.bind(options.host, options.port, handler)
    except OSError as exc:
        reason = exc.strerror or exc
        raise ServeError(f"cannot listen on {options.host}:{options.port}: {reason}") from None
    port = server.server_address[1]
    if busy:
        print(f"port {busy[0]} is in use; using {port}", flush=True)
    http_server.start(server)
    host = f"[{options.host}]" if ":" in options.host else options.host
    if options.host in ("0.0.0.0", "::"):
        print("warning: listening on every network interface", file=sys.stderr)
        host = "127.0.0.1"
    print(f"serving http://{host}:{port}{preview.base_path()}  (Ctrl-C to stop)", flush=True)
    return server


def _rebuild_on_change(
    changes: Iterator[set[tuple[watchfiles.Change, str]]],
    options: ServeOptions,
    preview: Preview,
    broadcaster: Broadcaster,
    terminal: Terminal,
    search: SearchRefresher,
) -> None:
    for raw in changes:
        found = classify(raw, options.content, options.templates)
        if not found.any:
            continue
        outcome = preview.update(found, lambda: broadcaster.publish_first(preview.generation))
        broadcaster.publish(state_of(preview, outcome))
        terminal.report(outcome)
        if options.search and outcome.ok and (outcome.written or outcome.removed):
            search.request()


def run_serve(args: argparse.Namespace) -> int:
    """The `serve` command."""
    options = ServeOptions(
        content=args.content,
        templates=args.templates,
        out=args.out,
        host=args.host,
        port=args.port,
        drafts=args.drafts,
        base_url=args.base_url,
        search=not args.no_search,
        verbose=args.verbose,
    )
    return serve(options)
