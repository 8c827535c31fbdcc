"""Personal data at rest (docs/adr/0012): SM4-GCM tokens bound to their column, keys read from
the environment, the blind index, and what production refuses."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhifa.core import crypto
from zhifa.core.checks import check_production_settings
from zhifa.core.datakeys import DEV_KEY, derive, parse_keys
from zhifa.core.tests.test_platform import _settings_in_subprocess
from zhifa.parties.models import Party
from zhifa.testing import production

ID18 = "11010519491231002X"
KEY_A = base64.b64encode(b"A" * 32).decode()
KEY_B = base64.b64encode(b"B" * 32).decode()


def use_keys(settings, current: str, *old: str) -> None:
    keys, dev = parse_keys(current, ",".join(old))
    settings.ZHIFA_DATA_KEYS, settings.ZHIFA_DATA_KEY_IS_DEV = keys, dev


def test_it_round_trips_a_value_through_a_token():
    token = crypto.encrypt(ID18, "parties_party.id_number")
    assert token.startswith(f"zf1:{crypto.current_key().kid}:")
    assert ID18 not in token
    assert crypto.decrypt(token, "parties_party.id_number") == ID18


def test_it_uses_a_fresh_nonce_so_equal_values_give_different_tokens():
    first = crypto.encrypt("13812345678", "parties_party.phone")
    second = crypto.encrypt("13812345678", "parties_party.phone")
    assert first != second


def test_it_keeps_an_empty_value_empty():
    assert crypto.encrypt("", "parties_party.phone") == ""
    assert crypto.decrypt("", "parties_party.phone") == ""


def test_a_token_moved_to_another_column_does_not_decrypt():
    token = crypto.encrypt(ID18, "parties_party.id_number")
    with pytest.raises(crypto.DecryptionError, match="从其他字段复制"):
        crypto.decrypt(token, "parties_party.address")


def test_an_altered_token_does_not_decrypt():
    token = crypto.encrypt(ID18, "parties_party.id_number")
    body = token.rsplit(":", 1)[1]
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(crypto.DecryptionError, match="校验失败"):
        crypto.decrypt(token.rsplit(":", 1)[0] + ":" + flipped, "parties_party.id_number")


def test_a_plain_value_in_an_encrypted_column_is_refused_not_shown():
    with pytest.raises(crypto.DecryptionError, match="不是加密数据"):
        crypto.decrypt(ID18, "parties_party.id_number")


def test_a_value_under_an_unknown_key_names_the_key_and_the_setting(settings):
    use_keys(settings, KEY_A)
    token = crypto.encrypt(ID18, "parties_party.id_number")
    use_keys(settings, KEY_B)
    with pytest.raises(crypto.DecryptionError) as exc:
        crypto.decrypt(token, "parties_party.id_number")
    assert derive(b"A" * 32).kid in str(exc.value)
    assert "ZHIFA_DATA_KEYS_OLD" in str(exc.value)


def test_an_old_key_still_decrypts_while_it_is_configured(settings):
    use_keys(settings, KEY_A)
    token = crypto.encrypt(ID18, "parties_party.id_number")
    use_keys(settings, KEY_B, KEY_A)
    assert crypto.decrypt(token, "parties_party.id_number") == ID18
    assert crypto.key_id_of(crypto.encrypt(ID18, "x")) == derive(b"B" * 32).kid


def test_the_blind_index_is_keyed_and_separate_from_the_cipher_key(settings):
    use_keys(settings, KEY_A)
    under_a = crypto.blind_index("party.identity", f"resident_id|{ID18}")
    assert under_a == crypto.blind_index("party.identity", f"resident_id|{ID18}")
    assert ID18 not in under_a
    key = crypto.current_key()
    assert key.index_key[:16] != key.cipher_key
    use_keys(settings, KEY_B, KEY_A)
    assert crypto.blind_indexes("party.identity", f"resident_id|{ID18}")[1] == under_a
    assert crypto.blind_index("party.identity", f"resident_id|{ID18}") != under_a


def test_an_encrypted_field_refuses_a_lookup_by_value(db):
    with pytest.raises(TypeError, match="加密字段"):
        list(Party.objects.filter(id_number=ID18))
    assert not Party.objects.filter(phone="").exists()  # "has no phone" still works


@pytest.mark.parametrize(
    ("value", "wanted"),
    [("c2hvcnQ=", "实际解码得到 5 字节"), ("不是base64!", "实际解码得到 0 字节")],
)
def test_a_malformed_key_is_refused_with_its_name(value, wanted):
    with pytest.raises(ImproperlyConfigured) as exc:
        parse_keys(value, "")
    assert "ZHIFA_DATA_KEY" in str(exc.value)
    assert wanted in str(exc.value)


def test_without_a_key_the_public_development_key_is_used():
    assert parse_keys(None, None) == ([DEV_KEY], True)
    keys, dev = parse_keys(KEY_A, f"{KEY_B}\n{KEY_A}")
    assert (keys, dev) == ([b"A" * 32, b"B" * 32], False)


def test_the_deploy_check_refuses_the_development_key(settings):
    settings.SECRET_KEY = production.SECRET_KEY
    settings.DEBUG = False
    settings.ZHIFA_DELIVERY = {**settings.ZHIFA_DELIVERY, "SMS_BACKEND": production.GATEWAY}
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
    settings.ZHIFA_DATA_KEY_IS_DEV = True
    assert [e.id for e in check_production_settings(None)] == ["zhifa.E006"]


def test_production_refuses_to_start_without_a_data_key():
    env = {k: v for k, v in production.ENV.items() if k != "ZHIFA_DATA_KEY"}
    result = _settings_in_subprocess(env)
    assert result.returncode != 0
    assert "ZHIFA_DATA_KEY" in result.stderr
    assert "zhifa.E006" in result.stderr
