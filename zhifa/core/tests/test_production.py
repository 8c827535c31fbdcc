"""Production: the documented settings (README, "Production") pass ``zhifa check --deploy`` with
no warning, and every process refuses to start with a weak key, DEBUG or a development sender.

Each start is a fresh process with a clean environment, so the settings are read again."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from zhifa.core.checks import check_production_settings, check_sms_backend
from zhifa.core.tests.test_platform import ROOT, _settings_in_subprocess
from zhifa.testing import production


def documented_production_env() -> dict[str, str]:
    """The ``NAME=value`` lines of the README's production block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Production", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return dict(
        line.split("=", 1) for line in block.splitlines() if line and not line.startswith("#")
    )


def run(args: list[str], env: dict[str, str], tmp: Path) -> subprocess.CompletedProcess:
    clean = {"PATH": "/usr/bin:/bin", "ZHIFA_VAR_DIR": str(tmp / "var"), **env}
    return subprocess.run(
        [sys.executable, *args], env=clean, capture_output=True, text=True, cwd=ROOT, timeout=120
    )


@pytest.fixture
def documented(tmp_path) -> dict[str, str]:
    """The README's block with what a bureau fills in: its key files, its database (here a
    SQLite file), its SMS gateway class (here the tests')."""
    env = documented_production_env()
    secret, chain = tmp_path / "secret_key", tmp_path / "chain_key"
    data = tmp_path / "data_key"
    secret.write_text(production.SECRET_KEY + "\n")
    chain.write_text(production.CHAIN_KEY + "\n")
    data.write_text(production.DATA_KEY + "\n")
    return env | {
        "SECRET_KEY_FILE": str(secret),
        "ZHIFA_CHAIN_KEY_FILE": str(chain),
        "ZHIFA_DATA_KEY_FILE": str(data),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'zhifa.sqlite3'}",
        "ZHIFA_SMS_BACKEND": production.GATEWAY,
    }


def test_the_readme_documents_a_production_block():
    env = documented_production_env()
    assert env["ZHIFA_ENV"] == "production"
    assert {"SECRET_KEY_FILE", "ALLOWED_HOSTS", "ZHIFA_SMS_BACKEND", "EMAIL_BACKEND"} <= set(env)


def test_check_deploy_passes_with_the_documented_production_settings(documented, tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], documented, tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_documented_settings_turn_https_hsts_and_secure_cookies_on(documented, tmp_path):
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
        "SECURE_REFERRER_POLICY",
    ]
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'zhifa.settings'; "
        "django.setup(); from django.conf import settings; "
        f"print(repr([getattr(settings, n) for n in {names!r}]))"
    )
    result = run(["-c", code], documented, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(
        [
            False,
            True,
            31_536_000,
            True,
            ("HTTP_X_FORWARDED_PROTO", "https"),
            True,
            True,
            True,
            "DENY",
            "same-origin",
        ]
    )


def test_without_a_proxy_header_configured_none_is_trusted(documented, tmp_path):
    env = {k: v for k, v in documented.items() if k != "SECURE_PROXY_SSL_HEADER"}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'zhifa.settings'; "
        "django.setup(); from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    )
    result = run(["-c", code], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"


DEV_KEY = "insecure-dev-" + "0123456789abcdef" * 4


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            {"SECRET_KEY": "a-short-key-of-32-characters-abc"},
            "SECRET_KEY 只有 32 个字符，至少需要 50 个",
        ),
        ({"SECRET_KEY": DEV_KEY}, "SECRET_KEY 是开发用密钥"),
        ({"SECRET_KEY": "django-insecure-" + "k" * 20 + "x7Yq2" * 4}, "SECRET_KEY 是开发用密钥"),
        ({"SECRET_KEY": "ab" * 30}, "SECRET_KEY 不足 5 种不同字符"),
        ({"DEBUG": "1"}, "生产环境不得开启 DEBUG"),
        (
            {"ZHIFA_SMS_BACKEND": "console"},
            "ZHIFA_SMS_BACKEND=console：生产环境不得使用开发用短信通道",
        ),
        ({"ZHIFA_SMS_BACKEND": "file"}, "ZHIFA_SMS_BACKEND=file：生产环境不得使用开发用短信通道"),
        ({"EMAIL_BACKEND": "console"}, "EMAIL_BACKEND=console：生产环境不得使用开发用邮件通道"),
        ({"EMAIL_BACKEND": "locmem"}, "EMAIL_BACKEND=locmem：生产环境不得使用开发用邮件通道"),
    ],
)
def test_production_refuses_to_start_with(bad, message):
    result = _settings_in_subprocess(production.ENV | bad)
    assert result.returncode != 0
    assert "生产环境拒绝启动" in result.stderr
    assert message in result.stderr


def test_production_names_every_problem_at_once():
    bad = {"SECRET_KEY": "short", "DEBUG": "1", "ZHIFA_SMS_BACKEND": "console"}
    result = _settings_in_subprocess(production.ENV | bad | {"EMAIL_BACKEND": "console"})
    assert result.returncode != 0
    assert re.findall(r"\(zhifa\.(E00\d)\)", result.stderr) == ["E001", "E002", "E003", "E004"]


def test_production_starts_with_the_test_configuration():
    result = _settings_in_subprocess(production.ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['zhifa.gov']"


# --- the same rules as deploy checks, under any settings ---------------------------------------


@pytest.fixture
def fit(settings):
    """Settings production would accept."""
    settings.SECRET_KEY = production.SECRET_KEY
    settings.DEBUG = False
    settings.ZHIFA_DELIVERY = {**settings.ZHIFA_DELIVERY, "SMS_BACKEND": production.GATEWAY}
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
    settings.ZHIFA_DATA_KEY_IS_DEV = False  # a ZHIFA_DATA_KEY is set (ADR 0012)
    return settings


def test_the_deploy_check_passes_settings_production_accepts(fit):
    assert check_production_settings(None) == []


CONSOLE_MAIL = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}


@pytest.mark.parametrize(
    ("override", "error"),
    [
        ({"SECRET_KEY": DEV_KEY}, "zhifa.E001"),
        ({"DEBUG": True}, "zhifa.E002"),
        ({"SMS_BACKEND": "console"}, "zhifa.E003"),
        ({"MAILERS": CONSOLE_MAIL}, "zhifa.E004"),
    ],
)
def test_the_deploy_check_reports_what_production_refuses(fit, override, error):
    override = dict(override)
    sms = override.pop("SMS_BACKEND", production.GATEWAY)
    fit.ZHIFA_DELIVERY = {**fit.ZHIFA_DELIVERY, "SMS_BACKEND": sms}
    for name, value in override.items():
        setattr(fit, name, value)
    assert [e.id for e in check_production_settings(None)] == [error]


def test_a_gateway_class_that_does_not_import_is_reported(settings):
    settings.ZHIFA_DELIVERY = {**settings.ZHIFA_DELIVERY, "SMS_BACKEND": "bureau_sms.Gateway"}
    (error,) = check_sms_backend(None)
    assert error.id == "zhifa.E005"
    assert "ZHIFA_SMS_BACKEND=bureau_sms.Gateway：无法导入短信接口类" in error.msg
    settings.ZHIFA_DELIVERY = {**settings.ZHIFA_DELIVERY, "SMS_BACKEND": production.GATEWAY}
    assert check_sms_backend(None) == []
