"""Pages of intake: a clue, an on-the-spot decision, filing and its approval, handlers.

Each page: the GET shows the form with its context; a refused POST shows the action's Chinese
message and writes nothing; an accepted POST goes back to the case page with a message."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhifa.cases import actions
from zhifa.cases.models import Case, CaseEvent, CaseHandler, Decision, EvidenceFile
from zhifa.cases.tests.pages_helpers import (
    Snapshot,
    assert_done,
    assert_refused,
    day,
    post_step,
    step_url,
)

pytestmark = pytest.mark.django_db


def photo(name: str = "scene.png") -> SimpleUploadedFile:
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (640, 480), (200, 80, 40)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def pending(flow) -> Case:
    """A clue the handlers have asked to file (立案待批)."""
    case = flow.clue()
    actions.request_filing(
        case,
        actor=flow.handler.user,
        handlers=[flow.handler.officer, flow.handler2.officer],
        violation_item=flow.item,
        party=flow.party,
        act_on=day(-3),
        on=day(0),
    )
    case.refresh_from_db()
    return case


# --- 登记线索 ----------------------------------------------------------------------------------


def test_the_clue_form_offers_sources_items_and_a_party_search(handler, items, company, frozen):
    response = handler.client().get(reverse("cases:new_clue"), {"party_q": "鑫源"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "巡查发现" in text
    assert "DL-002" in text
    assert 'name="party_q"' in text
    assert 'name="find_party"' in text


def test_it_registers_a_clue_with_a_photo(handler, items, company, east_street, frozen):
    response = handler.client().post(
        reverse("cases:new_clue"),
        {
            "source": "complaint",
            "found_on": "2026-03-02",
            "place": "人民路12号",
            "street": east_street.pk,
            "facts": "群众投诉夜间施工噪声",
            "violation_item": items["site"].pk,
            "party": company.pk,
            "photos": [photo()],
        },
    )
    case = Case.objects.get()
    assert_done(response, case, "已登记线索")
    assert (case.status, case.party, case.street) == ("clue", company, east_street)
    assert EvidenceFile.objects.filter(case=case, kind="audio_visual").count() == 1


def test_a_clue_found_in_the_future_is_refused_on_its_field(handler, east_street, frozen):
    response = handler.client().post(
        reverse("cases:new_clue"),
        {"source": "patrol", "found_on": "2026-03-09", "place": "人民路", "facts": "占道"},
    )
    assert response.status_code == 422
    assert "晚于今天：所记录的事项不能发生在将来" in response.content.decode()
    assert not Case.objects.exists()


def test_the_find_button_shows_the_parties_found_without_registering(handler, company, frozen):
    response = handler.client().post(
        reverse("cases:new_clue"), {"party_q": "鑫源", "find_party": "1", "facts": "草稿"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "示范市鑫源建筑工程有限公司" in text
    assert "草稿" in text  # what was typed stays
    assert "errorlist" not in text
    assert not Case.objects.exists()


def test_a_reviewer_may_not_register_clues(reviewer):
    assert reviewer.client().get(reverse("cases:new_clue")).status_code == 403


# --- 当场处罚 ----------------------------------------------------------------------------------


def spot_data(item, party, co, street, **kw) -> dict:
    return {
        "violation_item": item.pk,
        "party": party.pk,
        "penalty": "fine",
        "fine": "50",
        "co_handler": co.pk,
        "place": "人民路地铁站口",
        "street": street.pk,
        "facts": "随地吐痰",
        "party_signed": "on",
        **kw,
    }


def test_the_on_the_spot_form_shows_the_art_51_limit_for_the_chosen_party(
    handler, handler2, items, citizen, company, frozen
):
    client = handler.client()
    text = client.get(reverse("cases:on_the_spot")).content.decode()
    assert "公民 ¥200，法人或其他组织 ¥3,000" in text
    assert "李娜" in text  # the co-handler list
    chosen = client.get(reverse("cases:on_the_spot"), {"party": company.pk}).content.decode()
    assert "当事人为法人或其他组织：罚款不超过 ¥3,000" in chosen


def test_it_decides_on_the_spot_and_shows_the_numbered_decision(
    handler, handler2, items, citizen, east_street, frozen
):
    client = handler.client()
    response = client.post(
        reverse("cases:on_the_spot"),
        spot_data(items["spit"], citizen, handler2.officer, east_street, photos=[photo()]),
    )
    decision = Decision.objects.get()
    assert_done(response, decision.case, decision.number)
    page = client.get(response.url).content.decode()
    assert decision.number in page
    assert "应当先申请行政复议" in page  # 行政复议法 Art 23
    assert decision.case.evidence.count() == 1


def test_a_fine_above_the_art_51_limit_is_refused_and_nothing_is_written(
    handler, handler2, items, citizen, east_street, frozen
):
    response = handler.client().post(
        reverse("cases:on_the_spot"),
        spot_data(items["road"], citizen, handler2.officer, east_street, fine="201"),
    )
    assert response.status_code == 409
    assert "超过简易程序限额" in response.content.decode()
    assert not Case.objects.exists()


def test_a_fine_must_be_given_unless_it_is_a_warning(
    handler, handler2, items, citizen, east_street, frozen
):
    client = handler.client()
    data = spot_data(items["spit"], citizen, handler2.officer, east_street, fine="")
    assert "请填写罚款金额" in client.post(reverse("cases:on_the_spot"), data).content.decode()
    data["penalty"] = "warning"
    response = client.post(reverse("cases:on_the_spot"), data)
    assert Case.objects.get().status == "performed"  # a warning is performed when given
    assert response.status_code == 302


def test_auxiliary_staff_may_not_decide_on_the_spot(auxiliary):
    assert auxiliary.client().get(reverse("cases:on_the_spot")).status_code == 403


# --- 提请立案 / 批准立案 / 不予立案 / 撤销立案 ---------------------------------------------------


def test_request_filing(flow, frozen, handler, handler2):
    case = flow.clue()
    client = handler.client()
    text = client.get(step_url(case, "request_filing")).content.decode()
    assert "主办人" in text
    assert "第42条" in text
    data = {
        "lead": handler.officer.pk,
        "assist": handler.officer.pk,
        "violation_item": flow.item.pk,
        "party": flow.party.pk,
        "act_on": "2026-02-27",
    }
    before = Snapshot.of(case)
    assert_refused(post_step(client, case, "request_filing", data), "承办人不能重复", before, case)
    data["assist"] = handler2.officer.pk
    assert_done(post_step(client, case, "request_filing", data), case, "已提请立案")
    case.refresh_from_db()
    assert case.status == "filing_pending"
    assert CaseHandler.objects.filter(case=case).count() == 2


def test_a_filing_beyond_the_limitation_period_is_refused(flow, frozen, handler, handler2):
    """行政处罚法 Art 36: not discovered within two years."""
    case = flow.clue()
    data = {
        "lead": handler.officer.pk,
        "assist": handler2.officer.pk,
        "violation_item": flow.item.pk,
        "party": flow.party.pk,
        "act_on": "2023-01-01",
    }
    before = Snapshot.of(case)
    response = post_step(handler.client(), case, "request_filing", data)
    assert_refused(response, "超过追责期限", before, case)


def test_approve_filing(flow, frozen, leader, handler):
    case = pending(flow)
    text = leader.client().get(step_url(case, "approve_filing")).content.decode()
    assert "九十日内" in text
    assert 'id="step-blocked"' not in text
    handler_view = handler.client().get(step_url(case, "approve_filing")).content.decode()
    assert "须由负责人办理" in handler_view
    before = Snapshot.of(case)
    response = post_step(handler.client(), case, "approve_filing")
    assert_refused(response, "执法队员不能批准立案", before, case)
    assert_done(post_step(leader.client(), case, "approve_filing"), case, "已批准立案")
    case.refresh_from_db()
    assert (case.status, case.filed_on) == ("investigating", day(0))


def test_a_stale_page_is_refused(flow, frozen, leader):
    case = pending(flow)
    before = Snapshot.of(case)
    response = leader.client().post(step_url(case, "approve_filing"), {"version": case.version - 1})
    assert_refused(response, "案件已被他人更新", before, case)


def test_reject_filing(flow, frozen, leader, handler):
    case = pending(flow)
    before = Snapshot.of(case)
    response = post_step(leader.client(), case, "reject_filing", {"reason": "  "})
    assert_refused(response, "这个字段是必填项", before, case)
    response = post_step(handler.client(), case, "reject_filing", {"reason": "不属于本机关管辖"})
    assert_refused(response, "执法队员不能不予立案", before, case)
    response = post_step(leader.client(), case, "reject_filing", {"reason": "不属于本机关管辖"})
    assert_done(response, case, "不予立案")
    case.refresh_from_db()
    assert (case.status, case.closing_reason) == ("not_filed", "不属于本机关管辖")


def test_withdraw(flow, frozen, leader, handler):
    case = flow.filed()
    assert "各项期限停止计算" in leader.client().get(step_url(case, "withdraw")).content.decode()
    before = Snapshot.of(case)
    response = post_step(handler.client(), case, "withdraw", {"reason": "违法事实不存在"})
    assert_refused(response, "执法队员不能撤销立案", before, case)
    assert_done(post_step(leader.client(), case, "withdraw", {"reason": "违法事实不存在"}), case)
    case.refresh_from_db()
    assert case.status == "withdrawn"
    assert not case.deadlines.filter(met_on__isnull=True, cancelled=False).exists()


def test_assign_and_recuse_a_handler(flow, frozen, leader, handler, bureau):
    from zhifa.testing import factories as f

    case = flow.filed()
    third = f.OfficerFactory(name="王三", unit=bureau)
    f.certify(third)
    client = leader.client()
    assert "王三" in client.get(step_url(case, "assign_handler")).content.decode()
    before = Snapshot.of(case)
    response = post_step(client, case, "assign_handler", {"officer": handler.officer.pk})
    assert_refused(response, "张伟 已是本案承办人", before, case)
    assert_done(post_step(client, case, "assign_handler", {"officer": third.pk}), case, "王三")
    page = client.get(step_url(case, "recuse_handler")).content.decode()
    assert "张伟" in page
    assert "第43条" in page
    before = Snapshot.of(case)
    response = post_step(
        handler.client(), case, "recuse_handler", {"officer": third.pk, "reason": "亲属"}
    )
    assert_refused(response, "执法队员不能决定回避", before, case)
    response = post_step(client, case, "recuse_handler", {"officer": third.pk, "reason": "亲属"})
    assert_done(response, case, "已回避")
    assert CaseHandler.objects.get(case=case, officer=third).recusal_reason == "亲属"
    assert CaseEvent.objects.filter(case=case, kind="recuse_handler").count() == 1
