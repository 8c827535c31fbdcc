"""Stories after the decision — payment, deferral and instalments (Art 66), late payment with the
surcharge (Art 72), 行政复议 (Art 73), 催告 and the court (行政强制法 Arts 53–54), closing and
archiving — and the on-the-spot story (简易程序), which starts at the decision.

Every step goes through the real actions; the dates are the ones a bureau would write.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.conf import settings

from zhifa.cases import actions
from zhifa.cases.models import Case
from zhifa.demo.generators import service
from zhifa.demo.generators.case_plans import SimplePlan
from zhifa.demo.generators.photo import photo_upload
from zhifa.demo.generators.timeline import Story, Year
from zhifa.documents.choices import DocumentKind as K
from zhifa.org.models import User
from zhifa.performance import actions as perf
from zhifa.performance import selectors
from zhifa.performance.models import Channel, Payment, Reminder

AfterStory = Any  # a generator of moments whose return value is the day the obligation ended


def _serious(y: Year, p: SimplePlan) -> str:
    """The finding the serious tier of a tiered fine needs (分档) — on the spot too."""
    return y.fines.serious(p.mix.code, p.party.kind, p.fine.amount)


def simple_story(y: Year, p: SimplePlan) -> Story:
    """当场处罚 (Arts 51–52), its 备案 (Art 52 ¶3) and what the party does next."""
    yield y.at(p.day, field_work=True)
    lead = y.cast.login(p.lead)
    decision = actions.decide_on_the_spot(
        actor=lead,
        co_handler=p.assist,
        violation_item=y.fines.items[p.mix.code],
        party=p.party,
        facts=p.mix.facts.format(place=p.place.text),
        place=p.place,
        street=p.street,
        act_on=p.day,
        penalty_kinds=p.fine.kinds,
        fine=p.fine.amount,
        serious_facts=_serious(y, p),
        collect_on_spot=p.collect,
        evidence=(photo_upload(y.rng, "现场照片"),) if p.photo else (),
        on=p.day,
    )
    y.counts["simple"] += 1
    case = decision.case
    if p.filing != "never":
        y.spawn(_file_with_bureau(y, case, lead, p.day, late=p.filing == "late"))
    if p.collect:
        y.spawn(_hand_over_cash(y, case, lead, p.day))
    yield from after_decision(y, case, lead, p.post)


def _file_with_bureau(y: Year, case: Case, lead: User, day: date, *, late: bool) -> Story:
    when = y.wd(day, 6, 12) if late else y.wd(day, 0, 4)
    yield y.at(when)
    actions.file_simple_decision(case, actor=lead, on=when)


def _hand_over_cash(y: Year, case: Case, lead: User, day: date) -> Story:
    when = y.wd(day, 1, 2)  # Art 71: within 2 working days
    yield y.at(when)
    payment = Payment.objects.get(case=case, channel=Channel.ON_SPOT)
    perf.record_cash_handover(payment, actor=lead, on=when)


def after_decision(y: Year, case: Case, lead: User, post: str) -> Story:
    """From a served decision to the archive, along ``post``; stops where the scenario leaves
    the case open (unpaid, waiting after 催告, at court)."""
    case.refresh_from_db()
    ended: date | None = case.served_on or case.decided_on
    paths = {
        "on_time": _on_time,
        "late": _late,
        "deferral": _deferral,
        "instalments": _instalments,
        "remedy": _remedy,
        "reminder": _enforce,
        "court": _enforce,
    }
    if post in ("unpaid", "reminder") and _window_lapses(y, case):
        post = "court"  # 行政强制法 Art 53: a bureau asks the court before its window closes
    if post in ("unpaid", "unserved"):
        return
    if post in paths:
        ended = yield from paths[post](y, case, lead, post)
    if ended is None:
        return
    closing = y.wd(ended, 3, 8)  # after the 备案 (≤ 4 working days) as a rule
    yield y.at(closing)
    service.serve_rest(y.rng, case, actor=lead, on=closing)  # 民事诉讼法 Art 87: in the file
    actions.close_case(case, actor=y.cast.leader(), on=closing)
    y.counts["closed"] += 1
    if y.rng.random() < 0.75:
        archived = y.wd(closing, 15, 30)
        yield y.at(archived)
        actions.archive_case(case, actor=y.cast.leader(), on=archived)


def _window_lapses(y: Year, case: Case) -> bool:
    """Would the Art 53 court window (from the end of the party's periods) close before the
    demo's today, with a month's margin for the 催告 and its 10 working days?"""
    window = selectors.court_window_end(case)
    return window is not None and window - timedelta(days=45) <= y.horizon


def pay_all(y: Year, case: Case, lead: User, day: date) -> None:
    """The party pays everything owed that day: the fine, and the surcharge when late."""
    case.refresh_from_db()
    owed = selectors.balance(case, day).total_owed
    perf.record_payment(
        case,
        actor=lead,
        amount=owed,
        paid_on=day,
        channel=y.rng.choice([Channel.BANK, Channel.ONLINE, Channel.ONLINE]),
        reference=f"FS{day:%Y%m%d}{case.pk:05d}",
    )


def _on_time(y: Year, case: Case, lead: User, post: str) -> AfterStory:
    assert case.served_on is not None
    assert case.payment_due is not None
    day = y.days(case.served_on, 1, max(1, (case.payment_due - case.served_on).days))
    yield y.at(day)
    pay_all(y, case, lead, day)
    return day


def _late(y: Year, case: Case, lead: User, post: str) -> AfterStory:
    assert case.payment_due
    day = y.days(case.payment_due, 3, 40)
    yield y.at(day)
    pay_all(y, case, lead, day)
    y.counts["paid_late"] += 1
    return day


def _deferral(y: Year, case: Case, lead: User, post: str) -> AfterStory:
    assert case.served_on is not None
    assert case.payment_due is not None
    assert case.fine is not None
    asked = y.wd(case.served_on, 1, 5)
    new_due = case.payment_due + timedelta(days=y.rng.choice([30, 45, 60]))
    yield y.at(asked)
    plan = perf.request_payment_plan(
        case,
        actor=lead,
        kind="deferral",
        reason="受经营状况影响，确有经济困难，申请延期缴纳罚款",
        instalments=[(new_due, case.fine)],
        on=asked,
    )
    approved = y.wd(asked, 1, 3)
    yield y.at(approved)
    perf.decide_payment_plan(
        plan, actor=y.cast.leader(), approve=True, note="同意延期", on=approved
    )
    paid = max(approved, new_due - timedelta(days=y.rng.randint(0, 5)))
    yield y.at(paid)
    pay_all(y, case, lead, paid)
    return paid


def _instalments(y: Year, case: Case, lead: User, post: str) -> AfterStory:
    assert case.served_on is not None
    assert case.fine is not None
    part = (case.fine / 3).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    dues = [case.served_on + timedelta(days=30 * k) for k in (1, 2, 3)]
    rows = [(dues[0], part), (dues[1], part), (dues[2], case.fine - 2 * part)]
    asked = y.wd(case.served_on, 1, 5)
    yield y.at(asked)
    plan = perf.request_payment_plan(
        case, actor=lead, kind="instalments", reason="罚款数额较大，申请分期缴纳", instalments=rows,
        on=asked,
    )  # fmt: skip
    approved = y.wd(asked, 1, 3)
    yield y.at(approved)
    perf.decide_payment_plan(
        plan, actor=y.cast.leader(), approve=True, note="同意分三期", on=approved
    )
    paid = approved
    for due, amount in rows[:2]:
        paid = max(paid, due - timedelta(days=y.rng.randint(0, 3)))
        yield y.at(paid)
        perf.record_payment(case, actor=lead, amount=amount, paid_on=paid, channel=Channel.BANK)
    paid = max(paid, rows[2][0] - timedelta(days=y.rng.randint(0, 3)))
    yield y.at(paid)
    pay_all(y, case, lead, paid)
    return paid


def _remedy(y: Year, case: Case, lead: User, post: str) -> AfterStory:
    """行政复议: the surcharge pauses while it is pending (Art 73 ¶3); upheld or changed."""
    assert case.served_on is not None
    assert case.fine is not None
    applied = y.days(case.served_on, 10, 40)
    yield y.at(applied)
    remedy = actions.record_remedy(
        case, actor=lead, kind="review", applied_on=applied, body=settings.ZHIFA_REVIEW_BODY
    )
    decided = y.days(applied, 35, 60)
    yield y.at(decided)
    changed = y.counts["remedies"] % 2 == 1
    y.counts["remedies"] += 1
    new_fine = (case.fine * Decimal("0.7")).quantize(Decimal("1")) if changed else None
    actions.record_remedy_result(
        remedy,
        actor=y.cast.reviewer(),
        result="changed" if changed else "upheld",
        decided_on=decided,
        result_received_on=decided,  # handed to the party that day (行政诉讼法 Art 45)
        new_fine=new_fine,
        note="复议机关决定变更罚款数额" if changed else "复议机关决定维持",
    )
    paid = y.days(decided, 3, 12)
    yield y.at(paid)
    pay_all(y, case, lead, paid)
    return paid


def _enforce(y: Year, case: Case, lead: User, post: str) -> AfterStory:
    """催告 once the payment deadline and the party's periods to challenge have passed, then
    the court after the 10 working days (行政强制法 Arts 53–54)."""
    assert case.payment_due
    end = selectors.statutory_period_end(case) or case.payment_due
    issued = y.wd(max(end, case.payment_due), 2, 12)
    yield y.at(issued)
    served = y.wd(issued, 0, 2)
    perf.issue_reminder(case, actor=lead, on=issued)
    yield y.at(served)
    service.serve_kind(y.rng, case, K.ENFORCEMENT_REMINDER, actor=lead, on=served)  # Art 38
    y.counts["reminders"] += 1
    if post == "reminder":
        return None
    reminder = Reminder.objects.filter(case=case).latest("id")
    if reminder.wait_until is None:  # the 催告书 was not served: no court (行政强制法 Art 54)
        return None
    applied = y.wd(reminder.wait_until, 1, 6)
    yield y.at(applied)
    application = perf.apply_to_court(case, actor=y.cast.leader(), on=applied)
    y.counts["court"] += 1
    accepted = y.wd(applied, 5, 12)
    yield y.at(accepted)
    number = f"（{accepted.year}）示0101行审{case.pk:04d}号"
    perf.record_court_result(
        application, actor=y.cast.leader(), stage="accepted", on=accepted, court_case_number=number
    )
    if y.counts["court"] % 3 == 0:
        return None  # still before the court
    ruled = y.wd(accepted, 10, 20)
    yield y.at(ruled)
    perf.record_court_result(application, actor=y.cast.leader(), stage="ruled_enforce", on=ruled)
    executed = y.wd(ruled, 10, 25)
    yield y.at(executed)
    case.refresh_from_db()
    owed = selectors.balance(case, executed).total_owed
    perf.record_court_result(
        application, actor=y.cast.leader(), stage="executed", on=executed, amount_recovered=owed
    )
    return executed
