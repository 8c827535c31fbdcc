"""Plausible Chinese names and places for the demo district (deterministic from a Random)."""

from __future__ import annotations

import random

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉兰志强晓东海燕红梅文博子涵思远"
    "浩然雨欣宇航佳怡俊杰欣怡梓轩诗涵一鸣立新春生德华淑珍凤英建军永刚晓明丽娟海波国庆卫东振华"
)
STREETS = [
    ("东城街道", "DC"),
    ("西城街道", "XC"),
    ("南苑街道", "NY"),
    ("北苑街道", "BY"),
    ("和平街道", "HP"),
    ("建设街道", "JS"),
    ("朝阳街道", "CY"),
    ("新华街道", "XH"),
    ("光明街道", "GM"),
    ("幸福街道", "XF"),
]
ROADS = [
    "人民路",
    "解放路",
    "建设大街",
    "和平路",
    "光明路",
    "新华大街",
    "中山路",
    "育才路",
    "文化路",
    "胜利街",
    "友谊路",
    "长安街",
    "朝阳路",
    "滨河路",
    "工业路",
]
SHOP_WORDS = [
    "鑫源",
    "华泰",
    "金福",
    "兴隆",
    "德顺",
    "宏达",
    "恒信",
    "永安",
    "顺发",
    "福来",
    "嘉禾",
    "瑞丰",
    "万通",
    "百盛",
    "同心",
    "利民",
    "家和",
    "和顺",
    "鼎盛",
    "汇通",
]
ORG_KINDS = [
    ("餐饮管理有限公司", 3),
    ("建筑工程有限公司", 2),
    ("渣土运输有限公司", 2),
    ("燃气有限公司", 1),
    ("房地产开发有限公司", 1),
    ("商贸有限公司", 2),
    ("物业服务有限公司", 2),
    ("市政工程有限公司", 1),
    ("广告传媒有限公司", 1),
    ("酒店管理有限公司", 1),
]
SOLE_KINDS = [
    "小吃店",
    "便利店",
    "五金店",
    "水果店",
    "烧烤店",
    "面馆",
    "理发店",
    "菜店",
    "早点铺",
    "烟酒店",
    "汽修店",
    "服装店",
]


def person_name(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES)
    if rng.random() < 0.45:
        return surname + rng.choice(GIVEN)
    start = rng.randrange(0, len(GIVEN) - 1)
    return surname + GIVEN[start : start + 2]


def address(rng: random.Random, street: str) -> str:
    return f"示范市示范区{street}{rng.choice(ROADS)}{rng.randint(1, 288)}号"


def organisation_name(rng: random.Random) -> str:
    kinds = [k for k, w in ORG_KINDS for _ in range(w)]
    return f"示范市{rng.choice(SHOP_WORDS)}{rng.choice(SHOP_WORDS)}{rng.choice(kinds)}"


def sole_trader_name(rng: random.Random, operator: str) -> str:
    return f"示范区{operator}{rng.choice(SOLE_KINDS)}"
