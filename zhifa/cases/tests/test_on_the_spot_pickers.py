"""The street forms' pickers (issue 9 §3): what the officer used lately first, its usual
partner pre-selected, search keys in pinyin initials, the catalog's standard fine, a new party
registered in place with the case (both or neither), and 「保存并打印决定书」 straight to the
printable decision."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from zhifa.cases import actions
from zhifa.cases.models import Case, Decision
from zhifa.cases.recent import recent_for
from zhifa.cases.record import Place
from zhifa.cases.tests.conftest import START
from zhifa.cases.tests.test_pages_intake import photo, spot_data
from zhifa.core.pinyin import initials, search_keys
from zhifa.documents.models import Document
from zhifa.law.actions import import_catalog
from zhifa.law.catalog_io import DEFAULT_CATALOG, parse
from zhifa.law.models import ViolationItem
from zhifa.law.standard_fines import standard_fine
from zhifa.org.actions import suspend_certificate
from zhifa.parties.models import Party, PartyChange
from zhifa.testing import factories as f
from zhifa.testing import parties as pf
from zhifa.testing.parties import unique_resident_id

pytestmark = pytest.mark.django_db


def spot(handler, co, item, party, street, fine: str = "50") -> Decision:
    return actions.decide_on_the_spot(
        actor=handler.user,
        co_handler=co,
        violation_item=item,
        party=party,
        facts="当事人在地铁站口随地吐痰",
        place=Place("人民路地铁站口"),
        street=street,
        penalty_kinds=["fine"],
        fine=Decimal(fine),
    )


@pytest.fixture
def third(bureau):
    """A third certified officer of the bureau (王强)."""
    officer = f.OfficerFactory(name="王强", unit=bureau)
    f.certify(officer)
    return officer


# --- pinyin initials -------------------------------------------------------------------------


def test_initials_are_the_first_letters_of_the_readings():
    assert initials("随地吐痰、便溺") == "sdttbn"
    assert initials("张伟") == "zw"


def test_initials_keep_latin_letters_and_digits_and_drop_punctuation():
    assert initials("SR-001 随地吐痰") == "sr001sdtt"


def test_search_keys_add_the_other_readings_of_the_first_character():
    """曾 is zēng as a surname, céng in a word: both find 曾伟."""
    keys = search_keys("曾伟").split()
    assert keys[0] == initials("曾伟")
    assert "zw" in keys
    assert "cw" in keys


# --- recently used, the usual partner ----------------------------------------------------------


def test_it_lists_the_items_of_my_last_cases_most_recent_first(
    handler, handler2, items, citizen, east_street, frozen
):
    spot(handler, handler2.officer, items["spit"], citizen, east_street)
    spot(handler, handler2.officer, items["dog"], citizen, east_street)
    spot(handler, handler2.officer, items["spit"], citizen, east_street)
    recent = recent_for(handler.user, handler.officer.pk)
    assert recent.items == [items["spit"].pk, items["dog"].pk]


def test_a_clue_i_registered_counts_among_my_cases(handler, items, east_street, frozen):
    actions.register_clue(
        source="patrol",
        found_on=START,
        facts="工地未设围挡",
        place=Place("建设路"),
        street=east_street,
        actor=handler.user,
        violation_item=items["site"],
    )
    assert recent_for(handler.user, handler.officer.pk).items == [items["site"].pk]


def test_the_usual_partner_is_the_one_most_often_paired_with_me(
    handler, handler2, third, items, citizen, east_street, frozen
):
    spot(handler, handler2.officer, items["spit"], citizen, east_street)
    spot(handler, handler2.officer, items["spit"], citizen, east_street)
    spot(handler, third, items["dog"], citizen, east_street)  # the latest, but once
    recent = recent_for(handler.user, handler.officer.pk)
    assert recent.usual_partner == handler2.officer.pk
    assert recent.co_handlers == [third.pk, handler2.officer.pk]


def test_between_partners_paired_as_often_the_most_recent_is_the_usual_one(
    handler, handler2, third, items, citizen, east_street, frozen
):
    spot(handler, handler2.officer, items["spit"], citizen, east_street)
    spot(handler, third, items["spit"], citizen, east_street)
    assert recent_for(handler.user, handler.officer.pk).usual_partner == third.pk


def test_only_my_last_cases_count_in_a_fixed_number_of_queries(
    handler, handler2, third, items, citizen, east_street, frozen, django_assert_num_queries
):
    spot(handler, third, items["dog"], citizen, east_street)  # beyond the last two
    spot(handler, handler2.officer, items["spit"], citizen, east_street)
    spot(handler, handler2.officer, items["spit"], citizen, east_street)
    with django_assert_num_queries(3):
        recent = recent_for(handler.user, handler.officer.pk, limit=2)
    assert recent.items == [items["spit"].pk]
    assert recent.co_handlers == [handler2.officer.pk]


def test_an_officer_with_no_cases_has_nothing_recent(handler, frozen):
    recent = recent_for(handler.user, handler.officer.pk)
    assert recent.items == []
    assert recent.usual_partner is None


# --- the page: recent first, the usual partner chosen, search keys -----------------------------


def _select(html: str, name: str) -> str:
    match = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert match, f"no select {name}"
    return match.group(0)


def test_the_page_lists_recent_items_first_with_their_search_keys(
    handler, handler2, items, citizen, east_street, frozen
):
    spot(handler, handler2.officer, items["dog"], citizen, east_street)
    html = handler.client().get(reverse("cases:on_the_spot")).content.decode()
    select = _select(html, "violation_item")
    assert 'data-picker="1"' in select
    first_group = re.search(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert first_group.group(1) == "最近使用"
    assert items["dog"].code in first_group.group(2)
    option = re.search(rf'<option value="{items["spit"].pk}"[^>]*>', select).group(0)
    assert 'data-keys="sr-001 sdttbn"' in option


def test_the_usual_partner_is_pre_selected(handler, handler2, items, citizen, east_street, frozen):
    spot(handler, handler2.officer, items["spit"], citizen, east_street)
    html = handler.client().get(reverse("cases:on_the_spot")).content.decode()
    select = _select(html, "co_handler")
    assert re.search(rf'<option value="{handler2.officer.pk}"[^>]*selected', select)
    assert re.search(r'<optgroup label="最近搭档">', select)


def test_a_partner_who_may_not_act_today_is_not_pre_selected(
    handler, handler2, items, citizen, east_street, frozen
):
    """行政处罚法 Art 42: a suspended certificate — the officer is listed, marked, not chosen."""
    spot(handler, handler2.officer, items["spit"], citizen, east_street)
    certificate = handler2.officer.certificates.get()
    suspend_certificate(certificate, on=START, reason="停职检查", actor=None)
    select = _select(
        handler.client().get(reverse("cases:on_the_spot")).content.decode(), "co_handler"
    )
    assert "selected" not in re.sub(r'<option value=""[^>]*>', "", select)
    assert "(今日不可承办)" in select


# --- the standard fine -------------------------------------------------------------------------


def test_the_standard_fine_is_the_ordinary_tier_of_a_tiered_item(items):
    """「可以处50元罚款，情节严重的处200元罚款」: 50, never the serious 200."""
    assert standard_fine(items["spit"], "person") == Decimal(50)
    assert standard_fine(items["spit"], "organisation") == Decimal(50)


def test_a_fixed_fine_is_its_amount(items):
    """YQ-001 犬只粪便: ¥50 (北京养犬规定 Art 30)."""
    assert standard_fine(items["dog"], "person") == Decimal(50)


def test_a_range_leaves_the_amount_to_the_officer(items):
    assert standard_fine(items["road"], "person") is None


def test_a_range_whose_mildest_band_is_one_amount_offers_that_amount(db):
    """SR-012 晾晒衣物: ¥20–50, the mildest band (轻微) ¥20 exactly."""
    raw = json.loads(DEFAULT_CATALOG.read_text(encoding="utf-8"))
    import_catalog(parse(json.dumps([r for r in raw if r["code"] == "SR-012"]).encode(), "json"))
    item = ViolationItem.objects.get(code="SR-012")
    assert standard_fine(item, "person") == Decimal(20)


def test_no_standard_fine_above_the_art_51_limit(items):
    """SR-013 工地围挡 starts at ¥2,000: nothing to offer a citizen on the spot."""
    assert standard_fine(items["site"], "person") is None


def test_the_page_carries_the_standard_fines_for_its_script(handler, items, frozen):
    html = handler.client().get(reverse("cases:on_the_spot")).content.decode()
    data = re.search(r'<script id="spot-fines" type="application/json">(.*?)</script>', html, re.S)
    fines = json.loads(unescape(data.group(1)))
    assert fines[str(items["spit"].pk)]["person"] == "50.00"
    assert str(items["road"].pk) not in fines


# --- a new party registered in place -----------------------------------------------------------


def unchosen(item, co, street, **kw) -> dict:
    """The on-the-spot form with no registered party chosen."""
    party = pf.person(name="不相干")
    return spot_data(item, party, co, street, **kw) | {"party": ""}


def new_party(**kw) -> dict:
    return {
        "new_party": "on",
        "new_kind": "person",
        "new_name": "赵小刚",
        "new_id_type": "resident_id",
        "new_id_number": unique_resident_id(424242),
        **kw,
    }


def test_a_new_party_is_registered_with_the_decision(
    handler, handler2, items, citizen, east_street, frozen
):
    data = unchosen(items["spit"], handler2.officer, east_street)
    response = handler.client().post(reverse("cases:on_the_spot"), data | new_party())
    assert response.status_code == 302, response.content.decode()[:2000]
    party = Party.objects.get(name="赵小刚")
    assert Case.objects.get().party == party
    change = PartyChange.objects.get(party=party)
    assert (change.kind, change.actor) == ("registered", handler.user)


def test_a_wrong_id_number_of_the_new_party_is_refused_on_its_field(
    handler, handler2, items, citizen, east_street, frozen
):
    data = unchosen(items["spit"], handler2.officer, east_street)
    before = Party.objects.count()
    response = handler.client().post(
        reverse("cases:on_the_spot"), data | new_party(new_id_number="110101199003071234")
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "证件号码：" in text  # the message names the field
    assert "校验码" in text
    assert Party.objects.count() == before
    assert not Case.objects.exists()


def test_a_refused_decision_registers_no_party(
    handler, handler2, items, citizen, east_street, frozen
):
    """Art 51: ¥300 is above the limit for a citizen — neither the case nor the new party."""
    data = unchosen(items["spit"], handler2.officer, east_street, fine="300")
    before = Party.objects.count()
    response = handler.client().post(reverse("cases:on_the_spot"), data | new_party())
    assert response.status_code == 409
    assert "罚款" in response.content.decode()
    assert Party.objects.count() == before
    assert not Case.objects.exists()


def test_a_new_party_already_registered_is_named(
    handler, handler2, items, citizen, east_street, frozen
):
    data = unchosen(items["spit"], handler2.officer, east_street)
    response = handler.client().post(
        reverse("cases:on_the_spot"), data | new_party(new_id_number=citizen.id_number)
    )
    text = response.content.decode()
    assert response.status_code == 409
    assert f"已登记为当事人「{citizen.name}」" in text
    assert not Case.objects.exists()
    assert not Party.objects.filter(name="赵小刚").exists()


def test_a_chosen_party_and_a_new_one_at_once_are_refused(
    handler, handler2, items, citizen, east_street, frozen
):
    data = spot_data(items["spit"], citizen, handler2.officer, east_street)
    response = handler.client().post(reverse("cases:on_the_spot"), data | new_party())
    assert response.status_code == 422
    assert "请不要同时选择已登记的当事人" in response.content.decode()
    assert not Party.objects.filter(name="赵小刚").exists()


def test_the_clue_form_registers_a_new_party_in_place(handler, east_street, frozen):
    data = {
        "source": "complaint",
        "found_on": "2026-03-02",
        "place": "人民路12号",
        "street": east_street.pk,
        "facts": "群众投诉店外占道经营",
    }
    response = handler.client().post(
        reverse("cases:new_clue"), data | new_party(new_kind="sole_trader", new_name="老王水果店")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Case.objects.get().party.name == "老王水果店"


def test_auxiliary_staff_register_clues_without_registering_parties(auxiliary, frozen):
    """Registering a party needs the whole ID number, which auxiliary staff do not see."""
    html = auxiliary.client().get(reverse("cases:new_clue")).content.decode()
    assert 'name="new_party"' not in html
    assert "登记新当事人</a>" in html  # the plain link to the parties page instead


# --- photos on a form shown again, and the print ----------------------------------------------


def test_a_refused_form_says_the_photos_must_be_chosen_again(
    handler, handler2, items, citizen, east_street, frozen
):
    data = spot_data(
        items["spit"], citizen, handler2.officer, east_street, fine="300", photos=[photo()]
    )
    text = handler.client().post(reverse("cases:on_the_spot"), data).content.decode()
    assert "刚才选择的 1 个文件没有保存" in text


def test_the_find_button_without_the_script_says_the_photos_must_be_chosen_again(
    handler, company, frozen
):
    """Without the page's script 查找 reloads the page, and a browser cannot keep a file input:
    the page says so (with the script 查找 searches in place, tests/e2e)."""
    response = handler.client().post(
        reverse("cases:new_clue"),
        {"party_q": "鑫源", "find_party": "1", "facts": "草稿", "photos": [photo()]},
    )
    text = response.content.decode()
    assert "示范市鑫源建筑工程有限公司" in text
    assert "刚才选择的 1 个文件没有保存" in text


def test_save_and_print_opens_the_printable_decision(
    handler, handler2, items, citizen, east_street, frozen
):
    """Art 52: the numbered decision handed over on the spot — made at once, its print page."""
    client = handler.client()
    data = spot_data(items["spit"], citizen, handler2.officer, east_street, go="print")
    response = client.post(reverse("cases:on_the_spot"), data)
    decision = Decision.objects.get()
    doc = Document.objects.get(case=decision.case, kind="on_the_spot_decision")
    assert response.status_code == 302
    assert response.url == reverse("documents:print", kwargs={"pk": doc.pk})
    assert doc.number == decision.number
    page = client.get(response.url).content.decode()
    assert "打印小票 (80毫米)" in page
    assert "请打印决定书" in page
    roll = client.get(reverse("documents:download", kwargs={"pk": doc.pk, "fmt": "roll"}))
    assert roll["Content-Type"] == "application/pdf"
    assert b"".join(roll.streaming_content if roll.streaming else [roll.content])[:5] == b"%PDF-"


def test_a_party_factory_party_is_found_by_the_party_api(handler, east_street, frozen):
    """The live search the tap list uses: the API answers the session of the page."""
    party = pf.person(name="孙丽", street=east_street)
    data = handler.client().get("/api/v1/parties/", {"q": "孙丽"}).json()
    assert [p["id"] for p in data["items"]] == [party.pk]
