"""``zhifa crypto``: the key of personal data at rest (docs/adr/0012).

``new-key`` prints a fresh key (32 random bytes, base64) for ``ZHIFA_DATA_KEY_FILE``;
``status`` counts the encrypted values under each key id, per column, and says whether an old
key is still needed; ``rotate [--batch N]`` re-encrypts every value (and blind index) still
under an old key with the current one, in batches, with progress — stop it and run it again
at any time. Rotating: the new key in ``ZHIFA_DATA_KEY``, the old in ``ZHIFA_DATA_KEYS_OLD``,
``zhifa crypto rotate``, then ``status`` until no row names the old key; then drop it.
"""

from __future__ import annotations

import base64
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.core import crypto, rotation
from zhifa.core.datakeys import KEY_BYTES
from zhifa.security.actions import Target, record_later
from zhifa.security.choices import EventKind


class Command(BaseCommand):
    help = "个人信息加密密钥：生成、查看各密钥加密的数据量、轮换"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        sub.add_parser("new-key", help="生成新的数据密钥 (base64)")
        sub.add_parser("status", help="每个加密字段在各密钥下的数据量")
        rotate = sub.add_parser("rotate", help="以当前密钥重新加密仍由旧密钥加密的数据")
        rotate.add_argument("--batch", type=int, default=500, help="每批处理的行数")

    def handle(self, *args: Any, **options: Any) -> None:
        what = options["what"]
        if what == "new-key":
            self.stdout.write(base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii"))
        elif what == "status":
            self._status()
        else:
            self._rotate(options["batch"])

    def _names(self) -> dict[str, str]:
        ring = crypto.keyring()
        names = {ring[0].kid: "当前密钥"}
        names.update({k.kid: "旧密钥" for k in ring[1:]})
        return names

    def _status(self) -> None:
        names = self._names()
        for row in rotation.status():
            counts = ", ".join(
                f"{kid} ({names.get(kid, '未配置!')}) {n}"
                for kid, n in sorted(row.by_key.items())
                if kid
            )
            empty = row.by_key.get("", 0)
            self.stdout.write(f"{row.model}.{row.field}: {counts or '无数据'}；空值 {empty}")
        in_use = rotation.keys_in_use()
        current = crypto.current_key().kid
        old = sorted(k for k in in_use if k != current)
        if old:
            count = sum(in_use[k] for k in old)
            self.stdout.write(
                f"仍有 {count} 个值由旧密钥 {', '.join(old)} 加密：请运行 zhifa crypto rotate"
            )
        else:
            self.stdout.write(f"全部数据由当前密钥 {current} 加密：旧密钥已不再需要")

    def _rotate(self, batch: int) -> None:
        if batch < 1:
            raise CommandError("--batch 须大于 0")

        def progress(label: str, done: int, todo: int) -> None:
            self.stderr.write(f"{label}: {done}/{todo}")

        try:
            done = rotation.rotate(batch=batch, progress=progress)
        except crypto.DecryptionError as exc:
            raise CommandError(f"无法轮换：{exc}") from exc
        total = sum(done.values())
        record_later(
            EventKind.CONFIGURATION,
            target=Target("crypto", crypto.current_key().kid, "个人信息加密密钥轮换"),
            detail={"rows": done},
        )
        self.stdout.write(f"已用当前密钥 {crypto.current_key().kid} 重新加密 {total} 行")
