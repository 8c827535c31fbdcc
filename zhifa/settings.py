"""zhifa settings: everything comes from environment variables (see .env.example).

Two scales, one code base: by default an embedded SQLite database (WAL) and local files; at city
scale PostgreSQL, Redis and S3-compatible storage, selected only by these variables.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from zhifa.core.datakeys import parse_keys as parse_data_keys
from zhifa.env import env, env_bool, env_decimal, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ZHIFA_VAR_DIR", str(BASE_DIR / "var")))

# development | production | test
ZHIFA_ENV = env_str("ZHIFA_ENV", "test" if "pytest" in sys.modules else "development")
if ZHIFA_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured(f"ZHIFA_ENV={ZHIFA_ENV!r}: 应为 development、production 或 test")
PRODUCTION = ZHIFA_ENV == "production"
# Tests in parallel (pytest-xdist, scripts/test-all): each worker gets its own var directory —
# SQLite test database, media files, SMS outbox — so two workers never write the same file.
if ZHIFA_ENV == "test" and os.environ.get("PYTEST_XDIST_WORKER"):
    VAR_DIR = VAR_DIR / os.environ["PYTEST_XDIST_WORKER"]

DEBUG = env_bool("DEBUG", default=ZHIFA_ENV == "development")

_secret = env("SECRET_KEY")
if not _secret:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "生产环境必须设置 SECRET_KEY (或 SECRET_KEY_FILE)：拒绝以默认密钥启动。"
        )
    # Development/test only: a key that is stable for this checkout, never used in production.
    _secret = "insecure-dev-" + hashlib.sha256(str(BASE_DIR).encode()).hexdigest()
SECRET_KEY = _secret

# The full-process record's seal (行政处罚法 Art 47; docs/adr/0007): HMAC-SM3 of each case's
# chain head and of the daily anchor, with a key kept outside the database, so someone who can
# write the database but has not the key cannot rewind a case unnoticed. Not SECRET_KEY: that
# one is rotated for sessions; this one must stay as long as the records it seals.
_chain_key = env("ZHIFA_CHAIN_KEY")
if not _chain_key:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "生产环境必须设置 ZHIFA_CHAIN_KEY (或 ZHIFA_CHAIN_KEY_FILE)：执法全过程记录的签章"
            "密钥须保存在数据库之外，拒绝以默认密钥启动。"
        )
    _chain_key = "insecure-dev-chain-" + hashlib.sha256(str(BASE_DIR).encode()).hexdigest()
elif PRODUCTION and (
    len(_chain_key) < 32 or _chain_key == SECRET_KEY or _chain_key.startswith("insecure-")
):
    raise ImproperlyConfigured(
        "ZHIFA_CHAIN_KEY 至少 32 个字符，不得是开发密钥，且不得与 SECRET_KEY 相同 (两者用途和"
        "轮换周期不同)。"
    )
ZHIFA_CHAIN_KEY = _chain_key
# The evening hour (local time) from which the hourly job writes the day's chain anchor.
ZHIFA_CHAIN_ANCHOR_HOUR = env_int("ZHIFA_CHAIN_ANCHOR_HOUR", 21)

# Personal data at rest (GB/T 22239-2019 8.1.4.8; docs/adr/0012): ID numbers, phones and
# addresses are stored SM4-GCM encrypted under ZHIFA_DATA_KEY; ZHIFA_DATA_KEYS_OLD only decrypt
# (until `zhifa crypto rotate`). Without a key, development and tests use a fixed public key;
# production refuses it (core.checks, zhifa.E006).
ZHIFA_DATA_KEYS, ZHIFA_DATA_KEY_IS_DEV = parse_data_keys(
    env("ZHIFA_DATA_KEY"), env("ZHIFA_DATA_KEYS_OLD")
)

# The security audit log (GB/T 22239-2019 8.1.4.3; docs/adr/0011): rows are kept in the database
# at least this many days (网络安全法 Art 21(3): network logs kept no less than six months), then
# archived by a job to JSONL.gz files in ZHIFA_AUDIT_DIR, which also mirrors its checkpoints.
ZHIFA_AUDIT_KEEP_DAYS = env_int("ZHIFA_AUDIT_KEEP_DAYS", 180)
if ZHIFA_AUDIT_KEEP_DAYS < 180:
    raise ImproperlyConfigured(
        f"ZHIFA_AUDIT_KEEP_DAYS={ZHIFA_AUDIT_KEEP_DAYS}：安全审计日志至少保存 180 天 (网络安全法"
        "第二十一条：网络日志留存不少于六个月)，请设为 180 或更大。"
    )
# Tests: one folder per process, never the development checkpoints of the same checkout.
_audit_default = VAR_DIR / ("audit" if ZHIFA_ENV != "test" else f"audit-test-{os.getpid()}")
ZHIFA_AUDIT_DIR = Path(env_str("ZHIFA_AUDIT_DIR", str(_audit_default)))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("生产环境必须设置 ALLOWED_HOSTS (逗号分隔的主机名)。")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "zhifa.core",
    "zhifa.security",
    "zhifa.calendar",
    "zhifa.org",
    "zhifa.parties",
    "zhifa.law",
    "zhifa.cases",
    "zhifa.performance",
    "zhifa.documents",
    "zhifa.delivery",
    "zhifa.disclosure",
    "zhifa.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The request being served, for the security audit log's rows (zhifa.security.middleware).
    "zhifa.security.middleware.AuditContextMiddleware",
    # 三员分立: Django admin for the system and security administrators; no case data for any
    # administrator (a 403 and a row of the audit log). ADR 0013.
    "zhifa.security.separation.SeparationMiddleware",
    # The public portal: its own host name routes only the portal; rate limit per client IP.
    "zhifa.disclosure.middleware.PublicPortalMiddleware",
    # Rate limits per client IP on /v/<code> and sign-in (zhifa.security.ratelimit).
    "zhifa.security.ratelimit.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signed-in requests: session timeouts, the second factor, the forced password change.
    "zhifa.security.identity_middleware.IdentityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhifa.urls"
WSGI_APPLICATION = "zhifa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "zhifa.core.context_processors.site",
            ],
            "builtins": ["zhifa.core.templatetags.zhifa"],
        },
    }
]

# --- Database -----------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zhifa.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
_db = DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, waiting for the write lock in short steps (zhifa/core/sqlite/base.py)
    _db["ENGINE"] = "zhifa.core.sqlite"
    if _db["NAME"] and _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _db["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
        # BEGIN, so two concurrent transactions queue instead of failing half-way (SQLite
        # has no SELECT … FOR UPDATE).
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    # Tests use a file too (not shared-cache memory, which fails on a lock instead of waiting),
    # so the concurrency tests see the same locking as production. One file per test process
    # (pytest-xdist adds its worker suffix): two runs side by side never share a database.
    _db["TEST"] = {"NAME": str(VAR_DIR / f"test-zhifa-{os.getpid()}.sqlite3")}
else:
    # Measured on these machines: without persistent connections a one-row request drops
    # from ~2,500 to ~230 req/s on PostgreSQL.
    _db["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 300)
    _db["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ---------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Several app servers (docs/scale-out.md) ----------------------------------------------
# Connection pool (PostgreSQL only): DB_POOL=1 instead of persistent connections (a pool
# excludes CONN_MAX_AGE); DB_POOL_MAX_SIZE per process ≥ the server's threads (zhifa serve).
# Behind PgBouncer (transaction mode): DB_CONN_MAX_AGE=0, DB_DISABLE_SERVER_SIDE_CURSORS=1.
from zhifa.core import scaleout  # noqa: E402

if _db["ENGINE"] == "django.db.backends.postgresql":
    _db["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DB_DISABLE_SERVER_SIDE_CURSORS", False)
if env_bool("DB_POOL", False):
    scaleout.use_pool(
        _db,
        min_size=env_int("DB_POOL_MIN_SIZE", 1),
        max_size=env_int("DB_POOL_MAX_SIZE", 4),
        timeout=env_int("DB_POOL_TIMEOUT", 10),
    )
# A read replica for the portal, exports and statistics — only inside
# zhifa.core.routers.reading_from_replica(); everything else (every staff page) reads the
# primary. The test suite has the alias as a TEST MIRROR of default, routed to only by tests
# that set ZHIFA_READ_REPLICA.
_replica = scaleout.replica_database(_db, env("DATABASE_REPLICA_URL"), test=ZHIFA_ENV == "test")
if _replica is not None:
    DATABASES["replica"] = _replica
ZHIFA_READ_REPLICA = "replica" if _replica is not None and ZHIFA_ENV != "test" else ""
DATABASE_ROUTERS = ["zhifa.core.routers.ReplicaRouter"]
# Sessions stay in the database (every server sees them; a Redis restart signs nobody out);
# with Redis they are read from it, so a signed-in request costs no session query.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Outside production WhiteNoise serves straight from the apps' static folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "local")
if STORAGE_BACKEND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET", "zhifa"),
            "endpoint_url": env("S3_ENDPOINT_URL"),
            "access_key": env("S3_ACCESS_KEY_ID"),
            "secret_key": env("S3_SECRET_ACCESS_KEY"),
            "region_name": env("S3_REGION"),
            # "path" for MinIO/Ceph on a host name (bucket in the path, not in the host name)
            "addressing_style": env("S3_ADDRESSING_STYLE"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND == "local":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f"STORAGE_BACKEND={STORAGE_BACKEND!r}: 应为 local 或 s3")
# Backups (`zhifa backup`, docs/backup.md): where the daily job writes them, and for how many
# days they are kept (the newest is always kept).
ZHIFA_BACKUP_DIR = Path(env_str("ZHIFA_BACKUP_DIR", str(VAR_DIR / "backups")))
ZHIFA_BACKUP_KEEP_DAYS = env_int("ZHIFA_BACKUP_KEEP_DAYS", 30)
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Auth ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # must be first (stack.md)
    # ModelBackend, but a superuser never signs in and permissions come from the role alone
    "zhifa.security.backends.RoleBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Identification and authentication (GB/T 22239-2019 8.1.4.1; docs/security.md "身份鉴别").
# Passwords: at least 10 characters of three classes, not the username, not a common password,
# not one of the last five (zhifa/security/passwords.py).
_password = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": f"{_password}.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "name", "email", "phone")},
    },
    {"NAME": f"{_password}.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": f"{_password}.CommonPasswordValidator"},
    {"NAME": "zhifa.security.passwords.CharacterClassesValidator", "OPTIONS": {"classes": 3}},
    {"NAME": "zhifa.security.passwords.NotUsernameValidator"},
    {"NAME": "zhifa.security.passwords.PasswordHistoryValidator", "OPTIONS": {"remember": 5}},
]
if ZHIFA_ENV == "test":
    # PBKDF2 costs ~0.3 s a password; the suite creates hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Lockout (zhifa/security/lockout.py): per username and address AXES_FAILURE_LIMIT, per address
# (any usernames: spraying) and per username (any addresses) the two below — the last one only
# for browsers the user has not signed in from. Failures count for AXES_COOLOFF_TIME (hours).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
ZHIFA_LOGIN_ADDRESS_FAILURES = env_int("ZHIFA_LOGIN_ADDRESS_FAILURES", 20)
ZHIFA_LOGIN_ACCOUNT_FAILURES = env_int("ZHIFA_LOGIN_ACCOUNT_FAILURES", 10)
for _limit in (
    "AXES_FAILURE_LIMIT",
    "ZHIFA_LOGIN_ADDRESS_FAILURES",
    "ZHIFA_LOGIN_ACCOUNT_FAILURES",
):
    if globals()[_limit] < 1:
        raise ImproperlyConfigured(f"{_limit}={globals()[_limit]}：应为正整数 (登录失败次数)")
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "zhifa.security.lockout.LoginThrottle"
AXES_CLIENT_IP_CALLABLE = "zhifa.security.network.client_address"
AXES_LOCKOUT_CALLABLE = "zhifa.security.identity_views.locked_out"
AXES_ENABLED = ZHIFA_ENV != "test"
AXES_VERBOSE = False
# The second factor (TOTP, django-otp): these roles must use it (comma-separated role values;
# admin, security_admin, audit_admin, leader and legal_reviewer always), and superusers, and
# everyone on /admin/. A value that is no role refuses to start (zhifa/security/two_factor.py).
ZHIFA_2FA_REQUIRED_ROLES = env_list(
    "ZHIFA_2FA_REQUIRED_ROLES", "admin,security_admin,audit_admin,leader,legal_reviewer"
)
ZHIFA_2FA_REQUIRED_ROLES_SET = env("ZHIFA_2FA_REQUIRED_ROLES") is not None
# Sessions end after ZHIFA_SESSION_IDLE_MINUTES without a request and ZHIFA_SESSION_MAX_HOURS
# after the login (0: no limit). Off in the test suite, whose tests move the clock by days
# with one signed-in client (as AXES_ENABLED); the session tests switch them on.
ZHIFA_SESSION_IDLE_MINUTES = env_int("ZHIFA_SESSION_IDLE_MINUTES", 30)
ZHIFA_SESSION_MAX_HOURS = env_int("ZHIFA_SESSION_MAX_HOURS", 12)
if ZHIFA_SESSION_IDLE_MINUTES < 0 or ZHIFA_SESSION_MAX_HOURS < 0:
    raise ImproperlyConfigured(
        "ZHIFA_SESSION_IDLE_MINUTES / ZHIFA_SESSION_MAX_HOURS：应为 0 或正整数"
    )
ZHIFA_SESSION_LIMITS = ZHIFA_ENV != "test"
if ZHIFA_SESSION_LIMITS and ZHIFA_SESSION_MAX_HOURS:
    SESSION_COOKIE_AGE = ZHIFA_SESSION_MAX_HOURS * 3600
# API tokens expire this many days after they are created (`zhifa token create --days`).
ZHIFA_API_TOKEN_DAYS = env_int("ZHIFA_API_TOKEN_DAYS", 90)
if ZHIFA_API_TOKEN_DAYS < 1:
    raise ImproperlyConfigured(f"ZHIFA_API_TOKEN_DAYS={ZHIFA_API_TOKEN_DAYS}：应为正整数 (天)")
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR blocks, comma-separated);
# empty: none, the client is the connection's peer (zhifa/security/network.py).
from zhifa.security.network import parse_proxies  # noqa: E402

ZHIFA_TRUSTED_PROXIES = env_list("ZHIFA_TRUSTED_PROXIES", "")
parse_proxies(ZHIFA_TRUSTED_PROXIES)  # refuses a value that is no address or block
if env_bool("ZHIFA_PUBLIC_TRUST_FORWARDED_FOR", False):
    raise ImproperlyConfigured(
        "ZHIFA_PUBLIC_TRUST_FORWARDED_FOR 已废弃：它相信任何客户端自己写的 X-Forwarded-For "
        "(伪造即可绕过访问频率限制和登录锁定)。请删除它，改设 ZHIFA_TRUSTED_PROXIES=反向代理的"
        "地址 (如 127.0.0.1 或 10.0.0.0/8)：只相信这些代理转发的客户端地址。"
    )

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS, HSTS and the proxy header: "Uploads and production" at the end of this file.

# Content Security Policy (Django 6 core): only our own origin; inline scripts need the nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# --- Locale --------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
# Chinese for what the packages' own catalogues leave in English (the admin's time-zone note,
# django-axes, django-tasks-db): zhifa/locale.
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Background jobs (django.tasks) --------------------------------------------------------
TASK_QUEUES = ["default", "deadlines", "notifications", "documents", "imports"]
if ZHIFA_ENV == "test":
    TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": TASK_QUEUES,
        }
    }
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}

# --- Mail (Django 6.1 MAILERS) ------------------------------------------------------------
# Default: messages go to the console (development). EMAIL_BACKEND=smtp sends through the SMTP
# server below.
_mail_backend = env_str("EMAIL_BACKEND", "console")
if _mail_backend == "smtp":
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
            },
        }
    }
elif _mail_backend == "console":
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
elif _mail_backend == "locmem":
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
else:
    raise ImproperlyConfigured(f"EMAIL_BACKEND={_mail_backend!r}: 应为 console、smtp 或 locmem")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "zhifa@localhost")

# --- Logging -------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- The bureau and its local rules --------------------------------------------------------
# National statutory numbers are constants in zhifa/law/statute.py (each with its article).
# What rules.md marks "local" or UNVERIFIED is configured here, with the sheet's default.
ZHIFA_BUREAU_NAME = env_str("ZHIFA_BUREAU_NAME", "示范区城市管理委员会")
ZHIFA_BUREAU_SHORT = env_str("ZHIFA_BUREAU_SHORT", "示范城管")
# What the officer's authenticator app shows beside the code (the second factor).
OTP_TOTP_ISSUER = f"{ZHIFA_BUREAU_SHORT} 执法平台"
# The address the public reaches zhifa at: QR codes on issued documents and links sent to parties
# point here (the public portal may be served on its own host name).
ZHIFA_PUBLIC_BASE_URL = env_str("ZHIFA_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# The prefix of every 文号 (e.g. 京城管东). Empty: the bureau's short name.
ZHIFA_DOCUMENT_PREFIX = env_str("ZHIFA_DOCUMENT_PREFIX", "")
ZHIFA_BUREAU_USCC = env_str("ZHIFA_BUREAU_USCC", "11110000MB0000000Y")
# Where the party may seek review (行政复议法 Art 24: the county-level government for a county-level
# department) and sue (the basic court), as named in every decision.
ZHIFA_REVIEW_BODY = env_str("ZHIFA_REVIEW_BODY", "示范区人民政府")
ZHIFA_COURT = env_str("ZHIFA_COURT", "示范区人民法院")
# How the party pays (行政处罚法 Art 67 ¶3: the designated bank or e-payment of the local 非税收入
# system), printed on decisions and the party's page.
ZHIFA_PAYMENT_NOTICE = env_str(
    "ZHIFA_PAYMENT_NOTICE",
    "请到指定银行或者通过电子支付系统缴纳（政府非税收入统一缴款），缴款后请将缴款凭证复印件送交本机关。",
)
# Where to pay (行政处罚法 Art 67 ¶1–3: the designated bank, not the deciding bureau): the payee,
# its bank and account as the local finance bureau assigned them, printed on every decision that
# imposes a fine. Empty: the decision prints ZHIFA_PAYMENT_NOTICE only (never an invented account).
ZHIFA_PAYEE_NAME = env_str("ZHIFA_PAYEE_NAME", "")
ZHIFA_PAYEE_BANK = env_str("ZHIFA_PAYEE_BANK", "")
ZHIFA_PAYEE_ACCOUNT = env_str("ZHIFA_PAYEE_ACCOUNT", "")
# The e-payment link of the 非税收入 system for one decision ({number}: its 文号, {amount}: the
# fine), printed as a 缴款码 QR code beside the text. Empty: no 缴款码.
ZHIFA_PAYMENT_CODE_URL = env_str("ZHIFA_PAYMENT_CODE_URL", "")
# Electronic seals: <org unit code>.png (a transparent PNG of the bureau's seal) in this folder is
# printed over the issuer line of documents served on the party. No file: no seal is printed.
ZHIFA_SEAL_DIR = Path(env_str("ZHIFA_SEAL_DIR", str(VAR_DIR / "seals")))
ZHIFA_LOCAL_RULES = {
    # 行政处罚法 Art 63 "较大数额" — defined locally. Default: Beijing 住建 (京建法〔2023〕2号, ◐):
    # a hearing is offered above these amounts.
    "HEARING_THRESHOLD_PERSON": env_decimal("ZHIFA_HEARING_THRESHOLD_PERSON", "3000"),
    "HEARING_THRESHOLD_ORG": env_decimal("ZHIFA_HEARING_THRESHOLD_ORG", "50000"),
    # Yearly training minimum per officer: 60 学时 attributed to 国办发〔2023〕27号 (❌ UNVERIFIED).
    "TRAINING_MIN_HOURS": env_decimal("ZHIFA_TRAINING_MIN_HOURS", "60"),
    # Certificates expiring within this many days are listed for renewal.
    "CERT_EXPIRY_WARNING_DAYS": env_int("ZHIFA_CERT_EXPIRY_WARNING_DAYS", 30),
    # Annual check (年检) of certificates is local practice (◐). When enforced, a certificate
    # whose last passed annual check is older than this many months is not valid for acting.
    "CERT_ANNUAL_CHECK_ENFORCED": env_bool("ZHIFA_CERT_ANNUAL_CHECK_ENFORCED", False),
    "CERT_ANNUAL_CHECK_MONTHS": env_int("ZHIFA_CERT_ANNUAL_CHECK_MONTHS", 12),
    # Whether 调休 make-up weekend days count as working days (rules.md §8: ❌ UNVERIFIED; common
    # practice says yes).
    "MAKEUP_DAYS_ARE_WORKING_DAYS": env_bool("ZHIFA_MAKEUP_DAYS_ARE_WORKING_DAYS", True),
    # A year without a holiday schedule: "provisional" (its statutory holidays and weekends, the
    # uncertain days in the party's favour for the party's periods and early for the bureau's
    # duties, every date flagged 暂定; docs/legal-rules.md) or "refuse" (an error naming the year).
    "CALENDAR_UNCOVERED_YEAR": env_str("ZHIFA_CALENDAR_UNCOVERED_YEAR", "provisional"),
    # 个体工商户 for the Art 51 simple-procedure limit: a natural person (民法典 Art 54) by default.
    "SOLE_TRADER_AS": env_str("ZHIFA_SOLE_TRADER_AS", "person"),
    # Statement and defence period after the prior notice: not fixed nationally (rules.md §1.5
    # ❌); 5 working days, as the hearing-request window of Art 64 and most sector rules.
    "STATEMENT_PERIOD_WORKING_DAYS": env_int("ZHIFA_STATEMENT_PERIOD_WORKING_DAYS", 5),
    # 行政处罚法 Art 60: 90 days from filing unless laws, regulations or rules set otherwise.
    "DECISION_LIMIT_DAYS": env_int("ZHIFA_DECISION_LIMIT_DAYS", 90),
    # Art 60 provides no extension itself; local/sector rules do (rules.md §1.4 ◐: +30 days with
    # the head's approval in the old 工商 rule). Total days the limit may be extended by.
    "DECISION_EXTENSION_MAX_DAYS": env_int("ZHIFA_DECISION_EXTENSION_MAX_DAYS", 30),
    # Art 58 lists when legal review is required; the bureau report reviews every general-
    # procedure decision ("均在作出决定前经法制科室审核"), which is the default here.
    "LEGAL_REVIEW_ALL_GENERAL": env_bool("ZHIFA_LEGAL_REVIEW_ALL_GENERAL", True),
    # Art 57 ¶2 sets no quorum for 负责人集体讨论; a local rule does. Default: 3 attendees.
    "COLLECTIVE_DISCUSSION_MIN_ATTENDEES": env_int("ZHIFA_COLLECTIVE_DISCUSSION_MIN_ATTENDEES", 3),
    # Art 52 ¶3: on-the-spot decisions are filed (备案) with the bureau; no national period.
    "SIMPLE_FILING_WORKING_DAYS": env_int("ZHIFA_SIMPLE_FILING_WORKING_DAYS", 5),
    # Reminders: deadlines due within this many days appear as "due soon" and are reminded.
    "DEADLINE_WARNING_DAYS": env_int("ZHIFA_DEADLINE_WARNING_DAYS", 3),
    # 行政强制法 Art 53: the 3-month court window is warned of at these days left (each once),
    # to the handlers and the leaders — a lapsed window cannot be reopened.
    "COURT_WINDOW_WARNING_DAYS": env_list("ZHIFA_COURT_WINDOW_WARNING_DAYS", "30,10"),
}

# Lists and home queues count at most this many rows, then show "1000+" (zhifa/core/counting.py:
# a count reads every matching row, which at city scale is tens of thousands a page; 0: exact).
ZHIFA_COUNT_CAP = env_int("ZHIFA_COUNT_CAP", 1000)
if ZHIFA_COUNT_CAP < 0:
    raise ImproperlyConfigured("ZHIFA_COUNT_CAP：应为 0 (精确计数) 或正整数")

# --- Disclosure (行政执法公示) and credit (双公示) -----------------------------------------
# The portal's own host name (e.g. gongshi.example.gov.cn). On it only the portal is routed;
# empty: the portal is served under /gongshi/ on the main host. Add it to ALLOWED_HOSTS too.
ZHIFA_PUBLIC_HOST = env_str("ZHIFA_PUBLIC_HOST", "")
# Requests per minute per client IP on the portal and the public API (0: no limit).
ZHIFA_PUBLIC_RATE_LIMIT = env_int("ZHIFA_PUBLIC_RATE_LIMIT", 120)
# Per client IP a minute (zhifa/security/ratelimit.py; 0: no limit): the document verification
# page /v/<code>, and sign-in attempts (POSTs of the login and second-factor forms), on top of
# the lockout per username and per address. Shared by every app server through Redis.
ZHIFA_VERIFY_RATE_LIMIT = env_int("ZHIFA_VERIFY_RATE_LIMIT", 30)
ZHIFA_LOGIN_RATE_LIMIT = env_int("ZHIFA_LOGIN_RATE_LIMIT", 30)
# The client IP behind a reverse proxy: ZHIFA_TRUSTED_PROXIES (Auth, above).
ZHIFA_DISCLOSURE = {
    # 国办发〔2018〕118号 / 双公示: penalty decisions public within 7 working days (◐ W1, W6;
    # law.statute.DISCLOSURE_PENALTY_WD).
    "PUBLISH_WORKING_DAYS": env_int("ZHIFA_DISCLOSURE_PUBLISH_WORKING_DAYS", 7),
    # Publish once the decision is served (the party learns it first), at the latest on the due
    # working day; 0: publish at the first run after the decision.
    "WAIT_FOR_SERVICE": env_bool("ZHIFA_DISCLOSURE_WAIT_FOR_SERVICE", True),
    # Discretion level (裁量阶次) → credit severity (rules.md §4.5: the sector's list is ❌).
    "SEVERITY_BY_LEVEL": env_str(
        "ZHIFA_DISCLOSURE_SEVERITY_BY_LEVEL",
        "minor:minor,general:general,heavier:general,serious:serious",
    ),
    # Severity of an on-the-spot (simple-procedure) decision, which has no discretion report.
    "SIMPLE_SEVERITY": env_str("ZHIFA_DISCLOSURE_SIMPLE_SEVERITY", "general"),
    # Display period by severity, months from the decision (信用修复管理办法 from 2026-04-01:
    # minor 0 = not published, at most 3; general 3–12; serious 12–36).
    "DISPLAY_MONTHS": env_str("ZHIFA_DISCLOSURE_DISPLAY_MONTHS", "minor:0,general:12,serious:36"),
    # Minimum display period before a credit repair may be requested (general 3, serious 12).
    "REPAIR_MIN_MONTHS": env_str("ZHIFA_CREDIT_REPAIR_MIN_MONTHS", "minor:0,general:3,serious:12"),
    # A new case repeats a violation when the party was penalised for the same item this many
    # months before (discretion: 行政处罚法 Art 34 benchmarks weigh repetition).
    "REPEAT_VIOLATION_MONTHS": env_int("ZHIFA_REPEAT_VIOLATION_MONTHS", 12),
}

# --- Service of documents (送达) and the party's page -----------------------------------
# 行政处罚法 Art 61 ¶2: electronic service only with the party's consent and signed confirmation;
# the message carries a one-time link to the party's page, the party confirms with a code.
ZHIFA_DELIVERY = {
    # SMS: "console" (log the message), "file" (append to $ZHIFA_VAR_DIR/outbox/sms.log), or the
    # dotted path of a class with send(phone, text). E-mail goes through MAILERS above.
    "SMS_BACKEND": env_str("ZHIFA_SMS_BACKEND", "console"),
    "OUTBOX_DIR": VAR_DIR / "outbox",
    # Days a link sent to the party stays valid (it is used once: the party then has a session).
    "LINK_DAYS": env_int("ZHIFA_SERVICE_LINK_DAYS", 7),
    # Minutes a confirmation code is valid, and wrong entries allowed per code.
    "CODE_MINUTES": env_int("ZHIFA_SERVICE_CODE_MINUTES", 10),
    "CODE_ATTEMPTS": env_int("ZHIFA_SERVICE_CODE_ATTEMPTS", 5),
    # Minutes the party's page stays open after confirming the code.
    "SESSION_MINUTES": env_int("ZHIFA_PARTY_SESSION_MINUTES", 60),
    # How to pay is ZHIFA_PAYMENT_NOTICE above: the decision and the party's page say the same.
}

# Random default for the demo password would make the printed accounts useless; the demo only
# runs outside production.
ZHIFA_DEMO_PASSWORD = env_str("ZHIFA_DEMO_PASSWORD", "zhifa-demo-2026")

# --- Uploads and production (issue 10 §8.1.4.7–8) -------------------------------------------
# Evidence uploads (zhifa/core/uploads.py): the type is detected from the content, and each
# category has its size limit in MB — photos and scans, video and audio recordings, PDF.
ZHIFA_UPLOAD_MAX_IMAGE_MB = env_int("ZHIFA_UPLOAD_MAX_IMAGE_MB", 20)
ZHIFA_UPLOAD_MAX_VIDEO_MB = env_int("ZHIFA_UPLOAD_MAX_VIDEO_MB", 200)
ZHIFA_UPLOAD_MAX_OTHER_MB = env_int("ZHIFA_UPLOAD_MAX_OTHER_MB", 20)
for _limit in (
    "ZHIFA_UPLOAD_MAX_IMAGE_MB",
    "ZHIFA_UPLOAD_MAX_VIDEO_MB",
    "ZHIFA_UPLOAD_MAX_OTHER_MB",
):
    if globals()[_limit] < 1:
        raise ImproperlyConfigured(f"{_limit}={globals()[_limit]}：应为正整数 (MB)")
# A file above 2.5 MB is written to a temporary file as it arrives (a 200 MB video never sits
# in memory); the other fields of one request may hold 2.5 MB in all.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Where those temporary files go; empty: the system's (often a small tmpfs in a container).
FILE_UPLOAD_TEMP_DIR = env("ZHIFA_UPLOAD_TEMP_DIR") or None

# HTTPS in production: redirect plain HTTP (not the load balancer's /healthz), HSTS for a year.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind a proxy that terminates TLS: the header it sets to "https" (e.g. X-Forwarded-Proto).
# Only when configured — without such a proxy a client could send the header itself.
_proxy_header = env_str("SECURE_PROXY_SSL_HEADER", "").strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_header.upper().replace("-", "_").removeprefix("HTTP_"), "https")
    if _proxy_header
    else None
)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is the registrable domain's decision (hstspreload.org takes only the apex, and an
# intranet name cannot be listed): off unless the bureau opts in, so Django's reminder is off.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# models.W040, "SQLite does not support indexes with non-key columns": the covering index of
# the published rows' tokens (disclosure ``pub_published_text``) is a PostgreSQL INCLUDE index
# and, by design, a plain partial index on SQLite (ADR 0015, point 5)
SILENCED_SYSTEM_CHECKS += ["models.W040"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Production refuses to start with a weak SECRET_KEY, DEBUG, or an SMS or e-mail backend that
# never reaches the party. Here, not only as a system check: gunicorn and the workers never run
# checks, every process reads the settings (the rules: zhifa/core/checks.py).
if PRODUCTION:
    from zhifa.core.checks import production_refusals

    _refusals = production_refusals(
        secret_key=SECRET_KEY,
        debug=DEBUG,
        sms_backend=str(ZHIFA_DELIVERY["SMS_BACKEND"]),
        mail_backend=str(MAILERS["default"]["BACKEND"]),
        data_key_is_dev=ZHIFA_DATA_KEY_IS_DEV,
    )
    if _refusals:
        raise ImproperlyConfigured(
            "生产环境拒绝启动：\n" + "\n".join(f"- {r.message} ({r.id})" for r in _refusals)
        )
