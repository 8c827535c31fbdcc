"""``zhifa demo --cases N``: the bulk path on a small N, on the configured database (SQLite, or
PostgreSQL when ``DATABASE_URL`` points there)."""

from __future__ import annotations

import io
import random
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, F
from django.test import TestCase

from zhifa.cases import actions
from zhifa.cases.audit import verify_case
from zhifa.cases.models import (
    Case,
    CaseDeadline,
    CaseEvent,
    CaseHandler,
    CollectiveDiscussion,
    Decision,
    LegalReview,
)
from zhifa.cases.record import Place
from zhifa.core.models import NumberSequence
from zhifa.demo.generators import bulk
from zhifa.demo.generators.cast import Cast
from zhifa.demo.models import DemoLoad
from zhifa.demo.tests.conftest import TODAY, YEAR, build_district, demo_clock
from zhifa.law.models import ViolationItem
from zhifa.org.certificates import may_act_as_handler
from zhifa.org.models import Officer
from zhifa.parties.models import Party
from zhifa.performance.models import Payment


def _shape(number: str) -> str:
    return re.sub(r"\d+号$", "", number)


def _number(text: str) -> int:
    return int(re.search(r"(\d+)号$", text).group(1))


@demo_clock()
class TestABulkYearOf2000(TestCase):
    """One bulk year of 2,000 cases (``setUpTestData``: built once, rolled back after)."""

    summary: dict

    @classmethod
    def setUpTestData(cls) -> None:
        build_district()
        cls.summary = bulk.build_bulk(
            random.Random("bulk-test"), YEAR, TODAY, 2000, chunk=700,
            progress=lambda _: None,
        )  # fmt: skip

    def test_it_writes_the_cases_in_the_proportions_of_the_report(self) -> None:
        counts = dict(Case.objects.values_list("procedure").annotate(n=Count("id")))
        assert counts["simple"] + counts["general"] == 2000 == self.summary["cases"]
        assert 0.85 <= counts["simple"] / 2000 <= 0.91
        categories = set(Case.objects.values_list("category", flat=True))
        assert set(ViolationItem.objects.values_list("category", flat=True)) <= categories
        outcomes = set(Case.objects.values_list("outcome", flat=True))
        assert {"penalty", "no_penalty", "transfer"} <= outcomes
        statuses = set(Case.objects.values_list("status", flat=True))
        assert {"not_filed", "withdrawn", "closed", "archived", "served"} <= statuses

    def test_every_case_has_its_handlers_decisions_payments_and_clocks(self) -> None:
        handlers = Counter(CaseHandler.objects.values_list("case_id", flat=True))
        assert all(
            handlers[c] == 2
            for c in Case.objects.filter(procedure="simple").values_list("pk", flat=True)
        )
        assert (
            Decision.objects.filter(on_the_spot=True).count()
            == Case.objects.filter(procedure="simple").count()
        )
        assert Payment.objects.filter(surcharge__gt=0).exists()
        overdue = CaseDeadline.objects.filter(
            met_on__isnull=True, cancelled=False, due_on__lt=TODAY
        )
        assert overdue.exists()
        windows = overdue.filter(
            kind__in=["statement", "hearing_request"], case__decided_on__isnull=False
        )
        assert not windows.exists()  # the party's windows close at the decision
        # each clock carries its case's street, as clocks.start leaves it (the street's index)
        assert CaseDeadline.objects.filter(street__isnull=False).count() == (
            CaseDeadline.objects.count()
        )
        assert not CaseDeadline.objects.exclude(street_id=F("case__street_id")).exists()
        for case in Case.objects.order_by("?")[:50]:
            assert case.event_count == case.events.count()
            assert case.paid <= (case.fine or Decimal(0))
        reviewed = LegalReview.objects.filter(decided_on__isnull=False)
        assert reviewed.exists()
        assert all(len(r.checklist) == 7 for r in reviewed)  # Art 58
        discussions = CollectiveDiscussion.objects.prefetch_related("attendee_officers")
        assert discussions.exists()
        for row in discussions:  # Art 57 ¶2: officers, their names kept
            assert sorted(o.name for o in row.attendee_officers.all()) == sorted(row.attendees)

    def test_every_record_chain_verifies(self) -> None:
        assert [b for b in (verify_case(c) for c in Case.objects.all()) if b] == []
        out = io.StringIO()
        call_command("audit", "verify", stdout=out)
        assert "校验通过：2000 个案件" in out.getvalue()

    def test_case_numbers_are_unique_and_the_sequences_advanced(self) -> None:
        for procedure in ("simple", "general"):
            numbers = sorted(
                _number(n)
                for n in Case.objects.filter(procedure=procedure).values_list("number", flat=True)
            )
            assert numbers == list(range(1, len(numbers) + 1))
            assert NumberSequence.objects.get(key=f"case:{procedure}:{YEAR}").last == numbers[-1]
        spot = sorted(
            _number(n)
            for n in Decision.objects.filter(on_the_spot=True).values_list("number", flat=True)
        )
        assert NumberSequence.objects.get(key=f"decision:on_the_spot:{YEAR}").last == spot[-1]

    def test_the_bulk_cases_are_in_the_text_index(self) -> None:
        """Every page has data at scale: the case list finds a bulk case by part of its number
        or place through the index (core.textsearch), as it finds a case made by the actions."""
        from zhifa.core import textsearch

        case = Case.objects.order_by("id")[1234]
        assert case.search_text == textsearch.tokens(case.number, case.place)
        found = Case.objects.filter(textsearch.condition(Case, case.number[-8:]))
        assert case in found
        place = Case.objects.filter(textsearch.condition(Case, case.place))
        assert case in place

    def test_every_penalty_decision_is_published_as_the_daily_job_would_have_left_it(
        self,
    ) -> None:
        """双公示 (国办发〔2018〕118号; 行政处罚法 Art 48): the bulk year's publications are the
        disclosure job's own rows — the job run today finds nothing to register, publish or
        expire, and each row's public fields are what ``disclosure.build`` makes of its
        decision (masking included)."""
        from zhifa.disclosure import jobs
        from zhifa.disclosure.build import public_fields
        from zhifa.disclosure.models import Publication, PublicationEvent

        penalties = Decision.objects.filter(outcome="penalty").count()
        assert Publication.objects.count() == penalties > 1000
        statuses = Counter(Publication.objects.values_list("status", flat=True))
        assert {"published", "expired", "skipped"} <= set(statuses), statuses
        assert jobs.run(TODAY) == {"withdrawn": 0, "published": 0, "expired": 0}
        for publication in Publication.objects.select_related("decision").order_by("id")[::97]:
            fields = public_fields(publication.decision)
            fields["street"] = fields["street"].pk if fields["street"] else None
            shown = {k: getattr(publication, k) for k in fields if k != "street"}
            shown["street"] = publication.street_id
            assert shown == fields, publication.number
        events = Counter(PublicationEvent.objects.values_list("kind", flat=True))
        assert events["published"] == statuses["published"] + statuses["expired"]
        assert events["expired"] == statuses["expired"]
        assert events["skipped"] == statuses["skipped"]

    def test_the_portal_finds_a_bulk_decision_by_part_of_the_name(self) -> None:
        """The public search (名称中的连续文字) has data at scale: an organisation's published
        decision is found by two characters from inside its name, through the index."""
        from zhifa.core import textsearch
        from zhifa.disclosure.models import Publication

        shown = Publication.objects.filter(status="published", party_kind="organisation")
        publication = shown.order_by("id")[len(shown) // 2]
        assert publication.search_text == textsearch.tokens(publication.party_name)
        part = publication.party_name[3:5]
        found = shown.filter(textsearch.condition(Publication, part))
        assert publication in found

    def test_the_application_carries_on_after_the_bulk_rows(self) -> None:
        """Numbers and ids continue past the bulk: a new on-the-spot decision gets the next ones."""
        item = ViolationItem.objects.get(code="YQ-001")
        party = Party.objects.filter(kind="person").first()
        assert party is not None
        last = NumberSequence.objects.get(key=f"case:simple:{YEAR}").last
        day = Case.objects.filter(procedure="simple").latest("found_on").found_on
        brigade = Officer.objects.filter(unit__code="BRG-01", user__isnull=False)
        handler, co = [o for o in brigade if may_act_as_handler(o, day).ok][:2]
        decision = actions.decide_on_the_spot(
            actor=handler.user, co_handler=co, violation_item=item, party=party, facts="犬只粪便",
            place=Place("人民路"), street=None, penalty_kinds=["fine"], fine=Decimal("50"), on=day,
        )  # fmt: skip
        assert _number(decision.case.number) == last + 1
        assert verify_case(decision.case) is None
        bulk_decision = Decision.objects.filter(on_the_spot=True).exclude(pk=decision.pk).first()
        assert bulk_decision is not None
        assert _shape(bulk_decision.number) == _shape(decision.number)  # the same 文号 format


@pytest.mark.django_db
def test_the_command_writes_a_bulk_year_once(demo_district) -> None:
    out = io.StringIO()
    call_command("demo", "--cases", "300", "--year", str(YEAR), stdout=out)
    load = DemoLoad.objects.get(part=f"cases-{YEAR}")
    assert (load.summary["path"], load.summary["cases"]) == ("bulk", 300)
    assert Case.objects.count() == 300
    call_command("demo", "--cases", "300", "--year", str(YEAR), stdout=io.StringIO())
    assert Case.objects.count() == 300


@pytest.mark.django_db
def test_a_large_load_drops_and_recreates_indexes_and_digests_in_a_worker(
    demo_district, monkeypatch
) -> None:
    """Above ``POOL_FROM`` the chains are digested in a worker process and the secondary
    indexes (and PostgreSQL foreign keys) are rebuilt afterwards — the same ones."""
    monkeypatch.setattr(bulk, "POOL_FROM", 500)
    before = _schema()
    summary = bulk.build_bulk(
        random.Random("large"), YEAR, TODAY, 900, chunk=300, progress=lambda _: None
    )
    assert summary["cases"] == 900
    assert _schema() == before
    assert CaseEvent.objects.count() == summary["events"]
    assert [b for b in (verify_case(c) for c in Case.objects.order_by("?")[:200]) if b] == []


def _schema() -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename LIKE 'cases_%%' "
                "OR tablename LIKE 'performance_%%' UNION ALL SELECT pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f'"
            )
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        return sorted(r[0] for r in cursor.fetchall())


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_year(demo_district) -> None:
    cast = Cast(random.Random(0))  # logins first: PostgreSQL does not roll back id sequences
    for officers in cast.by_unit.values():
        for officer in officers:
            cast.login(officer)

    def run() -> list[tuple[str, str, int]]:
        with transaction.atomic():
            bulk.build_bulk(random.Random("same"), YEAR, TODAY, 300, progress=lambda _: None)
            heads = list(Case.objects.values_list("number", "chain_head_sm3", "event_count"))
            transaction.set_rollback(True)
        return sorted(heads)

    assert run() == run()
