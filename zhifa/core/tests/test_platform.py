"""Platform guarantees: configuration, security headers, local assets, tokens."""

import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from zhifa import env as zenv
from zhifa.testing import production

ROOT = Path(__file__).resolve().parents[3]


def _settings_in_subprocess(extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "ZHIFA_VAR_DIR": "/tmp/zhifa-settings-test", **extra_env}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
            "'zhifa.settings'; django.setup(); from django.conf import settings; "
            "print(settings.DEBUG, settings.ALLOWED_HOSTS)",
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_in_subprocess({"ZHIFA_ENV": "production", "ALLOWED_HOSTS": "zhifa.gov"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _settings_in_subprocess({"ZHIFA_ENV": "production", "SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_both_and_turns_debug_off(tmp_path):
    key = tmp_path / "key"
    key.write_text(production.SECRET_KEY)
    result = _settings_in_subprocess(
        {
            "ZHIFA_ENV": "production",
            "SECRET_KEY_FILE": str(key),
            "ALLOWED_HOSTS": "a.gov,b.gov",
            "ZHIFA_CHAIN_KEY": "c" * 40,  # the record's seal key (ADR 0007)
            "ZHIFA_DATA_KEY": production.DATA_KEY,  # personal data at rest (ADR 0012)
            # production refuses the development senders (test_production.py)
            "ZHIFA_SMS_BACKEND": production.GATEWAY,
            "EMAIL_BACKEND": "smtp",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['a.gov', 'b.gov']"


def test_a_malformed_boolean_is_refused_with_its_name():
    result = _settings_in_subprocess({"DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_env_example_documents_every_variable_the_settings_read():
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    read = {name for name in zenv.READ}
    assert read, "settings read no variables?"
    assert read - documented == set()


def test_pages_carry_a_content_security_policy(db):
    response = Client().get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy  # inline scripts only with the per-request nonce


def test_no_template_or_stylesheet_loads_anything_from_the_internet():
    """The bureau's network has no internet: every asset is served locally."""
    offenders = []
    for path in (ROOT / "zhifa").rglob("*"):
        if path.suffix not in {".html", ".css", ".js"} or "node_modules" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"""(?:src|href)=["'](https?:)?//|url\((https?:)?//""", text):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert offenders == []


def test_static_assets_are_served_locally(db):
    response = Client().get("/static/zhifa/zhifa.css")
    assert response.status_code == 200


def test_the_health_check_answers(db):
    assert Client().get("/healthz").json() == {"status": "ok"}


def test_token_create_prints_a_token_that_works(handler):
    out, err = StringIO(), StringIO()
    call_command("token", "create", "handler", "--name", "对接", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert raw.startswith("zf_")
    response = Client().get("/api/v1/org/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.json()["username"] == "handler"
    assert "只显示这一次" in err.getvalue()


def test_token_create_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="不存在"):
        call_command("token", "create", "nobody", stdout=StringIO())


def test_the_openapi_schema_describes_the_api(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"].startswith("zhifa")
    assert "/api/v1/org/me" in schema["paths"]
    assert "/api/v1/calendar/deadline" in schema["paths"]
    assert any("BearerToken" in k for k in schema["components"]["securitySchemes"])


def test_django_admin_is_open_to_administrators_only(admin_persona, handler):
    assert admin_persona.client().get("/admin/").status_code == 200
    # 三员分立 (ADR 0013): a signed-in account without an admin role is refused (403, recorded),
    # not sent to the admin's own login page
    assert handler.client().get("/admin/").status_code == 403


def test_a_malformed_api_request_is_explained_in_chinese(handler):
    response = handler.client().get(
        "/api/v1/calendar/deadline", {"start": "2026-13-45", "working_days": 7}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "start"
    assert body["message"] == "请求参数不正确：字段 start 日期格式应为 YYYY-MM-DD"
