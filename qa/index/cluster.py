"""New or changed documents → their parts (passages and vectors) on a Ray cluster, for `qa index --ray`.

The driver lists and hashes the files (what tells a changed file from an unchanged one), and ships only the
new or changed ones, in batches of about ``BATCH_BYTES``, to a pool of actors. Each actor loads the encoder
once and does what a local build does for its batch: extract (OCR included), paragraphs, passages, then
one length-sorted encode (``parts.embed_parts``). Parts come back to the driver as they finish, so the
driver writes the generation through ``store`` exactly as a local build does: same passages, same offsets.

Why actors driven from here rather than Ray Data: a batch whose actor dies (SIGKILL, a node removed) is put
back in the queue and taken by another actor, a replacement actor is started where the cluster has room,
and a build that loses every worker fails with one line instead of waiting for resources that never come.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qa.document.source import Pending, read_bytes
from qa.errors import IndexError_, QAError, SourceError
from qa.index.parts import DocPart, embed_parts, new_part, progress_bar
from qa.settings import LIMIT_VARIABLES

if TYPE_CHECKING:
    from qa.settings import Settings

log = logging.getLogger("qa")

INSTALL = "pip install 'qa[cluster]'"
# Raw bytes per batch: a few papers or a few hundred Wikipedia paragraphs, so one encode call is long enough
# to keep a worker busy (per-call overhead is ~ms) and the batches are many enough to share out evenly
# between workers: on the 49 COVID-QA dev papers (1.4 MB) this makes ~22 batches for 2 workers.
BATCH_BYTES = 64_000
BATCH_FILES = 64  # small files: cap the count so one batch is not a whole library
# One CPU per actor; its encoder runs one thread (two threads per actor on a 2-core node only contend).
WORKER_CPUS = 1
# A batch is tried on this many actors before the build gives up on it (a file that kills its worker).
MAX_TRIES = 3
CONNECT_TIMEOUT_S = 5.0  # a head that does not take a TCP connection in this long is not there
# How long the build waits for a worker when none is left (a replacement that cannot be placed).
NO_WORKER_WAIT_S = 60.0


@dataclass
class Outcome:
    """What an actor made of one batch: the parts, one line per skipped file, the warnings it logged, and
    the seconds it was busy (the driver reports the cluster's overhead from them)."""

    parts: list[DocPart] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    busy_s: float = 0.0


class _Collect(logging.Handler):
    """qa's warnings inside an actor, carried back to the driver's terminal instead of the worker's log."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


class Worker:
    """The body of one Ray actor: an encoder loaded once, then batches of files → parts."""

    def __init__(self, settings: Settings) -> None:
        from qa.encode.factory import make_embedder

        self.settings = settings
        self.embedder = make_embedder(settings, WORKER_CPUS)
        self.embedder.encode(["warm up"])  # the model loads here, not inside the first batch's time

    def pid(self) -> int:
        return os.getpid()

    def build(self, batch: list[tuple[str, bytes]]) -> Outcome:
        started, out, collect = time.perf_counter(), Outcome(), _Collect()
        log.addHandler(collect)
        try:
            for rel, data in batch:
                try:
                    doc = read_bytes(rel, data, None, self.settings.ocr_langs)
                except SourceError as exc:
                    out.skipped.append(str(exc))
                    continue
                out.parts.append(new_part(doc, self.embedder))
            embed_parts(out.parts, self.embedder, progress=False)
        finally:
            log.removeHandler(collect)
        out.notes, out.busy_s = collect.lines, time.perf_counter() - started
        return out


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise IndexError_(f"--ray needs Ray, which is an optional extra: {INSTALL}") from None
    return ray


def connect(address: str) -> bool:
    """Join the cluster at ``address`` ("local" starts a private one); True when this call started Ray."""
    ray = _ray()
    if ray.is_initialized():
        return False  # a caller (a test, a notebook) already chose the cluster
    _reachable(address)
    env = {
        "env_vars": {
            "HF_HUB_OFFLINE": "1",
            "GRADIO_ANALYTICS_ENABLED": "False",
            "TOKENIZERS_PARALLELISM": "false",
            # Workers read files as this host would (qa/settings.py: Limits), OCR mode included.
            **{k: v for k, v in os.environ.items() if k in LIMIT_VARIABLES},
        }
    }
    try:
        ray.init(
            address=None if address == "local" else address,
            runtime_env=env,
            log_to_driver=False,
            logging_level=logging.ERROR,
            include_dashboard=False if address == "local" else None,
        )
    except (ConnectionError, RuntimeError, ValueError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise IndexError_(
            f"cannot join the Ray cluster at {address!r} ({first[:160]}): start one with "
            "`ray start --head`, or give its address with --ray or QA_RAY_ADDRESS; a cluster with "
            "token authentication also needs RAY_AUTH_MODE=token here, and its token "
            "(`ray get-auth-token` on the head) in RAY_AUTH_TOKEN or ~/.ray/auth_token"
        ) from None
    return True


def _reachable(address: str) -> None:
    """A cluster address that nothing answers at is one line at once: Ray itself retries for minutes."""
    if address in ("local", "auto"):
        return  # a private cluster, or the one `ray start` recorded on this host (Ray says at once if none)
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise IndexError_(
            f"{address!r} is not a Ray cluster address: give HOST:PORT (the head's, e.g. "
            "10.0.0.5:6379), 'auto' or 'local'"
        )
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise IndexError_(
            f"no Ray cluster answers at {address} ({exc.strerror or exc}): start its head with "
            "`ray start --head`, or give another address with --ray or QA_RAY_ADDRESS"
        ) from None


def batches(pending: list[Pending]) -> Iterator[list[Pending]]:
    """Files in their listing order, cut into runs of about BATCH_BYTES (a big file makes its own batch)."""
    run: list[Pending] = []
    size = 0
    for item in pending:
        weight = item.file.stat().st_size
        if run and (size + weight > BATCH_BYTES or len(run) >= BATCH_FILES):
            yield run
            run, size = [], 0
        run.append(item)
        size += weight
    if run:
        yield run


def _payload(batch: list[Pending], warn: Callable[[str], None]) -> list[tuple[str, bytes]]:
    """The bytes of a batch, read as it is sent; a file changed since it was listed is sent as it is now,
    and its new hash is what the manifest records (the part carries the hash of the bytes it read)."""
    payload = []
    for item in batch:
        try:
            payload.append((item.path, item.file.read_bytes()))
        except OSError as exc:  # removed or unreadable since it was listed: skipped, as a local build would
            warn(f"skipped {item.path}: {exc.strerror or exc}")
    return payload


class _Pool:
    """Actors that take batches; a dead one is dropped, its batch requeued, a replacement asked for."""

    def __init__(self, ray: Any, settings: Settings, size: int) -> None:
        self.ray, self.settings = ray, settings
        self.actor_class = ray.remote(num_cpus=WORKER_CPUS, max_restarts=0, max_task_retries=0)(Worker)
        self.starting: dict[Any, Any] = {}  # ready ref → actor
        self.idle: list[Any] = []
        self.every: list[Any] = []  # to stop them all at the end, busy or not, whatever happened
        for _ in range(size):
            self.spawn()

    def spawn(self) -> None:
        actor = self.actor_class.options(scheduling_strategy="SPREAD").remote(self.settings)
        self.starting[actor.pid.remote()] = actor
        self.every.append(actor)

    def alive(self) -> int:
        return len(self.idle) + len(self.starting)

    def close(self) -> None:
        for actor in self.every:
            self.ray.kill(actor)


def _workers(ray: Any) -> int:
    """Actors to start: one per CPU the cluster offers."""
    return max(1, int(ray.cluster_resources().get("CPU", 1) // WORKER_CPUS))


def build_parts(
    settings: Settings, pending: list[Pending], progress: bool, warn: Callable[[str], None]
) -> tuple[list[DocPart], dict[str, Any]]:
    """The parts of the ``pending`` files, built on the cluster ``settings.ray``; skipped files are warned
    about like a local build's. Returns the parts and what the build cost (for `qa index -v` and the
    bench)."""
    ray = _ray()
    started_ray = connect(settings.ray or "local")
    try:
        return _run(ray, settings, list(batches(pending)), progress, warn)
    finally:
        if started_ray:
            ray.shutdown()


def _run(
    ray: Any, settings: Settings, runs: list[list[Pending]], progress: bool, warn: Callable[[str], None]
) -> tuple[list[DocPart], dict[str, Any]]:

    build = _Build(ray, settings, runs, warn)
    with progress_bar(build.stats["files"], "cluster", "file", progress, "{n}/{total} files") as bar:
        try:
            while build.queue or build.running:
                done = build.step()
                if done:
                    bar.update(done)
                    rate = build.stats["passages"] / max(bar.format_dict["elapsed"], 1e-9)
                    bar.set_postfix_str(f"{rate:.0f} passages/s", refresh=False)
        finally:
            build.pool.close()
    build.stats["wall_s"] = time.perf_counter() - build.begun
    build.stats["startup_s"] = (build.ready_at or time.perf_counter()) - build.begun
    return build.parts, build.stats


class _Build:
    """The driver's loop: hand batches to idle actors, take results as they come, requeue a dead actor's."""

    def __init__(self, ray: Any, settings: Settings, runs: list[list[Pending]], warn: Callable[[str], None]):
        self.ray, self.address, self.runs, self.warn = ray, settings.ray, runs, warn
        self.begun = time.perf_counter()
        self.pool = _Pool(ray, settings, _workers(ray))
        self.queue, self.tries = deque(range(len(runs))), [0] * len(runs)
        self.running: dict[Any, tuple[Any, int]] = {}  # result ref → (actor, batch number)
        self.parts: list[DocPart] = []
        self.stats: dict[str, Any] = {
            "workers": self.pool.alive(),
            "files": sum(map(len, runs)),
            "batches": len(runs),
            "retried": 0,
            "busy_s": 0.0,
            "passages": 0,
        }
        self.ready_at: float | None = None

    def step(self) -> int:
        """Send what can be sent, wait for one event; returns how many files it finished."""
        while self.pool.idle and self.queue:
            actor, number = self.pool.idle.pop(), self.queue.popleft()
            self.running[actor.build.remote(_payload(self.runs[number], self.warn))] = (actor, number)
        if not self.running and not self.pool.starting:
            raise IndexError_(
                f"the Ray cluster at {self.address!r} has no worker left for the build "
                f"({self.stats['retried']} lost): the current index is still served"
            )
        done, _ = self.ray.wait(
            list(self.running) + list(self.pool.starting), num_returns=1, timeout=NO_WORKER_WAIT_S
        )
        if not done:
            if not self.running:
                raise IndexError_(
                    f"no Ray worker could start in {NO_WORKER_WAIT_S:.0f} s (the cluster has no "
                    "free CPU): the current index is still served"
                )
            return 0
        if done[0] in self.pool.starting:
            actor = self.pool.starting.pop(done[0])
            if _started(self.ray, done[0]):
                self.pool.idle.append(actor)
                self.ready_at = self.ready_at or time.perf_counter()
            return 0
        return self._finish(done[0])

    def _finish(self, ref: Any) -> int:
        actor, number = self.running.pop(ref)
        outcome = _result(self.ray, ref, self.runs[number], self.tries, number)
        if outcome is None:  # the actor died: its batch goes back to the front, a replacement is asked for
            self.stats["retried"] += 1  # one batch requeued per worker lost
            self.queue.appendleft(number)
            self.pool.spawn()
            return 0
        self.pool.idle.append(actor)
        _take(outcome, self.parts, self.stats, self.warn)
        return len(self.runs[number])


def _started(ray: Any, ref: Any) -> bool:
    """Whether a new actor came up (its model loaded); one that died starting is simply not used."""
    try:
        ray.get(ref)
    except ray.exceptions.RayActorError as exc:
        if "creation task" in str(exc):  # its constructor raised (the model cannot load): so will every other
            raise QAError(f"a Ray worker cannot load the encoder: {_reason(exc)}") from None
        return False
    return True


def _result(ray: Any, ref: Any, batch: list[Pending], tries: list[int], number: int) -> Outcome | None:
    """The batch's outcome, None when its worker died (to retry), or one line when it cannot be built."""
    lost = (
        ray.exceptions.RayActorError,
        ray.exceptions.WorkerCrashedError,
        ray.exceptions.ObjectLostError,
        ray.exceptions.NodeDiedError,
    )
    try:
        return ray.get(ref)
    except lost:
        tries[number] += 1
        if tries[number] >= MAX_TRIES:
            raise IndexError_(
                f"{MAX_TRIES} Ray workers died building {_names(batch)}: one of these files "
                "may crash the reader; the current index is still served"
            ) from None
        return None
    except ray.exceptions.RayTaskError as exc:
        raise QAError(f"the cluster build failed on {_names(batch)}: {_reason(exc)}") from None


def _take(outcome: Outcome, parts: list[DocPart], stats: dict[str, Any], warn: Callable[[str], None]) -> None:
    for line in outcome.notes + outcome.skipped:
        warn(line)
    parts.extend(outcome.parts)
    stats["busy_s"] += outcome.busy_s
    stats["passages"] += sum(len(part.passages) for part in outcome.parts)  # for the progress bar's rate


def _names(batch: list[Pending]) -> str:
    names = [item.path for item in batch]
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _reason(exc: BaseException) -> str:
    cause = getattr(exc, "cause", None) or exc
    return (str(cause).strip().splitlines() or [type(cause).__name__])[-1][:200]


__all__ = ["BATCH_BYTES", "INSTALL", "Outcome", "Worker", "batches", "build_parts", "connect"]
