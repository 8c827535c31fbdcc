"""``zhifa demo`` on the real default: the previous calendar year of cases, through the actions.

The year is generated once for the class (``setUpTestData``, rolled back afterwards) — about
500 cases take half a minute — and each test reads one property of it. The clock stands on the
demo tests' ``TODAY`` for the whole class, so the year is the same whatever the real date."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date

from django.core.management import call_command
from django.db.models import Count, F, Q
from django.test import TestCase
from django.utils import timezone

from zhifa.cases.audit import verify_case
from zhifa.cases.models import (
    Case,
    CaseDeadline,
    CaseEvent,
    CaseHandler,
    CollectiveDiscussion,
    EvidenceFile,
    LegalReview,
)
from zhifa.core.models import NumberSequence
from zhifa.demo.models import DemoLoad
from zhifa.demo.tests.conftest import TODAY, YEAR, demo_clock
from zhifa.law.models import ViolationItem
from zhifa.org.certificates import may_act_as_handler
from zhifa.performance.models import CourtApplication, Payment, PaymentPlan, Reminder


@demo_clock()
class TestTheDefaultDemoYear(TestCase):
    year: int

    @classmethod
    def setUpTestData(cls) -> None:
        assert timezone.localdate() == TODAY
        cls.year = YEAR  # the default: the previous calendar year
        cls.output = io.StringIO()
        call_command("demo", stdout=cls.output)

    def test_it_loads_the_previous_calendar_year_as_its_own_part(self) -> None:
        load = DemoLoad.objects.get(part=f"cases-{self.year}")
        assert load.summary["year"] == self.year
        assert f"cases-{self.year}" in self.output.getvalue()
        assert not Case.objects.exclude(found_on__year=self.year).exists()

    def test_simple_procedure_cases_far_outnumber_general_ones(self) -> None:
        counts = dict(Case.objects.values_list("procedure").annotate(n=Count("id")))
        total = counts["simple"] + counts["general"]
        assert 400 <= total <= 600
        assert 0.85 <= counts["simple"] / total <= 0.91

    def test_every_category_of_the_seed_catalog_is_present(self) -> None:
        catalog = set(ViolationItem.objects.values_list("category", flat=True))
        present = set(Case.objects.values_list("category", flat=True))
        assert catalog <= present

    def test_every_outcome_is_present(self) -> None:
        outcomes = set(Case.objects.values_list("outcome", flat=True))
        assert {"penalty", "no_penalty", "transfer"} <= outcomes
        statuses = set(Case.objects.values_list("status", flat=True))
        assert {"not_filed", "withdrawn", "closed", "archived"} <= statuses
        kinds = set(CaseEvent.objects.values_list("kind", flat=True))
        assert {"reject_filing", "withdraw", "close", "archive"} <= kinds
        open_ones = statuses & {"investigating", "notified", "legal_review", "served", "reminded"}
        assert open_ones, "some cases are still open at year end"
        reasons = set(
            Case.objects.exclude(outcome="").values_list("decisions__no_penalty_reason", flat=True)
        )
        assert "first_minor" in reasons  # 首违不罚

    def test_general_cases_go_through_review_hearing_and_discussion(self) -> None:
        general = Case.objects.filter(procedure="general", decided_on__isnull=False)
        decided = general.exclude(outcome="transfer")
        assert not decided.filter(legal_review_done=False).exists()  # always reviewed here
        assert Case.objects.filter(hearing_held=True).exists()
        assert Case.objects.filter(collective_discussion_done=True).exists()
        assert CaseEvent.objects.filter(kind="return_for_investigation").exists()
        # Art 58: every decided review has its seven items; a returned one names a problem
        for review in LegalReview.objects.filter(decided_on__isnull=False):
            assert len(review.checklist) == 7
            problems = [r for r in review.checklist if r["result"] == "problem"]
            assert bool(problems) == (review.outcome == "returned")
        # Art 57 ¶2: the attendees are officers, their names kept as printed
        for row in CollectiveDiscussion.objects.prefetch_related("attendee_officers"):
            assert sorted(o.name for o in row.attendee_officers.all()) == sorted(row.attendees)

    def test_performance_includes_plans_late_payments_reminders_and_court(self) -> None:
        kinds = set(PaymentPlan.objects.values_list("kind", flat=True))
        assert kinds == {"deferral", "instalments"}
        assert Payment.objects.filter(surcharge__gt=0).exists()  # paid late with 加处罚款
        assert Reminder.objects.exists()
        assert CourtApplication.objects.exists()

    def test_some_deadlines_are_past_due_and_still_open(self) -> None:
        overdue = CaseDeadline.objects.filter(
            met_on__isnull=True, cancelled=False, due_on__lt=TODAY
        )
        kinds = set(overdue.values_list("kind", flat=True))
        assert {"payment", "decision"} <= kinds

    def test_handlers_are_two_officers_eligible_on_the_day(self) -> None:
        per_case = Counter(CaseHandler.objects.values_list("case_id", flat=True))
        assigned = Case.objects.filter(Q(procedure="simple") | Q(events__kind="request_filing"))
        assert {per_case[pk] for pk in assigned.values_list("pk", flat=True)} == {2}
        for row in CaseHandler.objects.select_related("officer").order_by("?")[:80]:
            assert may_act_as_handler(row.officer, row.assigned_on).ok

    def test_street_cases_stay_in_their_street(self) -> None:
        street_handled = Case.objects.filter(handling_unit__kind="street")
        assert street_handled.exists()
        assert not [c for c in street_handled if c.handling_unit_id != c.street_id]

    def test_events_happen_within_the_year_in_order(self) -> None:
        last = date(self.year, 12, 31)
        for case in Case.objects.order_by("?")[:60]:
            moments = [e.occurred_at for e in case.events.order_by("seq")]
            assert moments == sorted(moments)
            days = {timezone.localtime(m).date() for m in moments}
            assert min(days) >= date(self.year, 1, 1)
            assert max(days) <= last

    def test_a_share_of_cases_carries_a_photo(self) -> None:
        photos = EvidenceFile.objects.all()
        assert photos.count() >= 100
        photo = photos.first()
        assert photo is not None
        assert photo.content_type == "image/png"
        assert 1_000 < photo.size < 10_000
        with photo.file.open("rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"

    def test_case_numbers_are_gapless_and_the_sequences_know_them(self) -> None:
        for procedure, word in (("simple", "简"), ("general", "案")):
            numbers = sorted(
                int(re.search(r"〕(\d+)号", n).group(1))
                for n in Case.objects.filter(procedure=procedure).values_list("number", flat=True)
            )
            assert numbers == list(range(1, len(numbers) + 1)), word
            key = f"case:{procedure}:{self.year}"
            assert NumberSequence.objects.get(key=key).last == len(numbers)

    def test_every_record_chain_and_evidence_file_verifies(self) -> None:
        broken = [b for b in (verify_case(c) for c in Case.objects.all()) if b]
        assert broken == []

    def test_zhifa_audit_verify_passes(self) -> None:
        out = io.StringIO()
        call_command("audit", "verify", stdout=out)
        assert "校验通过" in out.getvalue()

    def test_the_disclosure_job_ran_every_evening_of_the_year(self) -> None:
        from zhifa.cases.models import Decision
        from zhifa.disclosure.models import Publication, PublicationEvent

        # one publication per penalty decision (a changed decision and its replacement: two)
        assert Publication.objects.count() == Decision.objects.filter(outcome="penalty").count()
        statuses = set(Publication.objects.values_list("status", flat=True))
        assert {"published", "expired"} <= statuses  # 12 months: only the year's end is still shown
        assert PublicationEvent.objects.filter(kind="withdrawn").exists()  # the revoked decision
        published = Publication.objects.exclude(published_on=None)
        assert not published.filter(published_late=True).exists()
        assert not published.filter(published_on__gt=F("due_on")).exists()
        assert not Publication.objects.filter(status="published", display_until__lt=TODAY).exists()

    def test_a_rerun_creates_nothing(self) -> None:
        before = Case.objects.count(), CaseEvent.objects.count(), Payment.objects.count()
        out = io.StringIO()
        call_command("demo", stdout=out)
        assert (Case.objects.count(), CaseEvent.objects.count(), Payment.objects.count()) == before
        assert f"cases-{self.year}: 已存在" in out.getvalue()

    def test_every_closed_general_case_holds_its_documents_and_its_file_exports_them(
        self,
    ) -> None:
        """Issue 8 §2: the steps made their documents — no closed general case lacks one a step
        had to make — and the electronic case file holds every document as PDF."""
        import zipfile

        from zhifa.cases.casefile import export_casefile
        from zhifa.documents.checks import missing_documents
        from zhifa.documents.models import Document

        closed = Case.objects.filter(
            procedure="general", status__in=("closed", "archived"), outcome="penalty"
        ).order_by("id")
        assert closed.count() >= 10
        lacking = {c.number: missing_documents(c.pk) for c in closed}
        assert not {n: m for n, m in lacking.items() if m}
        case = closed.filter(status="archived").first() or closed.first()
        assert case is not None
        kinds = set(Document.objects.filter(case=case).values_list("kind", flat=True))
        assert {"filing_approval", "investigation_report", "prior_notice"} <= kinds
        assert {"penalty_decision", "service_receipt", "closing_approval"} <= kinds
        with zipfile.ZipFile(io.BytesIO(export_casefile(case))) as archive:
            pdfs = [n for n in archive.namelist() if "/documents/" in n and n.endswith(".pdf")]
            assert len(pdfs) == Document.objects.filter(case=case).count()
            assert all(archive.read(n).startswith(b"%PDF") for n in pdfs)
