"""Changing the data key (docs/adr/0012): ``zhifa crypto rotate`` re-encrypts and re-indexes
every row under the new key, in batches, idempotently; afterwards the old key is not needed."""

from __future__ import annotations

import base64
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from zhifa.core import crypto, rotation
from zhifa.core.datakeys import derive, parse_keys
from zhifa.parties.actions import find_party
from zhifa.parties.choices import IdType
from zhifa.parties.models import Party, PartyChange
from zhifa.parties.tests.conftest import ID15, ID18
from zhifa.testing import parties as pf

OLD = base64.b64encode(b"o" * 32).decode()
NEW = base64.b64encode(b"n" * 32).decode()
OLD_ID, NEW_ID = derive(b"o" * 32).kid, derive(b"n" * 32).kid


def use_keys(settings, current: str, *old: str) -> None:
    settings.ZHIFA_DATA_KEYS, settings.ZHIFA_DATA_KEY_IS_DEV = parse_keys(current, ",".join(old))


@pytest.fixture
def under_old_key(settings, db) -> list[Party]:
    use_keys(settings, OLD)
    parties = [pf.person(id_number=ID18, phone="13812345678"), *(pf.person() for _ in range(4))]
    parties.append(pf.organisation(phone=""))
    use_keys(settings, NEW, OLD)
    return parties


def run(*args: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("crypto", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_status_counts_the_rows_under_each_key(under_old_key):
    text = run("status")
    assert f"parties.Party.id_number: {OLD_ID} (旧密钥) 6" in text
    assert f"parties.Party.phone: {OLD_ID} (旧密钥) 5；空值 1" in text
    assert "请运行 zhifa crypto rotate" in text


def test_rotate_re_encrypts_in_batches_and_the_old_key_is_then_unnecessary(settings, under_old_key):
    text = run("rotate", "--batch", "4")
    assert "parties.Party: 4/6" in text
    assert "parties.Party: 6/6" in text
    assert rotation.keys_in_use() == {NEW_ID: sum(rotation.keys_in_use().values())}
    assert "旧密钥已不再需要" in run("status")
    use_keys(settings, NEW)  # the old key dropped
    first = Party.objects.get(pk=under_old_key[0].pk)
    assert (first.id_number, first.phone) == (ID18, "13812345678")
    assert find_party(IdType.RESIDENT_ID, ID15) == first  # re-indexed under the new key


def test_rotate_changes_no_data_and_writes_no_history(under_old_key):
    before = {p.pk: (p.id_number, p.phone, p.address, p.updated_at) for p in Party.objects.all()}
    run("rotate")
    after = {p.pk: (p.id_number, p.phone, p.address, p.updated_at) for p in Party.objects.all()}
    assert after == before
    assert PartyChange.objects.filter(kind=PartyChange.Kind.UPDATED).count() == 0


def test_rotate_is_idempotent(under_old_key):
    assert "重新加密 6 行" in run("rotate")
    assert "重新加密 0 行" in run("rotate")


def test_mid_rotation_lookups_find_rows_under_either_key(under_old_key):
    assert find_party(IdType.RESIDENT_ID, ID18) == under_old_key[0]  # still under the old key


def test_rotate_without_the_old_key_fails_naming_it(settings, under_old_key):
    use_keys(settings, NEW)
    with pytest.raises(CommandError, match=OLD_ID):
        run("rotate")


def test_new_key_prints_a_usable_key():
    key = run("new-key").strip()
    assert len(base64.b64decode(key)) == 32
    assert parse_keys(key, "")[1] is False
    assert crypto.PREFIX == "zf1"
