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
    "django_tasks_db",
    "zhifa.core",
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
    # The public portal: its own host name routes only the portal; rate limit per client IP.
    "zhifa.disclosure.middleware.PublicPortalMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND == "local":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f"STORAGE_BACKEND={STORAGE_BACKEND!r}: 应为 local 或 s3")
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
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if ZHIFA_ENV == "test":
    # PBKDF2 costs ~0.3 s a password; the suite creates hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLED = ZHIFA_ENV != "test"
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None

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

# --- Disclosure (行政执法公示) and credit (双公示) -----------------------------------------
# The portal's own host name (e.g. gongshi.example.gov.cn). On it only the portal is routed;
# empty: the portal is served under /gongshi/ on the main host. Add it to ALLOWED_HOSTS too.
ZHIFA_PUBLIC_HOST = env_str("ZHIFA_PUBLIC_HOST", "")
# Requests per minute per client IP on the portal and the public API (0: no limit).
ZHIFA_PUBLIC_RATE_LIMIT = env_int("ZHIFA_PUBLIC_RATE_LIMIT", 120)
# Behind a reverse proxy that sets X-Forwarded-For: take the client IP from it.
ZHIFA_PUBLIC_TRUST_FORWARDED_FOR = env_bool("ZHIFA_PUBLIC_TRUST_FORWARDED_FOR", False)
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

if PRODUCTION and SECRET_KEY.startswith("insecure-"):
    raise ImproperlyConfigured("生产环境不得使用开发密钥。")
