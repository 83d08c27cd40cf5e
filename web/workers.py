"""Worker processes that make the pages, in pools with bounded queues, cancellable at a deadline.

Each worker is a process holding a ``Site`` (web/site.py) and its caches; it reads a job from
its pipe, answers it, and waits for the next. A pool lends its idle workers to requests in
the order they came; at most ``queue`` requests wait for one, and one more is refused
(``Full``) at once, never queued without bound. A request that passes its deadline has its
worker killed and a new one started in its place, so no decision runs on after its request
is gone. The server's own process runs no decision and starts no thread: it waits on the
workers' pipes in its event loop.

Workers are forked from the server's process (which runs no decision and holds no lock of
the engine), so a replacement starts in a fraction of a second with the code already loaded.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from verdict.engine.decide.evaluate import Backend

from .library import Library
from .site import Job, Reply

READY_SECONDS = 120.0
"""How long a new worker may take to load the library before it is given up."""


class Full(Exception):
    """Every worker of the pool is busy and its queue is full."""


class Lost(Exception):
    """A worker stopped without answering (it crashed or was killed)."""


def _serve(conn: Connection, library: Library, backend: Backend, folder: Path | None) -> None:
    """A worker's life: load the site, then answer jobs until the pipe closes or the server's
    process ends. Ctrl-C is the server's to handle: the worker ignores it and is stopped."""
    import signal
    from multiprocessing.connection import wait

    from .decide import Shared
    from .site import Site

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    watched: list[Any] = [conn] if parent is None else [conn, parent.sentinel]
    site = Site(library, backend, Shared(folder))
    conn.send("ready")
    while True:
        try:
            if conn not in wait(watched):
                return  # the server's process ended
            job, light = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(site.respond(job, light))


async def _readable(conn: Connection) -> None:
    """Wait, in the event loop, until ``conn`` has something to read (or is closed)."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()
    fd = conn.fileno()

    def ready() -> None:
        if not done.done():
            done.set_result(None)

    loop.add_reader(fd, ready)
    try:
        await done
    finally:
        loop.remove_reader(fd)


@dataclass(eq=False)
class Worker:
    """One worker process and the server's end of its pipe."""

    process: Any
    conn: Connection
    jobs: int = 0

    def stop(self) -> None:
        """Kill the process (it may be mid-decision) and close the pipe."""
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()


class Pool:
    """``size`` workers and a queue of at most ``queue`` requests waiting for one."""

    def __init__(
        self, name: str, size: int, queue: int, library: Library, backend: Backend, folder: Path | None
    ) -> None:
        self.name, self.size, self.queue = name, size, queue
        self._args = (library, backend, folder)
        self._idle: list[Worker] = []
        self._waiters: deque[asyncio.Future[Worker]] = deque()
        self._all: set[Worker] = set()
        self._starting: set[asyncio.Task[None]] = set()
        self.replaced = 0
        """Workers killed at a deadline or lost, and started anew."""

    @property
    def waiting(self) -> int:
        """Requests waiting for a worker."""
        return sum(1 for w in self._waiters if not w.done())

    @property
    def pids(self) -> list[int]:
        """The process ids of the pool's workers."""
        return sorted(w.process.pid for w in self._all if w.process.pid is not None)

    async def _spawn(self) -> None:
        ctx = multiprocessing.get_context("fork")
        ours, theirs = ctx.Pipe()
        process = ctx.Process(
            target=_serve, args=(theirs, *self._args), name=f"verdict-{self.name}", daemon=True
        )
        process.start()
        theirs.close()
        worker = Worker(process, ours)
        self._all.add(worker)
        try:
            await asyncio.wait_for(_readable(ours), READY_SECONDS)
            if ours.recv() != "ready":
                raise Lost
        except BaseException:
            self._all.discard(worker)
            worker.stop()
            raise
        self._release(worker)

    async def start(self) -> None:
        """Start every worker and wait until each has loaded the library."""
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))

    def _replace(self, worker: Worker) -> None:
        """Kill ``worker`` and start another in its place, in the background."""
        self._all.discard(worker)
        worker.stop()
        self.replaced += 1
        task = asyncio.get_running_loop().create_task(self._spawn())
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    def _release(self, worker: Worker) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    async def _acquire(self) -> Worker:
        if self._idle:
            return self._idle.pop()
        if self.waiting >= self.queue:
            raise Full
        waiter: asyncio.Future[Worker] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            return await waiter
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                self._release(waiter.result())  # given a worker just as the request was cut
            with contextlib.suppress(ValueError):
                self._waiters.remove(waiter)
            raise

    def has_room(self) -> bool:
        """Whether a request would get a worker or a place in the queue now."""
        return bool(self._idle) or self.waiting < self.queue

    async def run(self, job: Job, light: bool) -> Reply:
        """The worker's reply to ``job``; ``Full`` if the queue is full. A cancelled request
        (its deadline passed) kills the worker it was given."""
        worker = await self._acquire()
        answered = False
        try:
            try:
                worker.conn.send((job, light))
                await _readable(worker.conn)
                reply: Reply = worker.conn.recv()
            except (EOFError, OSError) as err:
                raise Lost from err
            answered = True
            worker.jobs += 1
            return reply
        finally:
            if answered:
                self._release(worker)
            else:
                self._replace(worker)

    async def close(self) -> None:
        """Stop every worker."""
        for task in list(self._starting):
            task.cancel()
        for worker in list(self._all):
            worker.stop()
        self._all.clear()
        self._idle.clear()


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
