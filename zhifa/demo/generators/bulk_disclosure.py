"""The bulk year's publications (双公示), as the disclosure job would have left them.

``zhifa.disclosure.jobs.run`` runs every evening; through the action path the demo runs it
day by day (``generators.disclosure``). A million decisions that way would take hours, so here
each penalty decision of a bulk case gets its ``Publication`` row — the public fields from
``disclosure.build`` (the same masking and wording), the severity, due and display dates from
``disclosure.severity`` and the calendar — and the ``PublicationEvent`` rows of what the job
would have done on the evenings up to today: registered on the evening of the decision, skipped
at once when the severity is not published, published on the evening it was served or on its
due day (never late: the job runs daily), pending while neither has come, expired on the day
after its display period. The portal, the credit pages and the public search then have data at
city scale (issue 11)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings

from zhifa.calendar.periods import Side, add_working_days
from zhifa.core import textsearch
from zhifa.disclosure import build, severity
from zhifa.disclosure.choices import EventKind, PublicationStatus, Severity
from zhifa.disclosure.config import disclosure_rules
from zhifa.law.models import ViolationItem
from zhifa.parties.models import Party

if TYPE_CHECKING:
    from zhifa.demo.generators.bulk_rows import Facts, Ids, Out

S = PublicationStatus
# decision id, number, day, penalty kinds, fine, discretion level (as CaseBuilder.decision_row)
Decided = tuple[int, str, date, list[str], Decimal | None, str]
EVENING = time(20, 0)  # when the scheduler runs the job (generators.disclosure)
SKIPPED_MINOR = "轻微违法行为，原则上不予公示 (信用修复管理办法)"


class Publications:
    """Prepared once per bulk load: the rules, every party's public name, every item's text,
    every street's name; then ``add`` is a few dictionary lookups and two tuples a decision."""

    def __init__(self, today: date, street_names: dict[int, str], *, postgres: bool) -> None:
        self.today, self.postgres = today, postgres
        self.rules = disclosure_rules()
        self.agency = settings.ZHIFA_BUREAU_NAME
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.parties = {p.pk: build.public_party(p) for p in Party.objects.order_by("id")}
        self.items = {i.pk: i for i in ViolationItem.objects.all()}
        self.streets = {pk: build.place_name(name) for pk, name in street_names.items()}
        self._due: dict[date, date] = {}
        self._dates: dict[tuple[date, str], tuple[date, date]] = {}
        self._evening: dict[date, datetime] = {}
        self._brief: dict[tuple[int, date, int], str] = {}

    def due(self, decided: date) -> date:
        """Published at the latest this many working days after the decision (118号)."""
        day = self._due.get(decided)
        if day is None:
            days = self.rules.publish_working_days
            day = add_working_days(decided, days, side=Side.BUREAU).date
            self._due[decided] = day
        return day

    def dates(self, decided: date, level: str) -> tuple[date, date]:
        """(display_until, repair_from) for a decision of ``decided`` and ``level``."""
        key = (decided, level)
        found = self._dates.get(key)
        if found is None:
            found = (
                severity.display_until(decided, level, self.rules),
                severity.repair_from(decided, level, self.rules),
            )
            self._dates[key] = found
        return found

    def evening(self, day: date) -> datetime:
        at = self._evening.get(day)
        if at is None:
            at = datetime.combine(day, EVENING, self.tz).astimezone(UTC)
            self._evening[day] = at
        return at

    def severity(self, f: Facts, discretion: str) -> str:
        if f.procedure == "simple":
            return self.rules.simple_severity
        return self.rules.severity_by_level.get(discretion, Severity.GENERAL)

    def add(
        self,
        f: Facts,
        decision: Decided,
        ids: Ids,
        out: Out,
    ) -> None:
        """The publication of ``f``'s penalty decision and its events up to today."""
        postgres = self.postgres
        decision_id, number, decided, kinds, fine, discretion = decision
        level = self.severity(f, discretion)
        due = self.due(decided)
        until, repair = self.dates(decided, level)
        item = self.items.get(f.item_id)
        street = self.streets.get(f.street_id, "")
        when = f.act_on or f.found_on
        brief = self._brief.get((f.item_id, when, f.street_id))
        if brief is None:
            brief = build.brief(item, when, street)
            self._brief[(f.item_id, when, f.street_id)] = brief
        kind, name, code = self.parties.get(f.party_id, ("", "", ""))

        events: list[tuple[str, date, date | None, str]] = []  # kind, on, due, note
        status, published_on, ended_on, skip = S.PENDING, None, None, ""
        if not self.rules.publishes(level):
            status, ended_on, skip = S.SKIPPED, decided, SKIPPED_MINOR
            events.append((EventKind.SKIPPED, decided, None, SKIPPED_MINOR))
        else:
            ready = due
            if not self.rules.wait_for_service:
                ready = decided
            elif f.served_on is not None:
                ready = max(min(due, f.served_on), decided)
            if ready <= self.today:
                status, published_on = S.PUBLISHED, ready
                events.append((EventKind.PUBLISHED, ready, due, ""))
                end = until + timedelta(days=1)
                if end <= self.today:
                    status, ended_on = S.EXPIRED, end
                    events.append((EventKind.EXPIRED, end, end, f"公示期至{until}届满"))

        created = self.evening(decided)
        publication = ids.take("disclosure_publication")
        out["disclosure_publication"].append(
            (
                publication, decision_id, f.id, f.party_id, number,
                item.code if item else "", build.scrub(item.name if item else ""), brief,
                build.scrub(item.violated_provision if item else ""),
                build.scrub(item.penalty_provision if item else ""),
                build.penalty_kinds_text(kinds), build.penalty_content(kinds, fine), fine,
                decided, self.agency, f.category or (item.category if item else "other"),
                f.street_id, street, f.procedure, kind or f.party_kind, name, code, status,
                published_on, None, "", "", until, level, due, False, None, False, repair,
                ended_on, skip, textsearch.tokens(name),
                created if postgres else str(created.replace(tzinfo=None)),
            )
        )  # fmt: skip
        rows = out["disclosure_publicationevent"]
        for event, on, event_due, note in events:
            at = self.evening(on)
            rows.append(
                (
                    ids.take("disclosure_publicationevent"), publication, event, on,
                    at if postgres else str(at.replace(tzinfo=None)), None, event_due, False,
                    note,
                )
            )  # fmt: skip
