"""The production server: how ``zhifa serve`` runs gunicorn (docs/scale-out.md).

- **Workers**: 2 × CPUs + 1 processes (at most ``ZHIFA_SERVE_MAX_WORKERS``, 8), each with
  ``ZHIFA_SERVE_THREADS`` (4) threads (gunicorn's ``gthread`` worker): a request that waits on
  the database or storage leaves its process's other threads running. One database connection
  per thread at most — ``workers × threads`` per server (``max_connections`` of PostgreSQL, or
  PgBouncer, must allow that for every server plus the workers and the scheduler).
- **Timeouts**: a request running longer than 60 s is ended (its worker restarted): nothing
  legitimate takes that long, since documents render in the background worker (``db_worker``,
  the ``documents`` queue), not in requests; an upload of a 200 MB video at 5 MB/s takes 40 s.
  On a stop or reload (``SIGTERM`` / ``SIGHUP``) a worker gets 30 s to finish its requests.
  Keep-alive 5 s (a load balancer's idle timeout should be longer, e.g. 60 s, or it may reuse
  a connection gunicorn is closing).
- **Recycling**: a worker is replaced after 2,000 requests (+ up to 200, so they do not all
  restart at once), bounding any slow growth of memory.
- **Access log**: one line a request to standard output — client, the forwarded-for chain,
  method, path without the query string (search terms stay out of the logs), status, bytes,
  milliseconds, user agent; the party's one-time link (``/p/<token>``) is logged as ``/p/…``.

This module is imported by gunicorn's master before Django is set up (``AccessLog``): it imports
no Django model.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gunicorn.glogging import Logger

APP = "zhifa.wsgi:application"
DEFAULT_BIND = "127.0.0.1:8000"
DEFAULT_MAX_WORKERS = 8
DEFAULT_THREADS = 4
REQUEST_TIMEOUT = 60
GRACEFUL_TIMEOUT = 30
KEEP_ALIVE = 5
MAX_REQUESTS = 2000
MAX_REQUESTS_JITTER = 200
ACCESS_LOG_FORMAT = '%(h)s %({x-forwarded-for}i)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
# The party's page (zhifa/delivery/party_urls.py): /p/<token>… is a one-time link; these are
# its other, token-free paths.
PARTY_PATHS = frozenset({"", "doc", "statement", "hearing", "leave"})


def cpu_count() -> int:
    """CPUs this process may run on (a container's or taskset's limit, not the host's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_workers(cpus: int, cap: int = DEFAULT_MAX_WORKERS) -> int:
    return max(1, min(2 * cpus + 1, cap))


@dataclass(frozen=True)
class ServeConfig:
    bind: tuple[str, ...] = (DEFAULT_BIND,)
    workers: int = 1
    threads: int = DEFAULT_THREADS
    timeout: int = REQUEST_TIMEOUT
    graceful_timeout: int = GRACEFUL_TIMEOUT
    keep_alive: int = KEEP_ALIVE
    max_requests: int = MAX_REQUESTS
    max_requests_jitter: int = MAX_REQUESTS_JITTER
    access_log: str = "-"  # a file, "-" (standard output) or "off"
    worker_tmp_dir: str | None = None
    extra: tuple[str, ...] = field(default_factory=tuple)

    @property
    def worker_class(self) -> str:
        return "gthread" if self.threads > 1 else "sync"

    def problems(self) -> list[str]:
        out = []
        for name in ("workers", "threads", "timeout", "graceful_timeout", "keep_alive"):
            if int(getattr(self, name)) < 1:
                out.append(f"{name}={getattr(self, name)}：应为正整数")
        if self.max_requests < 0 or self.max_requests_jitter < 0:
            out.append("max_requests / max_requests_jitter：应为 0 或正整数")
        if not self.bind or any(not b.strip() for b in self.bind):
            out.append("bind：须给出监听地址，例如 127.0.0.1:8000")
        return out

    def argv(self) -> list[str]:
        """gunicorn's command line (after ``python -m gunicorn``)."""
        args: list[str] = []
        for address in self.bind:
            args += ["--bind", address]
        args += [
            "--workers", str(self.workers),
            "--worker-class", self.worker_class,
            "--threads", str(self.threads),
            "--timeout", str(self.timeout),
            "--graceful-timeout", str(self.graceful_timeout),
            "--keep-alive", str(self.keep_alive),
            "--max-requests", str(self.max_requests),
            "--max-requests-jitter", str(self.max_requests_jitter),
            "--logger-class", f"{__name__}.AccessLog",
            "--error-logfile", "-",
            # no control socket: its default path is one per user, and two servers on one
            # machine would fight over it
            "--no-control-socket",
        ]  # fmt: skip
        if self.access_log != "off":
            args += ["--access-logfile", self.access_log, "--access-logformat", ACCESS_LOG_FORMAT]
        if self.worker_tmp_dir:
            args += ["--worker-tmp-dir", self.worker_tmp_dir]
        return [*args, *self.extra, APP]

    def command(self) -> list[str]:
        return [sys.executable, "-m", "gunicorn", *self.argv()]


def memory_tmp_dir() -> str | None:
    """``/dev/shm`` for the workers' heartbeat files (a disk-backed /tmp can stall them)."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def redact_path(path: str) -> str:
    """The path as logged: the party's one-time link token is replaced by an ellipsis."""
    parts = path.split("/")
    if len(parts) > 2 and parts[1] == "p" and parts[2] not in PARTY_PATHS:
        parts[2] = "…"
        return "/".join(parts)
    return path


class AccessLog(Logger):
    """gunicorn's logger, with the path (and request line) redacted by ``redact_path``."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        path = str(atoms.get("U") or "")
        safe = redact_path(path)
        atoms["U"] = safe
        atoms["r"] = f"{atoms.get('m')} {safe} {atoms.get('H')}"
        return atoms
