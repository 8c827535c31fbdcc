"""Continuous-text search through an index (core.textsearch, ADR 0014): any part of a name,
number or place, of any length, on PostgreSQL (GIN over a tsvector of bigram tokens) and SQLite
(an FTS5 table of the same tokens), never ``LIKE '%…%'`` over the table."""

from __future__ import annotations

import pytest
from django.db import connection

from zhifa.core import textsearch
from zhifa.parties.models import Party
from zhifa.testing import parties as pf

pytestmark = pytest.mark.django_db

NAME = "示范市鑫源建筑工程有限公司"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("鑫源", "鑫源 源"),
        ("ABC-12", "ab bc c 12 2"),  # case-folded; punctuation ends a run
        ("Ａ１", "a1 1"),  # NFKC: full-width letters and digits are the ASCII ones
        ("示范城管案〔2026〕00013号", "示范 范城 城管 管案 案 20 02 26 6 00 00 01 13 3号 号"),
        ("", ""),
    ],
)
def test_the_tokens_are_the_pairs_of_each_run_then_its_last_character(text, expected):
    assert textsearch.tokens(text) == expected


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("鑫源", True),  # two characters: the common Chinese search, too short for trigrams
        ("鑫", True),  # one character
        ("司", True),  # the last character of the run
        ("鑫源建筑", True),
        ("建筑鑫源", False),  # the same characters in another order
        ("源鑫", False),
        ("示范 有限公司", True),  # two runs: both must be there
        ("示范 北京", False),
        ("鑫源（建筑）", True),  # punctuation separates, it is not searched for
        ("XINYUAN", False),
    ],
)
def test_a_name_is_found_by_any_continuous_part_and_only_by_one(east_street, q, found):
    party = pf.organisation(name=NAME, street=east_street)
    pf.organisation(name="示范市宏达物业管理有限公司", street=east_street)
    matched = Party.objects.filter(textsearch.condition(Party, q))
    assert (party in matched) is found
    assert textsearch.contains(q, NAME) is found  # the same rule in Python


def test_a_renamed_party_is_found_by_its_new_name_only(east_street):
    party = pf.organisation(name=NAME, street=east_street)
    party.name = "示范市宏图建设有限公司"
    party.save(update_fields=["name"])
    assert list(Party.objects.filter(textsearch.condition(Party, "宏图"))) == [party]
    assert not Party.objects.filter(textsearch.condition(Party, "鑫源")).exists()


def test_a_deleted_row_leaves_the_index(east_street):
    party = pf.organisation(name=NAME, street=east_street)
    Party.objects.filter(pk=party.pk).delete()
    assert not Party.objects.filter(textsearch.condition(Party, "鑫源")).exists()


def test_nothing_to_search_for_is_no_condition():
    assert textsearch.condition(Party, "（ ）") is None


def test_the_query_uses_the_index_not_a_scan_of_the_table(east_street):
    pf.organisation(name=NAME, street=east_street)
    found = textsearch.ids_sql(Party, "鑫源")
    assert found is not None
    sql, params = found
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(str(r[0]) for r in cursor.fetchall())
            assert "parties_party_search" in plan, plan
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(r[-1]) for r in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan, plan


@pytest.mark.parametrize("table", ["cases_case", "parties_party", "disclosure_publication"])
def test_every_text_index_is_in_place_after_the_migrations(table):
    """A later migration that rebuilds one of these tables on SQLite (Django copies the table
    for some column changes) would drop the triggers that keep its FTS5 table: this fails then,
    and the migration must run ``CreateSearchIndex`` again."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
            assert f"{table}_search" in {r[0] for r in cursor.fetchall()}
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
            assert {f"{table}_fts_{s}" for s in ("ai", "ad", "au")} <= {r[0] for r in cursor}


@pytest.mark.parametrize("q", ["鑫源", "鑫", "源鑫", "示范 有限公司", "A1", "无此"])
def test_the_row_by_row_test_matches_what_the_index_matches(east_street, q):
    pf.organisation(name=NAME, street=east_street)
    pf.organisation(name="示范市宏达物业管理有限公司", street=east_street)
    pf.organisation(name="示范市Ａ1物流有限公司", street=east_street)  # full-width Ａ: NFKC, folded
    by_index = set(Party.objects.filter(textsearch.condition(Party, q)))
    by_row = set(Party.objects.filter(textsearch.row_condition(Party, q)))
    assert by_index == by_row
    assert bool(by_index) == (q not in ("源鑫", "无此"))  # 源鑫: the characters in another order
