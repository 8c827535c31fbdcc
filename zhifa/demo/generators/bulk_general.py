"""A bulk general-procedure case (普通程序): clue → filing → report → prior notice → statement →
legal review (returned at times) → collective discussion → decision → service → performance,
or an earlier end (not filed, withdrawn, transferred, no penalty) — as the actions record it."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any, cast

from zhifa.calendar.periods import CalendarNotCovered
from zhifa.cases.guards import legal_review_reasons
from zhifa.cases.models import Case
from zhifa.demo.generators import case_mix as mx
from zhifa.demo.generators import reviews
from zhifa.demo.generators.bulk_cases import GENERAL_POSTS, CaseBuilder, NoHandlers, s
from zhifa.demo.generators.bulk_rows import Facts, dumps
from zhifa.law import fines, statute
from zhifa.law.choices import HEARING_PENALTIES

GENERAL_MIX = mx.Dice([(m, m.weight) for m in mx.GENERAL])
LEVELS = mx.Dice(mx.LEVELS)
PRE = mx.Dice((
    ("not_filed", 5), ("withdrawn", 4), ("stalled", 2), ("transfer", 5), ("no_penalty", 10),
    ("waive", 53), ("statement", 10), ("silent", 5), ("returned", 6),
))  # fmt: skip
SOURCES = mx.Dice((("patrol", 55), ("complaint", 25), ("inspection", 10), ("transfer", 5),
                   ("supervision_order", 5)))  # fmt: skip
OPINION = {"passed": reviews.PASSED, "returned": reviews.RETURNED}


class GeneralBuilder(CaseBuilder):
    procedure = "general"

    def build(self, found: date) -> None:
        w, rng = self.w, self.rng
        for _ in range(50):
            mix = GENERAL_MIX.roll(rng)
            kind = mix.kinds[int(rng.random() * len(mix.kinds))]
            fine = w.fines.general(rng, mix, kind, LEVELS.roll(rng))
            street = w.streets[int(rng.random() * len(w.streets))]
            pair = w.pair(w.brigade if rng.random() < 0.7 else street, found)
            if fine is not None and pair is not None:
                break
        else:
            raise NoHandlers(found)
        self.lead, self.assist = pair
        self.serious = w.fines.serious(mix.code, kind, fine.amount)  # 分档: the finding
        self.user = self.lead[3]
        self.mix, self.fine = mix, fine
        party, party_kind = w.party(kind, street)
        item_id, category = w.items[mix.code]
        place = w.place(street)
        facts = mix.facts.format(place=place[0])
        self.f = Facts(
            w.ids.take("cases_case"), w.numbers.case("general", found.year), "general", "clue",
            SOURCES.roll(rng), item_id, category, party, party_kind, street, self.lead[2], place,
            facts, found, self.user,
        )  # fmt: skip
        self.chain.add(
            found, "register_clue", self.user,
            {"source": self.f.source, "found_on": s(found), "facts": facts}, place,
        )  # fmt: skip
        with contextlib.suppress(CalendarNotCovered):
            # A period running into a year without a holiday schedule: the case stops there.
            self._walk(PRE.roll(rng))
        self.finish()

    def _walk(self, pre: str) -> None:
        w, f = self.w, self.f
        if pre == "not_filed":
            return self._not_filed()
        asked = w.wd(f.found_on, 0, 2)
        filed = w.wd(asked, 0, 2)
        due = w.cal.add_days(filed, w.rules.decision_limit_days)
        if filed > w.horizon:
            return None
        self._request(asked)
        f.filed_on = filed
        self.clocks.start("decision", filed, due)
        self.move(filed, "approve_filing", self.leader, "investigating", filed_on=s(filed),
                  decision_due=s(due))  # fmt: skip
        if pre in ("stalled", "withdrawn"):
            return self._withdraw(filed) if pre == "withdrawn" else None
        day = w.wd(filed, 3, 12)
        if day > w.horizon:
            return None
        outcome = {"transfer": "transfer", "no_penalty": "no_penalty"}.get(pre, "penalty")
        self._report(day, outcome)
        if outcome == "transfer":
            return self._transfer(day)
        decided = self._penalty(day, pre) if outcome == "penalty" else self._no_penalty(day)
        if decided is None:
            return None
        post = GENERAL_POSTS.roll(self.rng) if outcome == "penalty" else "none"
        served = None if post == "unserved" else self._serve(decided)
        if served is None:
            return None
        ended = self.perform(post) if outcome == "penalty" else served
        if ended:
            self.close(ended, "处罚决定已履行" if outcome == "penalty" else "不予处罚决定已送达")
        return None

    def _request(self, day: date) -> None:
        f = self.f
        f.act_on = f.found_on - timedelta(days=self.w.rint(0, 10))
        f.complex_case = self.rng.random() < 0.06
        self.handlers(self.lead, self.assist, day)
        self.move(
            day, "request_filing", self.user, "filing_pending",
            handlers=[self.lead[1], self.assist[1]], violation=self.mix.code,
            party=f.party_id, act_on=s(f.act_on), continuing=False,
        )  # fmt: skip

    def _not_filed(self) -> None:
        w, f = self.w, self.f
        day = w.wd(f.found_on, 1, 4)
        if self.rng.random() < 0.5 and day <= w.horizon:
            self._request(day)
            day = w.wd(day, 1, 2)
        if day > w.horizon:
            return
        reason = "经核查，违法事实不存在，不予立案"
        f.closed_on, f.closing_reason = day, reason
        self.move(day, "reject_filing", self.leader, "not_filed", reason=reason)
        self.archive(day, 0.65)

    def _withdraw(self, filed: date) -> None:
        day = self.w.wd(filed, 3, 15)
        if day > self.w.horizon:
            return
        reason = "经调查，该行为依法应由其他机关管辖，撤销立案"
        self.clocks.cancel()
        self.f.closed_on, self.f.closing_reason = day, reason
        self.move(day, "withdraw", self.leader, "withdrawn", reason=reason)
        self.archive(day, 0.65)

    def reasons(self) -> list[str]:
        """行政处罚法 Art 58 — the same list ``guards.legal_review_reasons`` gives."""
        key = ("reasons", self.f.complex_case)
        if key not in self.w.memo:
            fake = SimpleNamespace(
                major_public_interest=False, complex_case=self.f.complex_case, procedure="general"
            )
            self.w.memo[key] = legal_review_reasons(
                cast(Case, fake), out_of_band=False, hearing_held=False
            )
        return self.w.memo[key]

    def _report(self, day: date, outcome: str) -> None:
        f, fine = self.f, self.fine
        penalty = outcome == "penalty"
        amount, kinds = (fine.amount, fine.kinds) if penalty else (None, [])
        key = ("hearing", f.party_kind, amount, tuple(kinds))
        if penalty and key not in self.w.memo:
            self.w.memo[key] = fines.hearing_required(
                f.party_kind, amount=amount, penalty_kinds=kinds
            )
        f.hearing_offered = penalty and self.w.memo[key]
        reasons = self.reasons()
        f.requires_legal_review = outcome != "transfer" and bool(reasons)
        f.requires_collective_discussion = penalty and (
            f.complex_case or fine.level == "serious" or any(k in HEARING_PENALTIES for k in kinds)
        )
        fields: dict[str, Any] = {
            "outcome": outcome,
            "no_penalty_reason": "first_minor" if outcome == "no_penalty" else "",
            "transfer_to": "示范区公安分局" if outcome == "transfer" else "",
        }
        self.proposal = self.w.ids.take("cases_proposal")
        findings = f"经调查查明：{f.facts}"
        self.out["cases_proposal"].append(
            (
                self.proposal, f.id, day, self.user, findings, outcome,
                fields["no_penalty_reason"], fields["transfer_to"], dumps(kinds), amount,
                fine.level if penalty else "", fine.base if penalty else None, "", False,
                self.serious if penalty else "",
            )
        )  # fmt: skip
        self.move(
            day, "submit_report", self.user, "investigated", findings=findings, fine=s(amount),
            penalty_kinds=kinds, discretion_level=fine.level if penalty else "",
            out_of_band=False, out_of_band_reason="", legal_review_reasons=reasons,
            hearing_offered=f.hearing_offered, **fields,
        )  # fmt: skip

    def _transfer(self, day: date) -> None:
        decided = self.w.wd(day, 1, 4)
        if decided <= self.w.horizon:
            self._decide(decided, "transfer")
            self.close(decided, "已移送", archive=0.65)

    def _no_penalty(self, day: date) -> date | None:
        reviewed = self._review(day)
        decided = None if reviewed is None else self.w.wd(reviewed, 1, 3)
        if decided is None or decided > self.w.horizon:
            return None
        self._decide(decided, "no_penalty", education=True)
        return decided

    def _penalty(self, day: date, pre: str) -> date | None:
        ready = self._notice(day, pre)
        if pre == "returned" and ready is not None:
            returned = self._review(ready, returned=True)
            again = None if returned is None else self.w.wd(returned, 3, 8)
            if again is None or again > self.w.horizon:
                return None
            self._report(again, "penalty")
            ready = self._notice(again, "waive")
        reviewed = None if ready is None else self._review(ready)
        if reviewed is not None and self.f.requires_collective_discussion:
            reviewed = self._discuss(reviewed)
        decided = None if reviewed is None else self.w.wd(reviewed, 1, 3)
        if decided is None or decided > self.w.horizon:
            return None
        self._decide(decided, "penalty")
        return decided

    def _notice(self, day: date, answer: str) -> date | None:
        """事先告知 (Art 44) and the party's answer; the day legal review may be asked for."""
        w, f = self.w, self.f
        served = w.wd(day, 1, 3)
        statement_due = w.cal.add_working_days(served, w.rules.statement_period_working_days)
        hearing_due = (
            w.cal.add_working_days(served, statute.HEARING_REQUEST_WD)
            if f.hearing_offered
            else None
        )
        if served > w.horizon:
            return None
        notice = w.ids.take("cases_priornotice")
        self.clocks.start("statement", served, statement_due)
        if hearing_due:
            self.clocks.start("hearing_request", served, hearing_due)
        self.move(
            served, "notify", self.user, "notified", served_on=s(served),
            intended_fine=s(self.fine.amount), intended_kinds=self.fine.kinds,
            statement_due=s(statement_due), hearing_request_due=s(hearing_due),
        )  # fmt: skip
        waived, ready = None, w.cal.add_working_days(max(statement_due, hearing_due or served), 1)
        received = w.wd(served, 1, 4) if answer == "statement" else None
        if answer not in ("statement", "silent"):
            waived = ready = w.wd(served, 0, 2)
        if received and received <= w.horizon:
            self.out["cases_statement"].append(
                (w.ids.take("cases_statement"), f.id, notice, received,
                 "当事人辩称已及时整改，请求从轻处罚", None, "")
            )  # fmt: skip
            self.chain.add(received, "record_statement", self.user,
                           {"content": "当事人辩称已及时整改，请求从轻处罚",
                            "received_on": s(received), "late": False})  # fmt: skip
        if waived and waived <= w.horizon:
            self.clocks.meet("statement", waived)
            self.clocks.meet("hearing_request", waived)
            self.chain.add(waived, "waive_statement", self.user, {"waived_on": s(waived)})
        self.out["cases_priornotice"].append(
            (
                notice, f.id, self.proposal, served, self.fine.amount, dumps(self.fine.kinds),
                statement_due, f.hearing_offered, hearing_due,
                waived if waived and waived <= w.horizon else None,
            )
        )  # fmt: skip
        return ready if ready <= w.horizon else None

    def _review(self, day: date, *, returned: bool = False) -> date | None:
        """法制审核 (Art 58), by a reviewer who did not handle the case."""
        w, f = self.w, self.f
        submitted = w.wd(day, 1, 2)
        decided = w.wd(submitted, 1, 4)
        if submitted > w.horizon:
            return None
        reasons = self.reasons()
        self.move(submitted, "submit_legal_review", self.user, "legal_review", reasons=reasons)
        done = decided <= w.horizon
        outcome = "returned" if returned else "passed"
        reviewer = w.reviewers[int(self.rng.random() * len(w.reviewers))]
        checklist = reviews.checklist(returned=returned) if done else []
        self.out["cases_legalreview"].append(
            (
                w.ids.take("cases_legalreview"), f.id, submitted, reviewer if done else None,
                decided if done else None, outcome if done else "",
                OPINION[outcome] if done else "",
                dumps(reasons), dumps(checklist),
            )
        )  # fmt: skip
        if not done:
            return None
        f.legal_review_done = not returned
        step, to = ("return_for_investigation", "investigating") if returned else (
            "pass_legal_review", "reviewed")  # fmt: skip
        self.move(
            decided, step, reviewer, to,
            outcome=outcome, opinion=OPINION[outcome], checklist=checklist,
        )  # fmt: skip
        return decided

    def _discuss(self, day: date) -> date | None:
        """负责人集体讨论 (Art 57 ¶2) after legal review."""
        w, f = self.w, self.f
        held = w.wd(day, 1, 5)
        if held > w.horizon:
            return None
        conclusion = "经集体讨论，同意法制审核意见，按拟处罚意见作出处罚决定"
        discussion = w.ids.take("cases_collectivediscussion")
        self.out["cases_collectivediscussion"].append(
            (discussion, f.id, held, self.leader,
             dumps(w.attendees), conclusion, "penalty", self.fine.amount)
        )  # fmt: skip
        self.out["cases_collectivediscussion_attendee_officers"].extend(
            (w.ids.take("cases_collectivediscussion_attendee_officers"), discussion, officer)
            for officer in w.attendee_ids
        )
        f.collective_discussion_done = True
        self.move(
            held, "record_discussion", self.leader, "discussed", held_on=s(held),
            attendees=w.attendees, attendee_ids=w.attendee_ids, conclusion=conclusion,
            agreed_outcome="penalty", agreed_fine=s(self.fine.amount),
        )  # fmt: skip
        return held

    def _decide(self, day: date, outcome: str, *, education: bool = False) -> None:
        w, f = self.w, self.f
        penalty = outcome == "penalty"
        due = (
            None if outcome == "transfer" else w.cal.add_working_days(day, statute.SERVICE_LIMIT_WD)
        )
        amount, kinds = (self.fine.amount, self.fine.kinds) if penalty else (None, [])
        number = w.numbers.decision(outcome, day.year)
        self.decision_row(
            number, day, outcome, penalty_kinds=kinds, fine=amount, education_given=education,
            serious_facts=self.serious if penalty else "",
            discretion_level=self.fine.level if penalty else "",
            no_penalty_reason="first_minor" if outcome == "no_penalty" else "",
            transfer_to="示范区公安分局" if outcome == "transfer" else "",
        )  # fmt: skip
        f.outcome, f.decided_on, f.fine = outcome, day, amount
        self.clocks.meet("decision", day)
        self.clocks.close_windows(day)
        if due:
            self.clocks.start("service", day, due)
        self.move(
            day, "decide", self.leader, "decided", number=number, outcome=outcome,
            fine=s(amount), penalty_kinds=kinds, education_given=education,
        )  # fmt: skip

    def _serve(self, decided: date) -> date | None:
        """送达 (Art 61); payment is due 15 days later (Art 67)."""
        w, f = self.w, self.f
        served = w.wd(decided, 0, 4)
        due = w.cal.add_days(served, statute.PAYMENT_LIMIT_DAYS) if f.fine else None
        if served > w.horizon:
            return None
        f.served_on = served
        self.clocks.meet("service", served)
        if due:
            f.payment_due = due
            self.clocks.start("payment", served, due)
        mode, label = self.service_mode()
        self.move(
            served, "record_service", self.user, "served", served_on=s(served), mode=mode,
            mode_label=label, note="",
        )  # fmt: skip
        return served
