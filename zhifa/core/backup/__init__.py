"""Backups of the whole system in one file (``zhifa backup``; docs/backup.md).

``zhifa-backup-YYYYMMDD-HHMMSS.tar[.gz]`` holds, in this order:

  database.sqlite3 | database.pgdump   the database as of one commit (``database``)
  media/<path>                         every file of the local storage (evidence, documents)
  manifest.json                        format, created_at (Asia/Shanghai), engine, the latest
                                       applied migration per app, zhifa's version, each file's
                                       size and SHA-256, the manifest's own SHA-256 and an
                                       HMAC-SHA256 of it

Why an HMAC, and under which key: the SHA-256 digests catch a damaged copy, but whoever can
change the archive can recompute them. The HMAC is keyed with a key derived from
``ZHIFA_CHAIN_KEY`` — not ``SECRET_KEY``, which is rotated for sessions and would make last
month's backups unverifiable, and not a third secret to lose: the chain key is already kept
outside the database and its backups for as long as the records live (ADR 0007), and a restored
system needs it anyway to pass ``zhifa audit verify``. So a backup altered by someone who has
the file but not the key (a row of a party changed, which no chain covers) is refused.

S3 storage: the bucket is not copied. Its versioning and replication are the files' backup
(docs/backup.md); the manifest says the media were left out and why.

Modules: ``archive`` (the manifest, create, verify), ``database`` (dump and load per engine,
what "empty" means), ``restore``, ``retention`` (prune, the daily job).
"""

from zhifa.core.backup.archive import (
    DATABASE,
    MANIFEST,
    MEDIA,
    Checked,
    Created,
    Problem,
    backup_key,
    create_backup,
    key_id,
    local_media,
    seal,
    verify_backup,
)
from zhifa.core.backup.database import ENGINES, BackupError
from zhifa.core.backup.restore import Restored, restore_backup
from zhifa.core.backup.retention import (
    BACKUP_HOUR,
    backup_name,
    prune_backups,
    scheduled_backup,
)

__all__ = [
    "BACKUP_HOUR",
    "DATABASE",
    "ENGINES",
    "MANIFEST",
    "MEDIA",
    "BackupError",
    "Checked",
    "Created",
    "Problem",
    "Restored",
    "backup_key",
    "backup_name",
    "create_backup",
    "key_id",
    "local_media",
    "prune_backups",
    "restore_backup",
    "scheduled_backup",
    "seal",
    "verify_backup",
]
