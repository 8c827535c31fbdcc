"""Masking of a natural person's data for viewers who may not see it whole.

行政处罚法 Art 50 obliges the authority to keep personal privacy confidential; the credit
"双公示" rules require natural-person identifiers to be masked on display. No national standard
fixes the exact pattern (rules.md §4.4, ❌ UNVERIFIED), so these follow the common practice of
government disclosure sites: keep just enough to tell two records apart, never enough to identify
a person. Pure functions, so every page, API and export masks the same way.
"""

from __future__ import annotations

import re

STAR = "*"
MASKED_REST = "****"

# The district-level unit ends the administrative prefix that may be shown. Province-level
# "自治区"/"特别行政区", prefecture-level "地区" and places that merely end in 区 ("小区" …) are
# not it.
_DISTRICT_MARKERS = "区县旗"
_NOT_DISTRICT = ("自治区", "特别行政区", "地区", "小区", "社区", "园区", "校区", "景区", "厂区")
_TOWNSHIP = re.compile(r"街道|镇|乡")
# A township name is short and contains no road, number or building word; otherwise the 镇/乡 we
# found is part of a street name (e.g. "镇江胡同") and showing it would leak the address.
_NOT_TOWNSHIP_NAME = re.compile(r"[路街巷道号弄里村栋楼室院]|胡同|\d")
_TOWNSHIP_MAX_NAME = 8


def _stars(n: int) -> str:
    return STAR * max(n, 0)


def mask_id_number(value: str) -> str:
    """18-digit ID: first 3 (province + city) and last 4; 15-digit ID: first 3 and last 4; other
    documents: first 2 and last 2. Numbers too short to hide anything become all stars."""
    value = value or ""
    n = len(value)
    if n == 18:
        return value[:3] + _stars(11) + value[-4:]
    if n == 15:
        return value[:3] + _stars(8) + value[-4:]
    if n < 6:
        return _stars(n)
    return value[:2] + _stars(n - 4) + value[-2:]


def mask_name(value: str) -> str:
    """The first character (the surname for most names) and a star for every other one."""
    value = (value or "").strip()
    if len(value) <= 1:
        return _stars(len(value))
    return value[0] + _stars(len(value) - 1)


def mask_phone(value: str) -> str:
    """Mobile: first 3 and last 4 (138****5678). Landline: the area code and the last 4 of the
    local number (010-****5678). Anything else: the last 4 only."""
    value = (value or "").strip()
    if not value:
        return ""
    if "-" in value:
        area, _, local = value.partition("-")
        if len(local) > 4:
            return f"{area}-{_stars(len(local) - 4)}{local[-4:]}"
        return f"{area}-{_stars(len(local))}"
    if len(value) == 11 and value.isdigit():
        return value[:3] + _stars(4) + value[-4:]
    if len(value) <= 4:
        return _stars(len(value))
    return _stars(len(value) - 4) + value[-4:]


def _district_end(address: str) -> int:
    """Index just after the first district-level marker, or 0 if there is none."""
    for i, c in enumerate(address):
        if c not in _DISTRICT_MARKERS:
            continue
        if any(address[: i + 1].endswith(word) for word in _NOT_DISTRICT):
            continue
        return i + 1
    return 0


def mask_address(value: str) -> str:
    """The administrative prefix up to the district (区/县/旗), extended to the street or
    township (街道/镇/乡) directly after it, then "****". Without a district, a city (市) prefix is
    kept; with neither, nothing."""
    address = (value or "").strip()
    if not address:
        return ""
    end = _district_end(address)
    if end == 0:
        end = address.find("市") + 1  # county-level city, e.g. "义乌市稠城街道…"
    township = _TOWNSHIP.search(address, end)
    if township:
        name = address[end : township.start()]
        if 0 < len(name) <= _TOWNSHIP_MAX_NAME and not _NOT_TOWNSHIP_NAME.search(name):
            end = township.end()
    if end == 0 or end >= len(address):
        return MASKED_REST if end == 0 else address
    return address[:end] + MASKED_REST
