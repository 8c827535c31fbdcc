"""Writing the security audit log: ``record`` (the one function every app calls) and
``write_checkpoint`` (the periodic seal of its head). ADR 0011.

``record`` is one INSERT. The chain is one sequence for the whole log, so appends are
serialised: on PostgreSQL by a transaction-level advisory lock (taken just before the insert
and held until the surrounding transaction ends), on SQLite by the write lock every zhifa
transaction takes at BEGIN (``transaction_mode = IMMEDIATE``). The unique ``seq`` would refuse a
fork even if the lock were bypassed. Inside a caller's transaction the row commits or rolls
back with the caller's change (an account change is recorded only if it happened); the lock is
then held until the caller commits, so call ``record`` after the caller's own row locks, late
in the transaction.
"""

from __future__ import annotations

import functools
import getpass
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from zhifa.security.chain import (
    GENESIS,
    canonical,
    chain_key,
    event_mac,
    event_material,
    jsonable,
    key_id,
    record_mac,
    sm3,
    timestamp,
)
from zhifa.security.choices import EventKind, Outcome
from zhifa.security.middleware import current_request
from zhifa.security.models import SecurityArchive, SecurityCheckpoint, SecurityEvent
from zhifa.security.network import client_address

# pg_advisory_xact_lock key of the log's chain ("zhifa-se" as a 64-bit integer).
CHAIN_LOCK = 0x7A686966612D7365
MIRROR = "checkpoints.jsonl"


@dataclass(frozen=True)
class Target:
    """The object of an event when it is not a model row: a page, an export, a file."""

    type: str
    id: str = ""
    label: str = ""


def as_target(obj: Model | Target | None) -> Target:
    if obj is None:
        return Target("")
    if isinstance(obj, Target):
        return obj
    meta = obj._meta
    return Target(f"{meta.app_label}.{meta.model_name}", str(obj.pk), str(obj))


def record(
    kind: str,
    *,
    actor: Any = None,
    request: HttpRequest | None = None,
    target: Model | Target | None = None,
    outcome: str = Outcome.SUCCESS,
    detail: dict[str, Any] | None = None,
) -> SecurityEvent:
    """Append one event to the security audit log and return it.

    ``actor``: the account (a user), or the username given when there is no account (a failed
    login), or None — then the request's authenticated user, if any. ``request``: where it came
    from; without one, the request being served (``AuditContextMiddleware``), else none (a
    command or a job: the OS user is noted in the detail). ``target``: a model row or a
    ``Target``. ``outcome``: ``Outcome`` (成功/失败/拒绝). ``detail``: JSON-able facts (old and
    new values, a format, a reason) — never a password, a token or a personal ID number."""
    if kind not in EventKind.values:
        raise ValueError(f"unknown security event kind {kind!r}: add it to security.choices")
    if outcome not in Outcome.values:
        raise ValueError(f"unknown outcome {outcome!r}")
    request = request if request is not None else current_request()
    user, name = _actor(actor, request)
    body = jsonable(detail or {})
    if request is None:
        body = {"os_user": _os_user(), **body}
    obj = as_target(target)
    row: dict[str, Any] = {
        "kind": kind,
        "actor_id": user.pk if user is not None else None,
        "actor_name": name[:150],
        "address": client_address(request) if request is not None else "",
        "object_type": obj.type[:64],
        "object_id": obj.id[:64],
        "object_label": obj.label[:200],
        "outcome": outcome,
        "detail": body,
    }
    key = chain_key()
    with transaction.atomic():
        lock_chain()
        seq, prev = head_of_log()
        row.update(seq=seq + 1, at=timezone.now(), prev_digest=prev)
        digest = sm3(event_material(row))
        return _insert({**row, "digest": digest, "mac": event_mac(key, seq + 1, digest)})


# The row's columns, written by one INSERT prepared as the ORM prepares it (each field's
# get_db_prep_save) but without its per-call compilation: ~0.3 ms less an event (measured on
# SQLite, ADR 0011), for a function that runs on every sign-in and refusal.
_FIELDS = [f for f in SecurityEvent._meta.concrete_fields if not f.primary_key]
_INSERT = "INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING {pk}"


def _insert(values: dict[str, Any]) -> SecurityEvent:
    meta = SecurityEvent._meta
    assert meta.pk is not None
    quote = connection.ops.quote_name
    sql = _INSERT.format(
        table=quote(meta.db_table),
        columns=", ".join(quote(str(f.column)) for f in _FIELDS),
        values=", ".join(["%s"] * len(_FIELDS)),
        pk=quote(str(meta.pk.column)),
    )
    params = [f.get_db_prep_save(values[f.attname], connection) for f in _FIELDS]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (pk,) = cursor.fetchone()
    event = SecurityEvent(pk=pk, **values)
    event._state.adding = False
    event._state.db = connection.alias
    return event


def record_once(kind: str, *, key: str, window: int = 3600, **kwargs: Any) -> bool:
    """``record`` unless the same ``key`` was recorded within the current ``window`` seconds
    (counted in the cache, so with Redis across servers): for sights that repeat — a page
    reloaded, a photo opened again — where one row per account, object and hour says what the
    audit needs and a flood of identical rows would bury the rest. True when a row was written."""
    from django.core.cache import cache

    slot = int(time.time() // window)
    if not cache.add(f"zhifa:audit-once:{kind}:{key}:{slot}", 1, window):
        return False
    record(kind, **kwargs)
    return True


def record_later(kind: str, **kwargs: Any) -> None:
    """``record`` when the surrounding transaction commits — at once outside one (a command in
    autocommit). For what was done outside the database, such as an export written to a file
    from a read-only pass, so that the read itself stays free of writes."""
    transaction.on_commit(functools.partial(record, kind, **kwargs))


def _actor(actor: Any, request: HttpRequest | None) -> tuple[Any, str]:
    if isinstance(actor, str):
        return None, actor
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    if actor is None:
        return None, ""
    return actor, actor.get_username()


@functools.cache
def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no passwd entry in some containers
        return str(os.getuid()) if hasattr(os, "getuid") else ""


def lock_chain() -> None:
    """Serialise appends to the log's one chain, until the current transaction ends."""
    assert connection.in_atomic_block, "lock_chain() belongs inside transaction.atomic()"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
    # SQLite: this transaction began with BEGIN IMMEDIATE and holds the write lock already.


def head_of_log() -> tuple[int, str]:
    """(seq, digest) of the last event; after an archive that took every row, the archive's."""
    with connection.cursor() as cursor:  # the unique index on seq, read backwards: one row
        cursor.execute("SELECT seq, digest FROM security_securityevent ORDER BY seq DESC LIMIT 1")
        last = cursor.fetchone()
    if last is not None:
        return int(last[0]), str(last[1])
    archived = SecurityArchive.objects.order_by("-last_seq").first()
    if archived is not None:
        return archived.last_seq, archived.last_digest
    return 0, GENESIS


# --- Checkpoints: the head, sealed, in the database and in a file outside it -------------------


def checkpoint_fields(cp: SecurityCheckpoint) -> dict[str, Any]:
    return {
        "at": timestamp(cp.created_at),
        "seq": cp.seq,
        "head": cp.head,
        "prev": cp.prev,
        "key": cp.key_id,
    }


def checkpoint_digest(fields: dict[str, Any]) -> str:
    return sm3(canonical({"checkpoint": "zhifa-security-v1", **fields}))


def write_checkpoint(*, force: bool = False) -> SecurityCheckpoint | None:
    """Seal the log's head: a new checkpoint when events were added since the last one (or
    ``force``), None otherwise. Its line is appended to the mirror file after commit."""
    key = chain_key()
    with transaction.atomic():
        lock_chain()
        seq, head = head_of_log()
        last = SecurityCheckpoint.objects.order_by("-id").first()
        if last is not None and last.seq == seq and not force:
            return None
        cp = SecurityCheckpoint(
            created_at=timezone.now(),
            seq=seq,
            head=head,
            prev=last.digest if last is not None else GENESIS,
            key_id=key_id(key),
        )
        fields = checkpoint_fields(cp)
        cp.digest = checkpoint_digest(fields)
        cp.mac = record_mac(key, "checkpoint", cp.digest)
        cp.save(force_insert=True)
        line = {**fields, "digest": cp.digest, "mac": cp.mac}
        transaction.on_commit(lambda: _mirror(line))
    return cp


def audit_dir() -> Path:
    return Path(settings.ZHIFA_AUDIT_DIR)


def _mirror(line: dict[str, Any]) -> None:
    """Append one checkpoint to ``checkpoints.jsonl`` (one short O_APPEND write, then fsync):
    someone who can change the database cannot reach this file."""
    folder = audit_dir()
    folder.mkdir(parents=True, exist_ok=True)
    data = (json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n").encode()
    fd = os.open(folder / MIRROR, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
