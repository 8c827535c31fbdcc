"""The seal's key (ADR 0007): production refuses to start without one kept outside the
database, or with a weak one; ``ZHIFA_CHAIN_KEY_FILE`` reads it from a secret file."""

from __future__ import annotations

import pytest

from zhifa.core.tests.test_platform import _settings_in_subprocess
from zhifa.testing import production

PRODUCTION = {"ZHIFA_ENV": "production", "SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "zhifa.gov"}


@pytest.mark.parametrize(
    ("chain_key", "words"),
    [
        ({}, "必须设置 ZHIFA_CHAIN_KEY"),
        ({"ZHIFA_CHAIN_KEY": "short"}, "至少 32 个字符"),
        ({"ZHIFA_CHAIN_KEY": "s" * 50}, "不得与 SECRET_KEY 相同"),
        ({"ZHIFA_CHAIN_KEY": "insecure-dev-chain-" + "0" * 64}, "不得是开发密钥"),
    ],
)
def test_production_refuses_to_start_without_a_proper_chain_key(chain_key, words):
    result = _settings_in_subprocess(PRODUCTION | chain_key)
    assert result.returncode != 0
    assert words in result.stderr


def test_production_reads_the_chain_key_from_a_file(tmp_path):
    key = tmp_path / "chain_key"
    key.write_text("k" * 40 + "\n")
    env = production.ENV | {"ZHIFA_CHAIN_KEY": "", "ZHIFA_CHAIN_KEY_FILE": str(key)}
    result = _settings_in_subprocess(env)
    assert result.returncode == 0, result.stderr


def test_development_derives_a_key_that_is_never_a_production_one(settings):
    assert settings.ZHIFA_CHAIN_KEY.startswith("insecure-dev-chain-")
