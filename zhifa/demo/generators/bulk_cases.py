"""Bulk cases, row by row: what the actions would have written for an on-the-spot decision and
everything after a decision (payment, surcharge, 催告, court, closing, archiving).

These builders mirror the action path's scenarios in its proportions, compute the same clocks
with the legal calendar, and never call the ORM per case: a city-year is a million of them.
A step whose date lies past the horizon is not taken (the case is open at year end); a period
running into a year the holiday table does not cover stops the case before that step, as the
actions refuse it (``CalendarNotCovered``).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from zhifa.cases.actions.aftercare import SERVICE_MODES
from zhifa.core.errors import DomainError
from zhifa.demo.generators import case_mix as mx
from zhifa.demo.generators.bulk_digest import ChainSpec
from zhifa.demo.generators.bulk_disclosure import Decided
from zhifa.demo.generators.bulk_rows import ZERO, Chain, Clocks, Facts, Out, dumps, surcharge
from zhifa.demo.generators.bulk_world import Hand, World
from zhifa.law import statute

SIMPLE_POSTS = mx.Dice(
    (("on_time", 930), ("late", 40), ("unpaid", 10), ("reminder", 6), ("court", 14))
)
GENERAL_POSTS = mx.Dice(
    (("on_time", 920), ("late", 40), ("unpaid", 10), ("reminder", 6), ("court", 14),
     ("unserved", 10))
)  # fmt: skip
FILING = mx.Dice((("on_time", 96), ("late", 3), ("never", 1)))
CHANNELS = ("bank", "online", "online")


class NoHandlers(DomainError):
    def __init__(self, day: date) -> None:
        super().__init__(
            "no_handlers", f"{day} 没有两名持有效执法证的执法人员，无法生成该日的示范案件"
        )


def s(value: Decimal | date | None) -> str | None:
    """A payload value as ``chain.jsonable`` stores it."""
    return (
        None if value is None else str(value) if isinstance(value, Decimal) else value.isoformat()
    )


class CaseBuilder:
    """The shared half of a case: facts, chain, clocks, and the steps after a decision."""

    procedure = ""

    def __init__(self, w: World, out: Out, done: list[tuple[Facts, ChainSpec]]) -> None:
        self.w, self.out, self.done, self.rng = w, out, done, w.rng
        self.chain = Chain()
        self.clocks = Clocks()
        self.f: Facts
        self.user = 0
        self.decided: Decided | None = None
        self.leader = w.leaders[int(self.rng.random() * len(w.leaders))]

    def handlers(self, lead: Hand, assist: Hand, day: date) -> None:
        first = self.w.ids.take("cases_casehandler", 2)
        rows = self.out["cases_casehandler"]
        rows.append((first, self.f.id, lead[0], "lead", day, None, ""))
        rows.append((first + 1, self.f.id, assist[0], "assist", day, None, ""))

    def move(self, day: date, kind: str, actor: int, to: str | None, **payload: Any) -> None:
        if to:
            payload = {"from": self.f.status, "to": to, **payload}
            self.f.status = to
        self.chain.add(day, kind, actor, payload)

    def finish(self) -> None:
        """The case is built; its chain is digested with the rest of the chunk (``bulk``)."""
        first = self.w.ids.take("cases_caseevent", len(self.chain.steps))
        spec = self.chain.spec(self.f.number, self.f.id, first, self.rng, self.w.clock)
        self.done.append((self.f, spec))
        self.clocks.write(self.f.id, self.f.street_id, self.w.ids, self.out)
        if self.decided is not None:
            self.w.publications.add(self.f, self.decided, self.w.ids, self.out)

    # --- after the decision ---------------------------------------------------------------

    def pay(self, day: date, channel: str, extra: Decimal = ZERO) -> None:
        f = self.f
        assert f.fine is not None
        payment = self.w.ids.take("performance_payment")
        reference = f"FS{day:%Y%m%d}{f.id:07d}"
        self.out["performance_payment"].append(
            (payment, f.id, day, f.fine + extra, f.fine, extra, channel, reference, self.user, None)
        )
        f.paid, f.surcharge = f.fine, extra
        self.clocks.meet("payment", day)
        self.clocks.cancel("reminder_wait", "court_application")
        self.move(
            day, "record_payment", self.user, "performed", amount=s(f.fine + extra),
            principal=s(f.fine), surcharge=s(extra), paid_on=s(day), channel=channel,
            reference=reference, owed_after="0.00",
        )  # fmt: skip

    def perform(self, post: str) -> date | None:
        """Payment on time, late with the surcharge, or not at all (then 催告 and court).
        Returns the day the obligation ended, or None while it is still open."""
        f, w = self.f, self.w
        assert f.served_on is not None
        assert f.payment_due is not None
        assert f.fine is not None
        if post == "on_time":
            day = f.served_on + timedelta(days=self.w.rint(1, (f.payment_due - f.served_on).days))
        elif post == "late":
            day = f.payment_due + timedelta(days=self.w.rint(3, 40))
        elif post in ("reminder", "court"):
            return self.enforce(post)
        else:
            return None
        if day > w.horizon:
            return None
        self.pay(day, CHANNELS[int(self.rng.random() * 3)], surcharge(f.fine, f.payment_due, day))
        return day

    def enforce(self, post: str) -> date | None:
        """催告 after the periods to challenge lapsed, the court after 10 working days
        (行政强制法 Arts 53–54; see ``performance.selectors``)."""
        f, w = self.f, self.w
        assert f.served_on is not None
        assert f.payment_due is not None
        assert f.fine is not None
        if self.procedure == "simple":
            end = w.cal.add_days(f.served_on, statute.REVIEW_WINDOW_DAYS)
        else:
            end = w.cal.add_months(f.served_on, statute.LITIGATION_WINDOW_MONTHS)
        issued = w.wd(max(end, f.payment_due), 2, 12)
        served = w.wd(issued, 0, 2)
        wait = w.cal.add_working_days(served, statute.CUIGAO_WAIT_WD)
        window = w.cal.add_months(end, statute.COURT_APPLICATION_WINDOW_MONTHS)
        if issued > w.horizon:
            return None
        owed = surcharge(f.fine, f.payment_due, issued)
        self.out["performance_reminder"].append(
            (w.ids.take("performance_reminder"), f.id, issued, served, f.fine, owed, wait)
        )
        self.clocks.start("reminder_wait", served, wait)
        self.clocks.start("court_application", end, window)
        self.move(
            issued, "issue_reminder", self.user, "reminded", served_on=s(served),
            fine_owed=s(f.fine), surcharge_owed=s(owed), wait_until=s(wait),
            court_window_ends=s(window),
        )  # fmt: skip
        applied = w.wd(wait, 1, 6)
        if post == "reminder" or applied > w.horizon:
            return None
        return self.court(applied, window)

    def court(self, applied: date, window: date) -> date | None:
        f, w = self.f, self.w
        assert f.fine is not None
        assert f.payment_due is not None
        self.clocks.meet("reminder_wait", applied)
        self.clocks.meet("court_application", applied)
        self.move(
            applied, "apply_to_court", self.leader, "court", applied_on=s(applied),
            court=w.court, window_ends_on=s(window),
        )  # fmt: skip
        accepted = w.wd(applied, 5, 12)
        ruled = w.wd(accepted, 10, 20)
        executed = w.wd(ruled, 10, 25)
        number = f"（{accepted.year}）示0101行审{f.id:07d}号"
        stages = [("accepted", accepted), ("ruled_enforce", ruled), ("executed", executed)]
        if self.rng.random() < 0.3:
            stages = stages[:1]
        reached = [(stage, day) for stage, day in stages if day <= w.horizon]
        for stage, day in reached:
            if stage != "executed":
                self.move(
                    day, "record_court_result", self.leader, None, stage=stage, on=s(day),
                    court_case_number=number, amount_recovered=None, note="",
                )  # fmt: skip
        done = dict(reached)
        self.out["performance_courtapplication"].append(
            (
                w.ids.take("performance_courtapplication"), f.id, applied, w.court, window,
                reached[-1][0] if reached else "applied", number if reached else "",
                done.get("accepted"), done.get("ruled_enforce"), done.get("executed"), "",
            )
        )  # fmt: skip
        if "executed" not in done:
            return None
        extra = surcharge(f.fine, f.payment_due, executed)
        self.out["performance_payment"].append(
            (
                w.ids.take("performance_payment"), f.id, executed, f.fine + extra, f.fine, extra,
                "court", number, self.leader, None,
            )
        )  # fmt: skip
        f.paid, f.surcharge = f.fine, extra
        self.move(
            executed, "record_court_result", self.leader, "performed", stage="executed",
            on=s(executed), court_case_number=number, amount_recovered=s(f.fine + extra), note="",
        )  # fmt: skip
        return executed

    def close(self, ended: date, reason: str = "处罚决定已履行", archive: float = 0.75) -> None:
        w, f = self.w, self.f
        day = w.wd(ended, 3, 8)
        if day > w.horizon:
            return
        self.clocks.cancel()
        f.closed_on, f.closing_reason = day, reason
        self.move(
            day, "close", self.leader, "closed",
            closed_on=s(day), reason=reason, opinion="同意结案。",
        )  # fmt: skip
        self.archive(day, archive)

    def archive(self, after: date, share: float) -> None:
        day = self.w.wd(after, 15, 30)
        if self.rng.random() < share and day <= self.w.horizon:
            self.f.archived_on = day
            events = len(self.chain.steps) + 1
            self.move(
                day, "archive", self.leader, "archived",
                archived_on=s(day), events=events, opinion="同意归档。",
            )  # fmt: skip

    def decision_row(self, number: str, day: date, outcome: str, **extra: Any) -> None:
        f = self.f
        by = extra.pop("by", self.leader)
        fields = {
            "no_penalty_reason": "", "transfer_to": "", "penalty_kinds": [], "fine": None,
            "on_the_spot": False, "collected_on_spot": False, "education_given": False,
            "remedy_notice": self.w.remedy_general, "filed_with_bureau_on": None,
            "serious_facts": "", "discretion_level": "",
        } | extra  # fmt: skip
        decision = self.w.ids.take("cases_decision")
        if outcome == "penalty":  # published (双公示) when the case is finished
            kinds, fine = fields["penalty_kinds"], fields["fine"]
            self.decided = (decision, number, day, kinds, fine, fields["discretion_level"])
        self.out["cases_decision"].append(
            (
                decision, f.id, number, day, by, outcome,
                fields["no_penalty_reason"], fields["transfer_to"], dumps(fields["penalty_kinds"]),
                fields["fine"], fields["on_the_spot"], fields["collected_on_spot"],
                fields["education_given"], fields["remedy_notice"], None,
                fields["filed_with_bureau_on"], fields["serious_facts"],
                fields["discretion_level"],
            )
        )  # fmt: skip

    def service_mode(self) -> tuple[str, str]:
        # Electronic service is completed by the delivery app, never entered by staff.
        mode = self.rng.choice(("in_person",) * 6 + ("postal", "lodging"))
        return mode, SERVICE_MODES[mode]
