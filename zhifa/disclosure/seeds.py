"""The starting random-check list (双随机、一公开 抽查事项清单) the portal's 事前公开 page shows
until the bureau enters its own in the admin. Migration 0003 loads it; tests that run after a
transactional test (which empties every table) load it again with :func:`seed`."""

from __future__ import annotations

from typing import Any

ITEMS = [
    (
        "燃气经营企业经营行为检查",
        "gas",
        "燃气经营企业",
        "《城镇燃气管理条例》第四十五条、第四十六条、第四十八条",
        "现场检查",
        "每年抽查比例不低于5%",
    ),
    (
        "建筑垃圾运输单位核准及运输行为检查",
        "construction_waste",
        "建筑垃圾运输单位、施工单位",
        "《城市建筑垃圾管理规定》(建设部令第139号)第二十二条至第二十六条",
        "现场检查",
        "每半年一次",
    ),
    (
        "施工工地围挡及扬尘防治检查",
        "city_appearance",
        "建设工程施工单位",
        "《北京市市容环境卫生条例》第四十六条",
        "现场检查",
        "每季度一次",
    ),
    (
        "城市道路挖掘占用许可执行情况检查",
        "roads",
        "道路挖掘、占用单位",
        "《城市道路管理条例》第四十二条",
        "现场检查",
        "每年抽查比例不低于5%",
    ),
    (
        "生活垃圾分类管理责任人履责检查",
        "garbage_sorting",
        "生活垃圾分类管理责任人",
        "《北京市生活垃圾管理条例》第六十八条",
        "现场检查",
        "每季度一次",
    ),
]


def seed(model: Any) -> None:
    """Create the starting list unless the bureau already has one (idempotent)."""
    if model.objects.exists():
        return
    for order, (name, category, subject, basis, method, frequency) in enumerate(ITEMS, 1):
        model.objects.create(
            name=name,
            category=category,
            subject=subject,
            basis=basis,
            method=method,
            frequency=frequency,
            sort_order=order * 10,
        )
