"""``zhifa serve``: the production server (gunicorn) with its resolved configuration, started for
real on a free port, its access log without the party's link token, stopped by SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from gunicorn.config import Config
from gunicorn.glogging import SafeAtoms

from zhifa.core import serving
from zhifa.core.management.commands import serve

ROOT = Path(__file__).resolve().parents[3]


def _check(*args: str) -> str:
    out = StringIO()
    call_command("serve", "--check", *args, stdout=out)
    return out.getvalue()


def test_workers_are_two_per_cpu_plus_one_capped(monkeypatch):
    monkeypatch.delenv("ZHIFA_SERVE_WORKERS", raising=False)
    monkeypatch.setattr(serving, "cpu_count", lambda: 2)
    assert "进程            5 (CPU 2" in _check()
    monkeypatch.setattr(serving, "cpu_count", lambda: 16)
    assert "进程            8 (CPU 16" in _check()  # at most 8 unless ZHIFA_SERVE_MAX_WORKERS
    monkeypatch.setenv("ZHIFA_SERVE_MAX_WORKERS", "12")
    assert "进程            12 (CPU 16" in _check()


def test_the_check_prints_the_resolved_server_and_what_it_will_use(monkeypatch):
    monkeypatch.setenv("ZHIFA_SERVE_BIND", "0.0.0.0:8000,[::]:8000")
    monkeypatch.setenv("ZHIFA_SERVE_THREADS", "6")
    text = _check("--workers", "3", "--timeout", "45")
    assert "监听            0.0.0.0:8000, [::]:8000" in text
    assert "线程            每进程 6 (gthread)，同时处理至多 18 个请求" in text
    assert "超时            请求 45 秒，平滑停止 30 秒" in text
    assert "数据库" in text
    assert "只读副本        无" in text
    command = text.split("命令            python -m gunicorn ", 1)[1]
    parts = ["--workers 3", "--threads 6", "--timeout 45", "--graceful-timeout 30"]
    parts += ["--bind 0.0.0.0:8000", "--no-control-socket", "zhifa.wsgi:application"]
    assert all(part in command for part in parts), command


def test_gunicorn_options_after_a_double_dash_are_passed_on():
    config = serve.resolve({"gunicorn_args": ["--log-level", "debug"], "workers": 1})
    argv = config.argv()
    assert argv[-3:] == ["--log-level", "debug", serving.APP]
    assert config.worker_class == "gthread"
    assert serve.resolve({"threads": 1, "workers": 1}).worker_class == "sync"


def test_a_pool_smaller_than_the_threads_is_refused(monkeypatch):
    pool = {"min_size": 1, "max_size": 2, "timeout": 10}
    monkeypatch.setattr(serve, "_pool", lambda alias="default": pool)
    with pytest.raises(CommandError, match="DB_POOL_MAX_SIZE=2 小于每进程线程数 4"):
        _check("--threads", "4")
    with pytest.raises(CommandError, match="workers=0"):
        call_command("serve", "--workers", "0")  # refused before anything starts


def test_the_access_log_hides_the_partys_link_token():
    assert serving.redact_path("/p/Zq8x-secret-token") == "/p/…"
    assert serving.redact_path("/p/Zq8x-secret-token/confirm/") == "/p/…/confirm/"
    assert serving.redact_path("/p/doc/12/pdf/") == "/p/doc/12/pdf/"  # no token there
    assert serving.redact_path("/cases/12/") == "/cases/12/"

    class Response:
        status, sent, headers = "200 OK", 12, []

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/p/Zq8x-secret-token?x=1",
        "PATH_INFO": "/p/Zq8x-secret-token",
        "QUERY_STRING": "x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.5",
    }
    atoms = serving.AccessLog(Config()).atoms(Response(), [], environ, _Elapsed())
    assert (atoms["U"], atoms["r"]) == ("/p/…", "GET /p/… HTTP/1.1")
    line = serving.ACCESS_LOG_FORMAT % SafeAtoms(atoms)
    assert line == '10.0.0.5 - "GET /p/… HTTP/1.1" 200 12 12ms "-"'


class _Elapsed:
    seconds, microseconds = 0, 12_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _database_url() -> str:
    """The test database, for a server process of its own (the test commits its rows)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.mark.django_db(transaction=True)
def test_zhifa_serve_answers_on_its_port_and_stops_on_sigterm(tmp_path):
    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "ZHIFA_VAR_DIR": str(tmp_path),
        "ZHIFA_ENV": "development",
        "DEBUG": "0",
        "DATABASE_URL": _database_url(),
    }
    if connection.vendor == "postgresql":  # the pool of Django's psycopg backend, for real
        env |= {"DB_POOL": "1", "DB_POOL_MAX_SIZE": "2"}
    log = (tmp_path / "serve.log").open("w+")
    command = ["serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"]
    server = subprocess.Popen(
        [sys.executable, "-m", "zhifa.manage", *command],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90  # a loaded 2-core machine boots Django slowly
        status = 0
        while time.monotonic() < deadline and status != 200:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                status = _get(f"http://127.0.0.1:{port}/healthz")
            except OSError:
                time.sleep(0.5)
        assert status == 200
        assert _get(f"http://127.0.0.1:{port}/p/Zq8x-secret-token?from=sms") == 404
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=45) == 0  # graceful: workers finish, the master exits
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        log.close()
    text = (tmp_path / "serve.log").read_text()
    assert "Traceback" not in text
    assert "Starting gunicorn" in text
    assert "Using worker: gthread" in text
    assert '"GET /healthz HTTP/1.1" 200' in text
    assert '"GET /p/… HTTP/1.1" 404' in text
    access = [line for line in text.splitlines() if '"GET /p/' in line]
    assert access
    assert not any("secret" in line for line in access)
