"""The decision: general procedure (Arts 57–62) and on the spot (simple procedure, Arts 51–53)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from zhifa.calendar import periods
from zhifa.cases import clocks, guards, numbers
from zhifa.cases.actions._common import happened, required_text, today
from zhifa.cases.actions.penalty_checks import check_first_violation, check_party_age
from zhifa.cases.choices import (
    CaseStatus,
    DeadlineKind,
    HandlerRole,
    NoPenaltyReason,
    Outcome,
    Procedure,
    Source,
)
from zhifa.cases.models import Case, CaseHandler, CollectiveDiscussion, Decision, Proposal
from zhifa.cases.record import Place, Upload, append_event
from zhifa.cases.workflow import STEP_EFFECTS, advance, lock_case
from zhifa.core.config import local_rules
from zhifa.core.errors import DomainError, InvalidInput, NotAllowed
from zhifa.law import fines, statute
from zhifa.law.choices import NON_PENALTY_MEASURES, BandLevel, PenaltyKind
from zhifa.law.models import ViolationItem
from zhifa.org.access import street_scope
from zhifa.org.choices import Role
from zhifa.org.models import Officer, User
from zhifa.parties.models import Party


def remedy_notice(*, review_first: bool) -> str:
    """The route and time limit for review and litigation (Art 52 ¶2, Art 59(5)). For an
    on-the-spot decision review comes before litigation (行政复议法 Art 23 ¶1(1), ¶2)."""
    body, court = settings.ZHIFA_REVIEW_BODY, settings.ZHIFA_COURT
    if review_first:
        return (
            f"如不服本决定，可以在收到本决定书之日起{statute.REVIEW_WINDOW_DAYS}日内向{body}"
            f"申请行政复议；对行政复议决定不服的，可以在收到复议决定书之日起"
            f"{statute.SUIT_AFTER_REVIEW_DAYS}日内向{court}提起行政诉讼。"
            "依照《中华人民共和国行政复议法》第二十三条，对当场作出的行政处罚决定不服的，"
            "应当先申请行政复议。"
        )
    return (
        f"如不服本决定，可以在收到本决定书之日起{statute.REVIEW_WINDOW_DAYS}日内向{body}申请"
        f"行政复议，或者在{statute.LITIGATION_WINDOW_MONTHS}个月内向{court}提起行政诉讼。"
        "复议、诉讼期间，本决定不停止执行。"
    )


def check_decided_kinds(case: Case, kinds: list[str]) -> None:
    """The penalty kinds of a decision: known kinds (422), provided by the catalog item's penalty
    provision (行政处罚法 Art 38: a penalty without legal basis is void) and announced in the
    prior notice (Arts 44, 45, 62; a kind not announced was not open to statement, defence or a
    hearing, Art 63). 责令改正 and 限期拆除 accompany a penalty but are none (Art 28)."""
    unknown = [k for k in kinds if k not in PenaltyKind.values]
    if unknown:
        raise InvalidInput(
            "invalid_choice",
            f"处罚种类：「{'、'.join(unknown)}」无效 (行政处罚法第9条)",
            field="penalty_kinds",
        )
    penalties = [k for k in kinds if k not in NON_PENALTY_MEASURES]
    if not penalties:
        raise InvalidInput(
            "required",
            "处罚种类：处罚决定须至少有一种行政处罚 (责令改正不是行政处罚，"
            "行政处罚法第9条、第28条)",
            field="penalty_kinds",
        )
    item = case.violation_item
    assert item is not None
    not_provided = [k for k in penalties if k not in item.penalty_kinds]
    if not_provided:
        labels = "、".join(PenaltyKind(k).label for k in not_provided)
        raise guards.GuardRefused(
            "penalty_not_provided",
            f"处罚种类：「{item.name}」的处罚依据未规定{labels}，没有法定依据的行政处罚无效 "
            "(行政处罚法第38条)",
        )
    notice = guards.latest_notice(case)
    announced = set(notice.intended_kinds) if notice is not None else set()
    not_notified = [k for k in penalties if k not in announced]
    if not_notified:
        labels = "、".join(PenaltyKind(k).label for k in not_notified)
        raise guards.GuardRefused(
            "penalty_not_notified",
            f"处罚种类：{labels}未在行政处罚事先告知书中告知，当事人未能就此陈述、申辩或要求听证"
            "，不得作出 (行政处罚法第44条、第45条、第62条、第63条)；如须增加，应重新告知",
        )


def require_discussed(discussion: CollectiveDiscussion, outcome: str, fine: Decimal | None) -> None:
    """行政处罚法 Art 57 ¶2: where the case had to be decided by collective discussion, the
    decision is the discussion's conclusion; a different decision needs a new discussion."""
    if outcome != discussion.agreed_outcome:
        raise guards.GuardRefused(
            "differs_from_discussion",
            f"决定：与集体讨论决定的「{Outcome(discussion.agreed_outcome).label}」不一致；"
            "应当按集体讨论的结论作出决定，或重新集体讨论 (行政处罚法第57条第2款)",
        )
    agreed = discussion.agreed_fine
    if outcome == Outcome.PENALTY and agreed is not None and fine != agreed:
        raise guards.GuardRefused(
            "differs_from_discussion",
            f"罚款金额：与集体讨论决定的 {agreed} 元不一致；应当按集体讨论的结论作出决定，"
            "或重新集体讨论 (行政处罚法第57条第2款)",
        )


def decide(
    case: Case,
    *,
    actor: User,
    outcome: str | None = None,
    fine: Decimal | None = None,
    penalty_kinds: list[str] | None = None,
    education_given: bool = False,
    no_penalty_reason: str = "",
    on: date | None = None,
    expected_version: int | None = None,
) -> Decision:
    """The head's decision (Art 57). Penalty: only after notice and hearing the party (Art 62),
    after legal review where required (Art 58) and collective discussion where required (Art 57
    ¶2), within the catalog range and never above the notified penalty (Art 45)."""
    day = today(on)
    with transaction.atomic():
        case = lock_case(case, "decide", actor=actor, expected_version=expected_version, on=day)
        proposal = Proposal.objects.filter(case=case).order_by("-id").first()
        if proposal is None:
            raise DomainError("no_report", "尚无调查终结报告")
        discussion = CollectiveDiscussion.objects.filter(case=case).order_by("-id").first()
        outcome = outcome or (discussion.agreed_outcome if discussion else proposal.outcome)
        if outcome not in Outcome.values:
            raise InvalidInput("invalid_choice", f"决定「{outcome}」无效", field="outcome")
        guards.require_decision_ready(case, outcome, day)
        kinds: list[str] = []
        if outcome == Outcome.PENALTY:
            kinds = list(penalty_kinds or proposal.penalty_kinds)
            check_decided_kinds(case, kinds)
            if fine is None:
                fine = (
                    discussion.agreed_fine
                    if discussion and discussion.agreed_fine
                    else (proposal.fine)
                )
            if PenaltyKind.FINE in kinds:
                if fine is None:
                    raise InvalidInput("required", "请填写罚款金额", field="fine")
                assert case.violation_item is not None
                check = fines.check_fine(
                    case.violation_item,
                    case.party_kind,
                    fine,
                    level=proposal.discretion_level or None,
                    base=proposal.base,
                    serious=bool(proposal.serious_facts),  # the tier found (分档)
                )
                if not check.ok:
                    raise guards.GuardRefused(f"fine_{check.code}", check.message)
            else:
                fine = None
            guards.require_no_increase(case, fine)
        else:
            fine = None
        if case.requires_collective_discussion and discussion is not None:
            require_discussed(discussion, outcome, fine)
        # The head may decide not to penalise though a penalty was proposed (e.g. the defence
        # showed the facts are not established, Art 57 ¶1(3)): the ground is then given here.
        reason = no_penalty_reason or proposal.no_penalty_reason
        if outcome == Outcome.NO_PENALTY and reason not in NoPenaltyReason.values:
            raise InvalidInput(
                "reason_required",
                "不予行政处罚须写明第33条或第57条规定的理由",
                field="no_penalty_reason",
            )
        check_party_age(case.party, case.act_on, outcome, reason)  # 行政处罚法 Art 30
        check_first_violation(case, outcome, reason)  # 行政处罚法 Art 33 ¶1
        # 行政处罚法 Art 33 ¶3: a party not penalised for a violation is educated; where the facts
        # are not established there was no violation to educate about.
        if (
            outcome == Outcome.NO_PENALTY
            and reason != NoPenaltyReason.FACTS_NOT_ESTABLISHED
            and not education_given
        ):
            raise InvalidInput(
                "education_required",
                "已对当事人进行教育：依法不予行政处罚的，应当对当事人进行教育 (行政处罚法第33条"
                "第3款)，请在教育后勾选",
                field="education_given",
            )
        word = {"penalty": "penalty", "no_penalty": "no_penalty", "transfer": "transfer"}[outcome]
        decision = Decision.objects.create(
            case=case,
            number=numbers.decision_number(word, day.year),
            decided_on=day,
            decided_by=actor,
            outcome=outcome,
            fine=fine,
            penalty_kinds=kinds,
            no_penalty_reason=reason if outcome == Outcome.NO_PENALTY else "",
            transfer_to=proposal.transfer_to if outcome == Outcome.TRANSFER else "",
            education_given=education_given,
            serious_facts=proposal.serious_facts if outcome == Outcome.PENALTY else "",
            discretion_level=proposal.discretion_level if outcome == Outcome.PENALTY else "",
            remedy_notice=remedy_notice(review_first=False),
        )
        case.outcome, case.decided_on, case.fine = outcome, day, fine
        clocks.meet(case, DeadlineKind.DECISION, day)
        # The party's statement and hearing-request windows have run their course (the guard
        # checked them): they close with the decision instead of lingering as open clocks.
        clocks.close_windows(case, day)
        if outcome != Outcome.TRANSFER:
            due = periods.add_working_days(day, statute.SERVICE_LIMIT_WD, side=periods.Side.BUREAU)
            clocks.start(case, DeadlineKind.SERVICE, started_on=day, due=due)
        advance(
            case,
            "decide",
            actor=actor,
            fields=["outcome", "decided_on", "fine"],
            payload={
                "number": decision.number,
                "outcome": outcome,
                "fine": fine,
                "penalty_kinds": kinds,
                "education_given": education_given,
            },
        )
    return decision


def _on_the_spot_dates(day: date, act_on: date | None) -> None:
    """Dates in legal order on the spot: nothing in the future, the act before the decision."""
    happened(day, "on", "决定日期")
    if act_on is not None:
        happened(act_on, "act_on", "违法行为日期")
        if act_on > day:
            raise InvalidInput(
                "act_after_decision",
                f"违法行为日期 {act_on} 不能晚于当场处罚决定日期 {day}",
                field="act_on",
            )


def _on_the_spot_level(
    item: ViolationItem,
    party: Party,
    kinds: list[str],
    level: str,
    fine: Decimal | None,
    serious_facts: str,
) -> str:
    """The discretion band applies on the spot too (裁量基准): where the item has bands for the
    party and a fine is imposed, the fine lies in the band of the level named — or, none
    named, in a band, whose level the decision records (the lowest that holds it). A fine in
    no band needs reasons and legal review, which the simple procedure has not."""
    if PenaltyKind.FINE not in kinds or fine is None:
        return ""
    if level and level not in BandLevel.values:
        raise InvalidInput("invalid_choice", f"裁量档次「{level}」无效", field="discretion_level")
    if level or not fines.has_bands(item, party.kind):
        return level
    found = fines.band_holding(item, party.kind, fine)
    if found is None:
        # the statutory range and tiers first: they say more than "in no band"
        _require_simple(item, party, kinds, fine, "", serious_facts)
        raise guards.GuardRefused(
            "simple_out_of_band",
            f"罚款 {fine} 元不在「{item.name}」的任何裁量档次幅度内，不适用简易程序",
        )
    return found


def _require_simple(
    item: ViolationItem,
    party: Party,
    kinds: list[str],
    fine: Decimal | None,
    level: str,
    serious_facts: str,
) -> None:
    """Art 51 (a warning or a small fine), in the band of ``level``, in the tier found."""
    eligibility = fines.simple_procedure_eligibility(
        item,
        party.kind,
        level=level or None,
        amount=fine if PenaltyKind.FINE in kinds else None,
        penalty_kinds=kinds,
        serious=bool(serious_facts),  # 分档: the serious tier only on the finding (情节严重)
    )
    if eligibility.code == "seriousness_not_found":
        raise InvalidInput("serious_facts_required", eligibility.message, field="serious_facts")
    if not eligibility.ok:
        raise guards.GuardRefused(f"simple_{eligibility.code}", eligibility.message)


def decide_on_the_spot(
    *,
    actor: User,
    co_handler: Officer,
    violation_item: ViolationItem,
    party: Party,
    facts: str,
    place: Place,
    street: object | None,
    act_on: date | None = None,
    penalty_kinds: list[str],
    fine: Decimal | None = None,
    collect_on_spot: bool = False,
    hard_to_collect_later: bool = False,
    discretion_level: str = "",
    serious_facts: str = "",
    party_signed: bool = True,
    evidence: tuple[Upload, ...] = (),
    on: date | None = None,
) -> Decision:
    """当场处罚决定 (simple procedure): facts conclusive, legal basis, and a warning or a fine of
    at most ¥200 (person) / ¥3,000 (organisation) (Art 51); two certified officers (Art 42); a
    numbered decision handed over on the spot (Art 52), which is its service; on-the-spot
    collection only within Art 68 (made by ``performance`` in the same transaction, after the
    decision's event: ``workflow.STEP_EFFECTS["decide_on_the_spot"]``). The decision tells the
    party that review comes first."""
    facts = required_text(facts, "facts", "违法事实")
    day = today(on)
    _on_the_spot_dates(day, act_on)
    if actor.role not in (Role.CASE_HANDLER, Role.STREET_OFFICER):
        raise NotAllowed("role_not_allowed", "只有执法人员可以当场作出处罚决定")
    scope = street_scope(actor)
    if scope is not None and getattr(street, "pk", None) != scope:
        raise NotAllowed("out_of_scope", "街道执法人员只能在本街道当场作出处罚决定")
    me = Officer.objects.filter(user=actor).first()
    if me is None or me.pk == co_handler.pk:
        raise InvalidInput("two_handlers", "须由两名执法人员共同作出 (第42条)", field="co_handler")
    problems = guards.handler_problems([me, co_handler], day)
    if problems:
        raise guards.GuardRefused("two_handlers", "；".join(problems))
    kinds = [k for k in penalty_kinds if k]
    acted = act_on or day
    # 行政处罚法 Art 36: the limitation on the spot too (found today)
    late = guards.limitation_problem(
        act_on=acted, act_ended_on=None, continuing=False, extended=False, found_on=day
    )
    if late:
        raise guards.GuardRefused("limitation_expired", late)
    check_party_age(party, acted, Outcome.PENALTY, "")  # 行政处罚法 Art 30
    serious_facts = serious_facts.strip()
    discretion_level = _on_the_spot_level(
        violation_item, party, kinds, discretion_level, fine, serious_facts
    )
    _require_simple(violation_item, party, kinds, fine, discretion_level, serious_facts)
    if collect_on_spot and not fines.on_spot_collection_allowed(
        fine or Decimal(0), hard_to_collect_later=hard_to_collect_later
    ):
        raise guards.GuardRefused(
            "collection_not_allowed",
            f"当场收缴罚款限于{statute.ON_SPOT_COLLECT_MAX}元以下或事后难以执行的情形 (第68条)",
        )
    with transaction.atomic():
        case = Case.objects.create(
            number=numbers.case_number(Procedure.SIMPLE, day.year),
            procedure=Procedure.SIMPLE,
            status=CaseStatus.SERVED,
            status_on=day,
            source=Source.PATROL,
            violation_item=violation_item,
            category=violation_item.category,
            party=party,
            party_kind=party.kind,
            street=street,
            handling_unit=me.unit,
            place=place.text,
            latitude=place.latitude,
            longitude=place.longitude,
            facts=facts,
            act_on=acted,
            found_on=day,
            filed_on=day,
            outcome=Outcome.PENALTY,
            decided_on=day,
            served_on=day,
            fine=fine if PenaltyKind.FINE in kinds else None,
            created_by=actor,
        )
        for role, officer in ((HandlerRole.LEAD, me), (HandlerRole.ASSIST, co_handler)):
            CaseHandler.objects.create(case=case, officer=officer, role=role, assigned_on=day)
        decision = Decision.objects.create(
            case=case,
            number=numbers.decision_number("on_the_spot", day.year),
            decided_on=day,
            decided_by=actor,
            outcome=Outcome.PENALTY,
            fine=case.fine,
            penalty_kinds=kinds,
            on_the_spot=True,
            collected_on_spot=collect_on_spot,
            serious_facts=serious_facts,
            discretion_level=discretion_level,
            remedy_notice=remedy_notice(review_first=True),
        )
        event = append_event(
            case,
            "decide_on_the_spot",
            actor=actor,
            place=place,
            evidence=evidence,
            payload={
                "number": decision.number,
                "facts": facts,
                "fine": case.fine,
                "penalty_kinds": kinds,
                "co_handler": co_handler.name,
                "party_signed": party_signed,
                "served_on": day,
                "collected_on_spot": collect_on_spot,
                "discretion_level": discretion_level,
                "serious_facts": serious_facts,
            },
        )
        filing_due = periods.add_working_days(
            day, local_rules().simple_filing_working_days, side=periods.Side.BUREAU
        )
        clocks.start(case, DeadlineKind.SIMPLE_FILING, started_on=day, due=filing_due)
        # Other apps' writes in this transaction (performance: a fine collected on the spot is
        # its payment, the cash-handover clock and the collect_on_the_spot event; the case
        # performed). The payload carries what they need (collected_on_spot, served_on).
        for effect in STEP_EFFECTS.get("decide_on_the_spot", ()):
            effect(case, event)
        if case.fine:
            if not collect_on_spot:
                due = periods.add_days(day, statute.PAYMENT_LIMIT_DAYS, side=periods.Side.PARTY)
                case.payment_due = due.date
                clocks.start(case, DeadlineKind.PAYMENT, started_on=day, due=due)
        else:
            case.status = CaseStatus.PERFORMED  # a warning is performed when it is given
        case.save()
    return decision


def file_simple_decision(case: Case, *, actor: User, on: date | None = None) -> Decision:
    """备案: the on-the-spot decision is filed with the bureau (Art 52 ¶3)."""
    day = today(on)
    with transaction.atomic():
        case = lock_case(case, "file_simple_decision", actor=actor, on=today(on))
        decision = Decision.objects.filter(case=case, on_the_spot=True).get()
        if decision.filed_with_bureau_on:
            raise DomainError("already_filed", "该当场处罚决定已经备案")
        if day < decision.decided_on:  # dates in legal order: filed after it was made
            raise InvalidInput(
                "before_decision",
                f"备案日期 {day} 不能早于当场处罚决定日期 {decision.decided_on} (第52条第3款)",
                field="on",
            )
        decision.filed_with_bureau_on = day
        decision.save(update_fields=["filed_with_bureau_on"])
        clocks.meet(case, DeadlineKind.SIMPLE_FILING, day)
        advance(case, "file_simple_decision", actor=actor, payload={"filed_on": day})
    return decision
