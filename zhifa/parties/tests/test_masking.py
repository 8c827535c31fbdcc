"""Masking of personal data (行政处罚法 Art 50): what stays visible, what becomes stars."""

from __future__ import annotations

import pytest

from zhifa.parties.masking import mask_address, mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("110101199003071234", "110***********1234"),
        ("11010519491231002X", "110***********002X"),
        ("110105491231002", "110********1002"),  # legacy 15 digits
        ("E12345678", "E1*****78"),  # passport
        ("H1234567890", "H1*******90"),
        ("AB1234", "AB**34"),
        ("AB123", "*****"),  # too short to hide anything if 4 of 5 were shown
        ("", ""),
    ],
)
def test_it_masks_id_numbers(value, masked):
    assert mask_id_number(value) == masked
    assert len(mask_id_number(value)) == len(value)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("张三", "张*"),
        ("欧阳娜娜", "欧***"),
        ("李", "*"),
        ("买买提·艾力", "买*****"),
        (" 王小明 ", "王**"),
        ("", ""),
    ],
)
def test_it_masks_names(value, masked):
    assert mask_name(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("010-12345678", "010-****5678"),
        ("0755-1234567", "0755-***4567"),
        ("95588", "*5588"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_it_masks_phone_numbers(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("北京市东城区东华门街道南池子大街1号", "北京市东城区东华门街道****"),
        ("北京市东城区南池子大街1号", "北京市东城区****"),
        # 镇 inside a street name is not a township: the street name stays hidden.
        ("北京市东城区南池子大街镇江胡同3号", "北京市东城区****"),
        ("河北省保定市涞水县三坡镇南峪村12号", "河北省保定市涞水县三坡镇****"),
        ("新疆维吾尔自治区乌鲁木齐市天山区解放北路1号", "新疆维吾尔自治区乌鲁木齐市天山区****"),
        ("内蒙古自治区包头市土默特右旗萨拉齐镇1号", "内蒙古自治区包头市土默特右旗萨拉齐镇****"),
        ("浙江省义乌市稠城街道工人北路1号", "浙江省义乌市稠城街道****"),
        ("北京市朝阳区阳光小区3号楼", "北京市朝阳区****"),
        ("阳光小区3号楼2单元", "****"),  # no administrative prefix at all
        ("北京市东城区", "北京市东城区"),  # nothing personal to hide
        ("", ""),
    ],
)
def test_it_masks_addresses_after_the_administrative_prefix(value, masked):
    assert mask_address(value) == masked
