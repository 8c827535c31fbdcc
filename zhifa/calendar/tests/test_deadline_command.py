"""``zhifa deadline`` prints YYYY-MM-DD and refuses an uncovered year with a non-zero exit."""

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--from", "2026-09-28", "--working-days", "7"], "2026-10-13"),
        (["--from", "2026-02-10", "--working-days", "5"], "2026-02-24"),
        (["--from", "2026-09-16", "--days", "15"], "2026-10-08"),
        # No Feb 31: the period ends Feb 28 (民法典 Art 202), a make-up working Saturday.
        (["--from", "2026-01-31", "--months", "1"], "2026-02-28"),
        (["--from", "2025-03-03", "--months", "3"], "2025-06-03"),
    ],
)
def test_it_prints_the_due_date(args, expected):
    assert _run(*args) == expected


def test_it_refuses_an_uncovered_year_naming_it_when_configured(settings):
    settings.ZHIFA_LOCAL_RULES = {**settings.ZHIFA_LOCAL_RULES, "CALENDAR_UNCOVERED_YEAR": "refuse"}
    with pytest.raises(CommandError, match="2027"):
        _run("--from", "2026-12-28", "--working-days", "7")


@pytest.mark.parametrize(("side", "expected"), [("party", "2027-01-11"), ("bureau", "2027-01-05")])
def test_it_prints_a_provisional_date_for_the_side_asked(side, expected, capsys):
    err = StringIO()
    out = StringIO()
    call_command(
        "deadline",
        "--from",
        "2026-12-28",
        "--working-days",
        "7",
        "--side",
        side,
        stdout=out,
        stderr=err,
    )
    assert out.getvalue().strip() == expected
    assert "暂定" in err.getvalue()


def test_it_refuses_a_malformed_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run("--from", "28/12/2026", "--days", "3")


def test_it_exits_non_zero_from_the_shell(tmp_path):
    """The operator's view: the installed command's exit status and message."""
    env = {
        "ZHIFA_VAR_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "ZHIFA_CALENDAR_UNCOVERED_YEAR": "refuse",
    }
    subprocess.run([sys.executable, "-m", "zhifa.manage", "migrate", "-v0"], env=env, check=True)
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "zhifa.manage",
            "deadline",
            "--from",
            "2026-09-28",
            "--working-days",
            "7",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert (ok.returncode, ok.stdout.strip()) == (0, "2026-10-13")
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "zhifa.manage",
            "deadline",
            "--from",
            "2026-12-28",
            "--working-days",
            "7",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode != 0
    assert "2027" in bad.stderr
