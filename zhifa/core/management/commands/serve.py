"""``zhifa serve [--bind ADDR] [--workers N] [--threads N] [--timeout S] … [--check]
[-- GUNICORN_OPTIONS]``: the production server (gunicorn; ``zhifa.core.serving`` says why each
default). ``--check`` prints the resolved configuration — the server's and the database,
cache, sessions and files it will use — and exits (1 when something is wrong). Without it the
process becomes gunicorn's master (``exec``): SIGTERM stops it gracefully, SIGHUP reloads.

Defaults come from ``ZHIFA_SERVE_*`` (.env.example); options override them."""

from __future__ import annotations

import os
import shlex
import sys
from typing import Any, cast

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.core import serving
from zhifa.core.scaleout import connections_per_server
from zhifa.env import env, env_int, env_list, env_str


class Command(BaseCommand):
    help = "运行生产用的 Web 服务 (gunicorn；--check 只显示配置)"
    requires_system_checks: list[str] = []  # gunicorn's workers load the app; checks: zhifa check

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            action="append",
            help="监听地址 (可多次)；默认 ZHIFA_SERVE_BIND 或 127.0.0.1:8000",
        )
        parser.add_argument("--workers", type=int, help="进程数 (默认 2×CPU+1，至多 8)")
        parser.add_argument("--threads", type=int, help="每进程线程数 (默认 4)")
        parser.add_argument("--timeout", type=int, help="单个请求的最长秒数 (默认 60)")
        parser.add_argument(
            "--graceful-timeout", type=int, help="停止时等待请求完成的秒数 (默认 30)"
        )
        parser.add_argument("--keep-alive", type=int, help="Keep-Alive 秒数 (默认 5)")
        parser.add_argument("--max-requests", type=int, help="进程处理多少请求后更换 (默认 2000)")
        parser.add_argument("--access-log", help="访问日志：文件、- (标准输出) 或 off")
        parser.add_argument("--check", action="store_true", help="只显示解析后的配置并检查")
        parser.add_argument("gunicorn_args", nargs="*", help="-- 之后的参数原样交给 gunicorn")

    def handle(self, *args: Any, **options: Any) -> None:
        config = resolve(options)
        problems = config.problems() + database_problems(config)
        if options["check"]:
            for line in describe(config):
                self.stdout.write(line)
            for warning in warnings(config):
                self.stdout.write(f"注意：{warning}")
        if problems:
            raise CommandError("配置有误：\n" + "\n".join(f"- {p}" for p in problems))
        if options["check"]:
            return
        command = config.command()
        self.stderr.write(f"zhifa serve: {shlex.join(command[1:])}")
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(command[0], command)  # gunicorn's master takes this process (and its signals)


def resolve(options: dict[str, Any]) -> serving.ServeConfig:
    """The server's configuration: options, else ``ZHIFA_SERVE_*``, else the defaults."""

    def pick(name: str, variable: str, default: int) -> int:
        value = options.get(name)
        return int(value) if value is not None else env_int(variable, default)

    cap = env_int("ZHIFA_SERVE_MAX_WORKERS", serving.DEFAULT_MAX_WORKERS)
    workers = serving.default_workers(serving.cpu_count(), cap)
    bind = options.get("bind") or env_list("ZHIFA_SERVE_BIND", serving.DEFAULT_BIND)
    return serving.ServeConfig(
        bind=tuple(bind),
        workers=pick("workers", "ZHIFA_SERVE_WORKERS", workers),
        threads=pick("threads", "ZHIFA_SERVE_THREADS", serving.DEFAULT_THREADS),
        timeout=pick("timeout", "ZHIFA_SERVE_TIMEOUT", serving.REQUEST_TIMEOUT),
        graceful_timeout=pick(
            "graceful_timeout", "ZHIFA_SERVE_GRACEFUL_TIMEOUT", serving.GRACEFUL_TIMEOUT
        ),
        keep_alive=options.get("keep_alive") or serving.KEEP_ALIVE,
        max_requests=(
            options["max_requests"]
            if options.get("max_requests") is not None
            else serving.MAX_REQUESTS
        ),
        access_log=options.get("access_log") or env_str("ZHIFA_SERVE_ACCESS_LOG", "-"),
        worker_tmp_dir=serving.memory_tmp_dir(),
        extra=tuple(options.get("gunicorn_args") or ()),
    )


def _pool(alias: str = "default") -> dict[str, Any] | None:
    """The alias's pool options with psycopg_pool's defaults filled in; None: no pool."""
    pool = settings.DATABASES[alias].get("OPTIONS", {}).get("pool")
    if not pool:
        return None
    options = dict(pool) if isinstance(pool, dict) else {}
    options.setdefault("min_size", 4)
    options["max_size"] = options.get("max_size") or options["min_size"]
    options.setdefault("timeout", 30)
    return options


def database_problems(config: serving.ServeConfig) -> list[str]:
    pool = _pool()
    if pool is not None and int(pool["max_size"]) < config.threads:
        return [
            f"DB_POOL_MAX_SIZE={pool.get('max_size')} 小于每进程线程数 {config.threads}："
            "请求会排队等待数据库连接 (调大 DB_POOL_MAX_SIZE 或减少 --threads)"
        ]
    return []


def _where(db: Any) -> str:
    if db["ENGINE"].endswith("sqlite3") or db["ENGINE"] == "zhifa.core.sqlite":
        return f"SQLite {db['NAME']}"
    return f"PostgreSQL {db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _connections(db: Any, pool: dict[str, Any] | None) -> str:
    if db["ENGINE"] == "zhifa.core.sqlite":
        return "WAL，每线程一个连接"
    if pool is not None:
        return (
            f"连接池 DB_POOL：每进程 {pool['min_size']}–{pool['max_size']} 个，"
            f"等待至多 {pool['timeout']} 秒"
        )
    age = db.get("CONN_MAX_AGE", 0)
    return f"持久连接 CONN_MAX_AGE={age} 秒" if age else "每个请求新建连接 (DB_CONN_MAX_AGE=0)"


def describe(config: serving.ServeConfig) -> list[str]:
    """The resolved configuration, one line a setting (no password)."""
    from gunicorn import __version__ as gunicorn_version

    db = settings.DATABASES["default"]
    cpus = serving.cpu_count()
    per_server = connections_per_server(workers=config.workers, threads=config.threads)
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    redis = env("REDIS_URL")
    replica = settings.DATABASES.get("replica") if settings.ZHIFA_READ_REPLICA else None
    storage = cast(dict[str, Any], settings.STORAGES["default"])
    s3: dict[str, Any] = storage.get("OPTIONS", {})
    files = (
        f"S3 {s3.get('bucket_name')} @ {s3.get('endpoint_url') or 'AWS'}"
        if storage["BACKEND"].endswith("S3Storage")
        else f"本地 {settings.MEDIA_ROOT}"
    )
    session = settings.SESSION_ENGINE.rsplit(".", 1)[-1]
    return [
        f"zhifa serve — gunicorn {gunicorn_version}, {settings.ZHIFA_ENV}",
        f"  监听            {', '.join(config.bind)}",
        f"  进程            {config.workers} (CPU {cpus}：2×CPU+1，至多 "
        f"{env_int('ZHIFA_SERVE_MAX_WORKERS', serving.DEFAULT_MAX_WORKERS)})",
        f"  线程            每进程 {config.threads} ({config.worker_class})，"
        f"同时处理至多 {per_server} 个请求",
        f"  超时            请求 {config.timeout} 秒，平滑停止 {config.graceful_timeout} 秒，"
        f"keep-alive {config.keep_alive} 秒",
        f"  进程更换        每 {config.max_requests} 个请求 (+0–{config.max_requests_jitter})",
        f"  访问日志        {config.access_log}",
        f"  数据库          {_where(db)}；{_connections(db, _pool())}；"
        f"本服务器至多 {per_server} 个连接",
        f"  只读副本        {_where(replica) if replica else '无 (DATABASE_REPLICA_URL 未设置)'}",
        f"  缓存            {cache}"
        + (f" {_masked(redis)} (各服务器共享)" if redis else " (进程内，不共享)"),
        f"  会话            {session}",
        f"  文件            {files}",
        f"  命令            python -m gunicorn {shlex.join(config.argv())}",
    ]


def warnings(config: serving.ServeConfig) -> list[str]:
    out = []
    if not env("REDIS_URL") and config.workers > 1:
        out.append(
            "未设置 REDIS_URL：缓存在每个进程内，公示网站的访问频率限制由每个进程各自计数 "
            "(多台服务器时请设置 REDIS_URL)"
        )
    storage = cast(dict[str, Any], settings.STORAGES["default"])
    if str(storage["BACKEND"]).endswith("FileSystemStorage"):
        out.append("文件存储在本机 (STORAGE_BACKEND=local)：多台服务器须共享该目录或改用 S3")
    return out


def _masked(url: str | None) -> str:
    if not url:
        return ""
    parsed = dj_database_url.urlparse.urlsplit(url)
    if parsed.password:
        netloc = parsed.netloc.replace(f":{parsed.password}@", ":***@")
        return parsed._replace(netloc=netloc).geturl()
    return url
