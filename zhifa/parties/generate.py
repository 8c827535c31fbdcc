"""Made-up but valid identifiers, names and addresses for the demo district and the tests.

Everything is drawn from the ``random.Random`` passed in, so a seed gives the same district every
time. The numbers pass the real check-digit rules (GB 11643-1999, GB 32100-2015) but are random:
a generated number may by chance belong to a real person, so generated data must never leave a
demo or test database.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from zhifa.parties.choices import PartyKind
from zhifa.parties.identifiers import (
    PROVINCE_CODES,
    resident_id_check_digit,
    uscc_check_char,
)

# Registration authority + organisation category (GB 32100-2015 Annex A): 9 = market
# regulation (工商); 1 = enterprise, 2 = sole trader (个体工商户).
USCC_PREFIX = {PartyKind.ORGANISATION: "91", PartyKind.SOLE_TRADER: "92"}

# GB 11714-1997 organisation code (positions 9–17 of the USCC): weights of its check character.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方")
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红梅海燕志飞雪琳晨宇浩然子轩欣怡梓涵诗雨佳琪"  # noqa: E501
SHOP_WORDS = ("便民", "鑫源", "福满", "旺角", "顺发", "兴隆", "好邻居", "老街坊", "金穗", "康乐")
TRADES = ("小吃店", "水果店", "便利店", "五金店", "早餐铺", "烧烤店", "理发店", "维修部")
COMPANY_TRADES = ("建筑工程", "物业管理", "餐饮管理", "商贸", "渣土运输", "装饰工程", "燃气")
ROADS = ("东华门大街", "南池子大街", "朝阳门内大街", "安定门外大街", "和平里北街", "交道口南大街")


def random_resident_id(
    rng: random.Random,
    *,
    region: str = "110101",
    born_from: date = date(1950, 1, 1),
    born_to: date = date(2004, 12, 31),
    gender: str | None = None,
) -> str:
    """An 18-digit resident ID number with a correct check character. ``region`` is the 6-digit
    address code; ``gender`` is "M" or "F" (the parity of the 17th digit) or None for either."""
    if len(region) != 6 or not region.isdigit() or region[:2] not in PROVINCE_CODES:
        raise ValueError(f"region must be a 6-digit address code, got {region!r}")
    if born_to < born_from:
        raise ValueError("born_to is before born_from")
    born = born_from + timedelta(days=rng.randint(0, (born_to - born_from).days))
    sex = gender or rng.choice("MF")
    last = int(rng.choice("13579" if sex == "M" else "02468"))
    return make_resident_id(region=region, born=born, sequence=rng.randint(0, 99) * 10 + last)


def make_resident_id(*, region: str, born: date, sequence: int) -> str:
    """The 18-digit number of these parts (``sequence`` 0–999: odd for men) with its check
    character. For factories that need numbers unique by construction."""
    if not 0 <= sequence <= 999:
        raise ValueError(f"sequence must be 0–999, got {sequence}")
    body = f"{region}{born:%Y%m%d}{sequence:03d}"
    return body + resident_id_check_digit(body)


def _org_code(body: str) -> str:
    """A GB 11714 organisation code: 8 digits and its own check character (as it sits inside a
    real credit code), so generated codes look right to anyone who checks that part too."""
    c = 11 - sum(int(d) * w for d, w in zip(body, ORG_CODE_WEIGHTS, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(c, str(c))


def random_uscc(rng: random.Random, *, kind: str, region: str = "110101") -> str:
    """A credit code with a correct check character: "91…" for an enterprise
    (``kind="organisation"``), "92…" for a sole trader (``kind="sole_trader"``)."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    return make_uscc(kind=kind, region=region, org_code_body=body)


def make_uscc(*, kind: str, region: str = "110101", org_code_body: str) -> str:
    """The credit code of these parts (``org_code_body``: 8 digits) with its check character."""
    try:
        prefix = USCC_PREFIX[PartyKind(kind)]
    except (KeyError, ValueError):
        raise ValueError(f"kind must be organisation or sole_trader, got {kind!r}") from None
    if len(region) != 6 or not region.isdigit():
        raise ValueError(f"region must be a 6-digit division code, got {region!r}")
    if len(org_code_body) != 8 or not org_code_body.isdigit():
        raise ValueError(f"org_code_body must be 8 digits, got {org_code_body!r}")
    body = prefix + region + _org_code(org_code_body)
    return body + uscc_check_char(body)


def random_mobile(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))


def random_person_name(rng: random.Random) -> str:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.03 else rng.choice(SURNAMES)
    return surname + "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))


def random_shop_name(rng: random.Random, district: str = "东城区") -> str:
    return f"北京市{district}{rng.choice(SHOP_WORDS)}{rng.choice(TRADES)}"


def random_company_name(rng: random.Random) -> str:
    return f"北京{rng.choice(SHOP_WORDS)}{rng.choice(COMPANY_TRADES)}有限公司"


def random_address(rng: random.Random, *, district: str = "东城区", street: str = "") -> str:
    return f"北京市{district}{street}{rng.choice(ROADS)}{rng.randint(1, 300)}号"
