"""The general procedure (普通程序) as a story: clue → filing → investigation → report → prior
notice → statement / hearing → legal review (returned at times) → collective discussion →
decision → service → performance → closing → archive, or one of the ways a case ends earlier
(not filed, withdrawn, transferred, no penalty) or stays open (stalled, unserved…).
"""

from __future__ import annotations

from datetime import date, timedelta

from zhifa.cases import actions
from zhifa.cases.models import Case, PriorNotice
from zhifa.demo.generators import reviews, service
from zhifa.demo.generators.case_plans import GeneralPlan
from zhifa.demo.generators.photo import photo_upload
from zhifa.demo.generators.stories_after import after_decision
from zhifa.demo.generators.timeline import Story, Year
from zhifa.disclosure.history import repeat_violations
from zhifa.documents.choices import DocumentKind as K
from zhifa.org.models import User

TRANSFER_TO = ["示范区公安分局", "示范区应急管理局", "示范区生态环境局"]
NO_PENALTY_REASONS = ["first_minor", "first_minor", "first_minor", "minor", "facts_not_established"]


def general_story(y: Year, p: GeneralPlan) -> Story:
    lead = y.cast.login(p.lead)
    yield y.at(p.found, field_work=True)
    case = actions.register_clue(
        source=p.source,
        found_on=p.found,
        facts=p.mix.facts.format(place=p.place.text),
        place=p.place,
        street=p.street,
        actor=lead,
        evidence=(photo_upload(y.rng, "线索照片"),) if p.photo else (),
    )
    y.counts["general"] += 1
    if p.pre == "not_filed":
        yield from _not_filed(y, p, case, lead)
        return
    day = y.wd(p.found, 0, 2)
    yield y.at(day)
    actions.request_filing(
        case,
        actor=lead,
        handlers=[p.lead, p.assist],
        violation_item=y.fines.items[p.mix.code],
        party=p.party,
        act_on=p.found - timedelta(days=y.rng.randint(0, 10)),
        complex_case=p.pre == "collective",
        on=day,
    )
    day = y.wd(day, 0, 2)
    yield y.at(day)
    actions.approve_filing(case, actor=y.cast.leader(), on=day)
    day = y.wd(day, 1, 4)
    yield y.at(day, field_work=True)
    _inspect(y, p, case, lead)
    if p.pre in ("withdrawn", "stalled"):
        if p.pre == "withdrawn":
            yield from _withdraw(y, case, day)
        return
    day = y.wd(day, 3, 12)
    yield y.at(day)
    outcome = _report(y, p, case, lead, day)
    if outcome == "transfer":
        yield from _transfer(y, case, day)
        return
    if outcome == "no_penalty":
        day = yield from _review(y, case, lead, day)
        day = yield from _decide(y, case, day, education=True)
    else:
        day = yield from _penalty_until_decision(y, p, case, lead, day)
    if p.post == "unserved":
        return
    day = y.wd(day, 0, 4)
    yield y.at(day)
    case.refresh_from_db()
    kind = K.NO_PENALTY_DECISION if case.outcome == "no_penalty" else K.PENALTY_DECISION
    service.serve_kind(y.rng, case, kind, actor=lead, on=day)  # Art 61, through delivery
    yield from after_decision(y, case, lead, p.post or "performed")


def _not_filed(y: Year, p: GeneralPlan, case: Case, lead: User) -> Story:
    day = y.wd(p.found, 1, 4)
    if y.counts["not_filed"] % 2:
        yield y.at(day)
        actions.request_filing(
            case, actor=lead, handlers=[p.lead, p.assist], violation_item=y.fines.items[p.mix.code],
            party=p.party, act_on=p.found, on=day,
        )  # fmt: skip
        day = y.wd(day, 1, 2)
    y.counts["not_filed"] += 1
    yield y.at(day)
    actions.reject_filing(
        case, actor=y.cast.leader(), reason="经核查，违法事实不存在，不予立案", on=day
    )
    if y.counts["not_filed"] % 2:
        return  # not archived yet: the list shows it as 不予立案
    day = y.wd(day, 10, 30)
    yield y.at(day)
    actions.archive_case(case, actor=y.cast.leader(), on=day)


def _inspect(y: Year, p: GeneralPlan, case: Case, lead: User) -> None:
    """现场检查笔录, minuted on the spot and recorded right after (Art 55)."""
    assert y.now is not None
    ended = y.now - timedelta(minutes=y.rng.randint(5, 20))
    actions.record_transcript(
        case,
        actor=lead,
        kind="site_inspection",
        started_at=ended - timedelta(minutes=y.rng.randint(25, 70)),
        ended_at=ended,
        place=p.place.text,
        interviewee=p.party.name,
        content=f"经现场检查：{p.mix.facts.format(place=p.place.text)}。当事人在场，对检查情况无异议。",
    )


def _withdraw(y: Year, case: Case, day: date) -> Story:
    day = y.wd(day, 3, 15)
    yield y.at(day)
    actions.withdraw_case(
        case, actor=y.cast.leader(), reason="经调查，该行为依法应由其他机关管辖，撤销立案", on=day
    )
    y.counts["withdrawn"] += 1
    if y.counts["withdrawn"] % 2 == 0:
        return  # not archived yet: the list shows it as 已撤销立案
    day = y.wd(day, 10, 30)
    yield y.at(day)
    actions.archive_case(case, actor=y.cast.leader(), on=day)


def _report(y: Year, p: GeneralPlan, case: Case, lead: User, day: date) -> str:
    outcome = {"transfer": "transfer", "no_penalty": "no_penalty"}.get(p.pre, "penalty")
    params: dict = {"findings": f"经调查查明：{p.mix.facts.format(place=p.place.text)}"}
    if outcome == "penalty":
        assert p.fine is not None
        params |= {
            "fine": p.fine.amount,
            "penalty_kinds": p.fine.kinds,
            "discretion_level": p.fine.level,
            "base": p.fine.base,
        }
        if p.out_of_band:
            params["out_of_band_reason"] = "当事人主动消除违法行为危害后果，依法从轻处罚 (第32条)"
        # 分档: the serious tier of a tiered fine on the finding that the case is serious
        params["serious_facts"] = y.fines.serious(p.mix.code, p.party.kind, p.fine.amount)
    elif outcome == "no_penalty":
        params["no_penalty_reason"] = y.rng.choice(NO_PENALTY_REASONS)
        if params["no_penalty_reason"] == "first_minor" and repeat_violations(case):
            params["no_penalty_reason"] = "minor"  # no 首违不罚 for a repeat (Art 33 ¶1)
    else:
        params["transfer_to"] = y.rng.choice(TRANSFER_TO)
    actions.submit_report(case, actor=lead, outcome=outcome, on=day, **params)
    return outcome


def _transfer(y: Year, case: Case, day: date) -> Story:
    day = y.wd(day, 1, 4)
    yield y.at(day)
    actions.decide(case, actor=y.cast.leader(), on=day)
    day = y.wd(day, 0, 3)
    yield y.at(day)
    actions.close_case(case, actor=y.cast.leader(), on=day)
    day = y.wd(day, 10, 30)
    yield y.at(day)
    actions.archive_case(case, actor=y.cast.leader(), on=day)


def _review(y: Year, case: Case, lead: User, day: date, *, returned: bool = False) -> Story:
    """法制审核 (Art 58): every general case before the decision under the bureau's rule."""
    day = y.wd(day, 1, 2)
    yield y.at(day)
    actions.submit_legal_review(case, actor=lead, on=day)
    day = y.wd(day, 1, 4)
    yield y.at(day)
    actions.record_legal_review(
        case,
        actor=y.cast.reviewer(),
        outcome="returned" if returned else "passed",
        opinion=reviews.RETURNED if returned else reviews.PASSED,
        checklist=reviews.checklist(returned=returned),
        on=day,
    )
    return day


def _decide(y: Year, case: Case, day: date, *, education: bool = False) -> Story:
    day = y.wd(day, 1, 3)
    yield y.at(day)
    actions.decide(case, actor=y.cast.leader(), education_given=education, on=day)
    return day


def _penalty_until_decision(y: Year, p: GeneralPlan, case: Case, lead: User, day: date) -> Story:
    day = yield from _notice_and_answer(y, p, case, lead, day)
    if p.pre == "returned":
        day = yield from _review(y, case, lead, day, returned=True)
        day = y.wd(day, 3, 8)
        yield y.at(day)
        _report(y, p, case, lead, day)
        day = yield from _notice_and_answer(y, p, case, lead, day, answer="waive")
    day = yield from _review(y, case, lead, day)
    case.refresh_from_db()
    if case.requires_collective_discussion:
        day = y.wd(day, 1, 5)
        yield y.at(day)
        notice = PriorNotice.objects.filter(case=case).latest("id")
        actions.record_collective_discussion(
            case,
            actor=y.cast.leader(),
            held_on=day,
            attendee_ids=[o.pk for o in y.cast.attendees],
            conclusion="经集体讨论，同意法制审核意见，按拟处罚意见作出处罚决定",
            agreed_outcome="penalty",
            agreed_fine=notice.intended_fine,
        )
    return (yield from _decide(y, case, day))


def _notice_and_answer(
    y: Year, p: GeneralPlan, case: Case, lead: User, day: date, answer: str = ""
) -> Story:
    """事先告知 (Art 44), then the party waives, states, keeps silent or asks for a hearing;
    returns the first day legal review may be asked for (Art 62)."""
    answer = answer or p.pre
    day = y.wd(day, 1, 3)
    yield y.at(day)
    notice = actions.notify_intended_penalty(case, actor=lead, on=day)
    # the periods to state and ask for a hearing run from its service (Arts 44, 62)
    service.serve_kind(y.rng, case, K.PRIOR_NOTICE, actor=lead, on=day)
    notice.refresh_from_db()
    assert notice.served_on is not None
    assert notice.statement_due is not None
    if answer == "hearing":
        return (yield from _hearing(y, case, lead, notice))
    if answer == "statement":
        day = y.wd(day, 1, 4)
        yield y.at(day)
        actions.record_statement(
            case, actor=lead, content="当事人辩称已及时整改，请求从轻处罚", received_on=day
        )
        # Art 45: re-examined, adopted where established, the reasons where not
        adopted = y.rng.random() < 0.3
        actions.review_statement(
            case,
            actor=lead,
            adopted=adopted,
            reasons="" if adopted else "经复核，整改发生在责令改正之后，不影响违法事实的认定",
            on=day,
        )
        return y.cal.add_working_days(notice.statement_due, 1)
    if answer == "silent":
        return y.cal.add_working_days(
            max(notice.statement_due, notice.hearing_request_due or day), 1
        )
    day = y.wd(day, 0, 2)
    yield y.at(day)
    actions.waive_statement(case, actor=lead, on=day)
    return day


def _hearing(y: Year, case: Case, lead: User, notice: PriorNotice) -> Story:
    """听证 (Arts 63–65): asked within 5 working days, noticed 7 working days ahead, chaired by
    a bureau official who did not investigate; a hearing held requires legal review."""
    assert notice.hearing_request_due is not None
    assert notice.served_on is not None
    asked = min(y.wd(notice.served_on, 1, 3), notice.hearing_request_due)
    yield y.at(asked)
    actions.request_hearing(case, actor=lead, requested_on=asked)
    noticed = y.wd(asked, 1, 2)
    held = y.cal.add_working_days(noticed, y.rng.randint(8, 12))
    yield y.at(noticed)
    actions.schedule_hearing(
        case,
        actor=y.cast.leader(),
        hearing_on=held,
        notified_on=noticed,
        place="区城管委听证室",
        host=y.rng.choice(y.cast.hosts),
    )
    service.serve_kind(y.rng, case, K.HEARING_NOTICE, actor=lead, on=noticed)  # Art 64(2)
    yield y.at(held)
    actions.record_hearing(
        case,
        actor=y.cast.leader(),
        held_on=held,
        minutes="听证会公开举行。调查人员提出违法事实、证据和处罚建议，当事人进行申辩和质证。",
    )
    y.counts["hearings"] += 1
    return held
