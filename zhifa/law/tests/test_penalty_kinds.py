"""The penalty kinds of the 2021 law (行政处罚法 Art 9) and what follows from each: the hearing
they require (Art 63), that only a warning or a fine is imposed on the spot (Art 51), that the
catalog accepts them, and that 责令改正 is never a penalty (Art 28)."""

import pytest
from django.core.exceptions import ValidationError

from zhifa.law.choices import HEARING_PENALTIES, NON_PENALTY_MEASURES, PenaltyKind
from zhifa.law.fines import hearing_required, simple_procedure_eligibility
from zhifa.testing.law import ViolationItemFactory

pytestmark = pytest.mark.django_db

NEW_2021 = {
    "public_criticism": "通报批评",
    "lower_qualification": "降低资质等级",
    "order_shutdown": "责令关闭",
    "restrict_business": "限制开展生产经营活动",
    "restrict_practice": "限制从业",
}


@pytest.mark.parametrize(("kind", "label"), NEW_2021.items())
def test_the_2021_kinds_are_penalties_a_catalog_item_may_carry(kind, label):
    """# 行政处罚法 Art 9 (2021): the five kinds added are penalties, not accompanying measures."""
    assert PenaltyKind(kind).label == label
    assert kind not in NON_PENALTY_MEASURES
    item = ViolationItemFactory(
        penalty_kinds=["correction_order", kind], rule__min=None, rule__max=5000
    )
    item.full_clean()  # the catalog accepts the kind
    assert label in item.penalty_kind_labels


def test_an_unknown_kind_is_refused_by_the_catalog():
    item = ViolationItemFactory.build(penalty_kinds=["fine", "jail"])
    with pytest.raises(ValidationError, match="jail"):
        item.clean()


@pytest.mark.parametrize(
    ("kind", "hearing"),
    [
        ("lower_qualification", True),  # Art 63 ¶1 (3)
        ("order_shutdown", True),  # Art 63 ¶1 (4)
        ("restrict_practice", True),  # Art 63 ¶1 (4)
        ("restrict_business", True),  # Art 63 ¶1 (5), bars the activity as (4) does
        ("public_criticism", False),  # Art 9 (1): of the warning's order
        ("warning", False),
    ],
)
def test_the_heavier_2021_kinds_require_a_hearing(kind, hearing):
    """# 行政处罚法 Art 63 ¶1: a hearing is offered before these penalties whatever the fine."""
    assert hearing_required("person", amount=None, penalty_kinds=[kind]) is hearing
    assert (kind in HEARING_PENALTIES) is hearing


@pytest.mark.parametrize("kind", sorted(NEW_2021))
def test_only_a_warning_or_a_fine_is_imposed_on_the_spot(kind):
    """# 行政处罚法 Art 51: 通报批评 and the other 2021 kinds need the general procedure."""
    item = ViolationItemFactory(
        penalty_kinds=["warning", "fine", kind], rule__min=None, rule__max=200
    )
    result = simple_procedure_eligibility(item, "person", amount=50, penalty_kinds=["fine", kind])
    assert (result.ok, result.code) == (False, "penalty_kind_not_simple")
    assert NEW_2021[kind] in result.message
    assert "第五十一条" in result.message


def test_a_correction_order_is_not_a_penalty():
    """# 行政处罚法 Art 28: 责令改正 accompanies a penalty; it never is one (nor 限期拆除)."""
    assert PenaltyKind.CORRECTION_ORDER in NON_PENALTY_MEASURES
    assert PenaltyKind.DEMOLITION in NON_PENALTY_MEASURES
    assert "非处罚措施" in PenaltyKind.CORRECTION_ORDER.label
    item = ViolationItemFactory(penalty_kinds=["correction_order"], rule__min=None, rule__max=200)
    result = simple_procedure_eligibility(item, "person", amount=0, penalty_kinds=[])
    assert not result.ok
