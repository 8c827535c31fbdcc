"""A bulk on-the-spot case (简易程序, Arts 51–53, 68–71): the decision handed over on the spot,
cash collected (≤ ¥100) or a warning, the 备案, then payment — as ``decide_on_the_spot``,
``collect_on_the_spot``, ``record_cash_handover``, ``file_simple_decision`` and the performance
actions would have recorded it."""

from __future__ import annotations

from datetime import date

from zhifa.demo.generators import case_mix as mx
from zhifa.demo.generators.bulk_cases import FILING, SIMPLE_POSTS, CaseBuilder, NoHandlers, s
from zhifa.demo.generators.bulk_rows import ZERO, Facts
from zhifa.law import statute

SIMPLE_MIX = mx.Dice([(m, m.weight) for m in mx.SIMPLE])


class SimpleBuilder(CaseBuilder):
    procedure = "simple"

    def build(self, day: date) -> None:
        w, rng = self.w, self.rng
        for _ in range(50):
            mix = SIMPLE_MIX.roll(rng)
            kind = mix.kinds[int(rng.random() * len(mix.kinds))]
            fine = w.fines.simple(rng, mix, kind)
            street = w.streets[int(rng.random() * len(w.streets))]
            pair = w.pair(w.brigade if rng.random() < 0.2 else street, day)
            if fine is not None and pair is not None:
                break
        else:
            raise NoHandlers(day)
        lead, assist = pair
        self.user = lead[3]
        party, party_kind = w.party(kind, street)
        item_id, category = w.items[mix.code]
        place = w.place(street)
        facts = mix.facts.format(place=place[0])
        amount = fine.amount
        collect = amount is not None and amount <= 100 and rng.random() < 0.5
        self.f = f = Facts(
            w.ids.take("cases_case"), w.numbers.case("simple", day.year), "simple", "served",
            "patrol", item_id, category, party, party_kind, street, lead[2], place, facts, day,
            self.user, act_on=day, filed_on=day, outcome="penalty", decided_on=day, fine=amount,
            served_on=day,
        )  # fmt: skip
        self.handlers(lead, assist, day)
        number = w.numbers.decision("on_the_spot", day.year)
        self.chain.add(
            day, "decide_on_the_spot", self.user,
            {"number": number, "facts": facts, "fine": s(amount), "penalty_kinds": fine.kinds,
             "co_handler": assist[1], "party_signed": True, "served_on": s(day),
             "collected_on_spot": collect},
            place,
        )  # fmt: skip
        self.clocks.start(
            "simple_filing", day, w.cal.add_working_days(day, w.rules.simple_filing_working_days)
        )
        if collect:
            self._collect()
        filed = self._file()
        self.decision_row(
            number, day, "penalty", by=self.user, penalty_kinds=fine.kinds, fine=amount,
            on_the_spot=True, collected_on_spot=collect, remedy_notice=w.remedy_simple,
            filed_with_bureau_on=filed, serious_facts=w.fines.serious(mix.code, kind, amount),
        )  # fmt: skip
        if collect or amount is None:
            f.status = "performed"
            self.close(day)
        else:
            f.payment_due = w.cal.add_days(day, statute.PAYMENT_LIMIT_DAYS)
            self.clocks.start("payment", day, f.payment_due)
            ended = self.perform(SIMPLE_POSTS.roll(rng))
            if ended:
                self.close(ended)
        self.finish()

    def _collect(self) -> None:
        """当场收缴 (Art 68) and the cash handed to the bureau within 2 working days (Art 71)."""
        f, w = self.f, self.w
        assert f.fine is not None
        due = w.cal.add_working_days(f.found_on, statute.CASH_HANDOVER_WD)
        handed = w.wd(f.found_on, 1, 2)
        payment = w.ids.take("performance_payment")
        self.out["performance_payment"].append(
            (payment, f.id, f.found_on, f.fine, f.fine, ZERO, "on_spot", "", self.user,
             handed if handed <= w.horizon else None)
        )  # fmt: skip
        f.paid = f.fine
        self.chain.add(
            f.found_on,
            "collect_on_the_spot",
            self.user,
            {"amount": s(f.fine), "handover_due": s(due)},
        )
        self.clocks.start("cash_handover", f.found_on, due)
        if handed <= w.horizon:
            self.clocks.meet("cash_handover", handed)
            self.chain.add(
                handed,
                "record_cash_handover",
                self.user,
                {"payment": payment, "on": s(handed), "amount": s(f.fine)},
            )

    def _file(self) -> date | None:
        """备案 (Art 52 ¶3): on time as a rule, some late, a few never (overdue)."""
        w, day = self.w, self.f.found_on
        how = FILING.roll(self.rng)
        if how == "never":
            return None
        filed = w.wd(day, 6, 12) if how == "late" else w.wd(day, 0, 4)
        if filed > w.horizon:
            return None
        self.clocks.meet("simple_filing", filed)
        self.chain.add(filed, "file_simple_decision", self.user, {"filed_on": s(filed)})
        return filed
