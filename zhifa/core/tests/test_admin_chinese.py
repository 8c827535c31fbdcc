"""The admin pages an administrator uses (holidays, units, officers, catalogue) read in Chinese
throughout (issue 9 §3): no "- Select an option -", no English time-zone note, and the apps of
the packages zhifa uses named in Chinese."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"
PAGES = [
    "admin:index",
    "admin:legal_calendar_calendaryear_changelist",
    "admin:legal_calendar_calendaryear_add",
    "admin:legal_calendar_holiday_changelist",
    "admin:legal_calendar_holiday_add",
    "admin:org_orgunit_add",
    "admin:org_officer_add",
    "admin:org_officer_changelist",
    "admin:law_violationitem_add",
    "admin:law_violationitem_changelist",
]
ENGLISH = ["Select an option", "Tasks Database Backend", "Access attempts", "Task Results"]


@pytest.mark.parametrize("name", PAGES)
def test_the_administrators_pages_are_chinese(admin_persona, name):
    html = admin_persona.client().get(reverse(name)).content.decode()
    for words in ENGLISH:
        assert words not in html, f"{words!r} on {name}"
    if '<option value="" selected>' in html:  # a blank choice: in Chinese
        assert '<option value="" selected>— 请选择 —</option>' in html


def test_the_time_zone_note_of_date_fields_is_chinese(admin_persona):
    script = admin_persona.client().get(reverse("admin:jsi18n")).content.decode()
    catalog = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), script)
    assert (
        "请按 %(timezone)s 时区 (北京时间) 填写时间。(您的设备比它慢 %(offset)s 小时。)" in catalog
    )


def _po(path: Path) -> dict[str, str]:
    """msgid → msgstr (the first plural form) of a small .po file."""
    text = path.read_text(encoding="utf-8")
    entries = {}
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? "(.*)"$', block, re.M)
        if msgid and msgstr and msgid.group(1):
            entries[msgid.group(1)] = msgstr.group(1)
    return entries


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalogues_match_their_sources(domain):
    """The .mo is committed (as every Django package's is); it must say what the .po says."""
    with (LOCALE / f"{domain}.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in _po(LOCALE / f"{domain}.po").items():
        assert compiled.gettext(msgid) == msgstr or compiled.ngettext(msgid, "", 1) == msgstr, (
            f"{domain}.mo is out of date for {msgid!r}: run msgfmt -o {domain}.mo {domain}.po"
        )
