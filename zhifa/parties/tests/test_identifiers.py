"""居民身份证号码 (GB 11643-1999), 统一社会信用代码 (GB 32100-2015), other documents, phones."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from zhifa.parties.choices import IdType
from zhifa.parties.identifiers import (
    identity_key,
    resident_id_check_digit,
    to_18,
    uscc_check_char,
    validate_identifier,
    validate_phone,
    validate_resident_id,
    validate_uscc,
)
from zhifa.parties.tests.conftest import ID15, ID18, USCC

JUNE_1 = datetime(2026, 6, 1, 12, tzinfo=ZoneInfo("Asia/Shanghai"))


def with_check(body17: str) -> str:
    """A number that is wrong only in what the test is about: its check character is right."""
    return body17 + resident_id_check_digit(body17)


def refusal(func, *args) -> str:
    with pytest.raises(ValidationError) as exc:
        func(*args)
    return exc.value.messages[0]


# --- resident ID -------------------------------------------------------------------------------


def test_it_computes_the_check_digit_of_the_standard_example():
    assert resident_id_check_digit("11010519491231002") == "X"


@pytest.mark.parametrize(
    ("entered", "normalised"),
    [
        (ID18, ID18),
        ("11010519491231002x", ID18),  # lower-case x
        (" 110105 19491231 002X ", ID18),  # copied in groups
        (ID15, ID15),  # legacy number stays as entered
    ],
)
def test_it_accepts_and_normalises_valid_numbers(entered, normalised):
    assert validate_resident_id(entered) == normalised


@time_machine.travel(JUNE_1, tick=False)
@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "身份证号码不能为空"),
        ("1101051949123100", "身份证号码长度应为18位(或15位旧号码)，实际为 16 位"),
        ("11010519491231002X1", "身份证号码长度应为18位(或15位旧号码)，实际为 19 位"),
        ("11010519491231A02X", "身份证号码前17位应为数字，第 15 位为 A"),
        ("11010549123100X", "15位旧身份证号码应全为数字，第 15 位为 X"),
        (with_check("99010519491231002"), "地区码 99 不存在"),
        (with_check("16010519491231002"), "地区码 16 不存在"),
        ("990105491231002", "地区码 99 不存在"),
        (with_check("11010119901332002"), "出生日期 19901332 无效"),
        (with_check("11010119000229002"), "出生日期 19000229 无效"),  # 1900 is no leap year
        ("110101901332002", "出生日期 19901332 无效"),
        (with_check("11010120260602002"), "出生日期 20260602 晚于今天"),
        (with_check("11010118991231002"), "出生日期 18991231 早于1900年"),
        ("110105194912310025", "身份证号码校验码错误：第18位应为 X，实际为 5"),
        ("11010519491231002A", "身份证号码校验码错误：第18位应为 X，实际为 A"),
    ],
)
def test_it_says_exactly_what_is_wrong_with_a_resident_id(number, message):
    assert refusal(validate_resident_id, number) == message


@time_machine.travel(JUNE_1, tick=False)
def test_it_accepts_a_child_born_today():
    assert validate_resident_id(with_check("11010120260601002"))


def test_it_converts_a_15_digit_number_to_18_digits():
    assert to_18(ID15) == ID18
    assert to_18("110101800101001") == with_check("11010119800101001")


def test_it_refuses_to_convert_what_is_not_15_digits():
    with pytest.raises(ValueError, match="15 digits"):
        to_18(ID18)


def test_it_gives_old_and_new_numbers_of_one_person_the_same_identity_key():
    assert identity_key(IdType.RESIDENT_ID, ID15) == ID18
    assert identity_key(IdType.RESIDENT_ID, ID18.lower()) == ID18


# --- unified social credit code ----------------------------------------------------------------


def test_it_computes_the_uscc_check_character():
    assert uscc_check_char(USCC[:17]) == "3"
    assert uscc_check_char("91110000802100433") == "B"


def test_it_accepts_and_normalises_a_valid_uscc():
    assert validate_uscc(USCC) == USCC
    assert validate_uscc(" 9135 0100 m000 100y43 ") == USCC


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_it_refuses_the_letters_gb_32100_excludes(letter):
    code = USCC[:8] + letter + USCC[9:]
    assert refusal(validate_uscc, code) == (
        f"统一社会信用代码第 9 位含非法字符 {letter} (不得使用 I、O、Z、S、V)"
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "统一社会信用代码不能为空"),
        (USCC[:17], "统一社会信用代码长度应为18位，实际为 17 位"),
        (USCC + "1", "统一社会信用代码长度应为18位，实际为 19 位"),
        (USCC[:4] + "-" + USCC[5:], "统一社会信用代码第 5 位含非法字符 -"),
        (USCC[:4] + "A" + USCC[5:], "统一社会信用代码第3至8位应为行政区划码(数字)，第 5 位为 A"),
        (USCC[:17] + "4", "统一社会信用代码校验码错误：第18位应为 3，实际为 4"),
    ],
)
def test_it_says_exactly_what_is_wrong_with_a_uscc(code, message):
    assert refusal(validate_uscc, code).startswith(message)


# --- other documents ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("id_type", "entered", "normalised"),
    [
        (IdType.PASSPORT, "e12345678", "E12345678"),
        (IdType.HK_MACAO_PERMIT, "H1234567890", "H1234567890"),
        (IdType.TAIWAN_PERMIT, "12345678", "12345678"),
        (IdType.FOREIGN_PERMANENT, "USA123456789012", "USA123456789012"),
        (IdType.OTHER, "AB-12345", "AB-12345"),
    ],
)
def test_it_checks_other_documents_for_form_only(id_type, entered, normalised):
    assert validate_identifier(id_type, entered) == normalised


@pytest.mark.parametrize(
    ("entered", "message"),
    [
        ("E123", "护照号码长度应为5至30位，实际为 4 位"),
        ("E" * 31, "护照号码长度应为5至30位，实际为 31 位"),
        ("E1234_678", "护照号码只能包含字母、数字和连字符，第 6 位为 _"),
        ("", "护照号码不能为空"),
    ],
)
def test_it_says_what_is_wrong_with_a_passport_number(entered, message):
    assert refusal(validate_identifier, IdType.PASSPORT, entered) == message


def test_it_refuses_an_unknown_document_type():
    assert refusal(validate_identifier, "driving_licence", "123456") == (
        "证件类型「driving_licence」无效"
    )


# --- phone -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entered", "normalised"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("0755-1234567", "0755-1234567"),
        ("075512345678", "0755-12345678"),
        ("", ""),
    ],
)
def test_it_accepts_mobile_and_landline_numbers(entered, normalised):
    assert validate_phone(entered) == normalised


@pytest.mark.parametrize(
    ("entered", "message"),
    [
        ("12812345678", "手机号码应为11位数字、第2位为3至9，实际为「12812345678」"),
        ("1381234567", "手机号码应为11位数字、第2位为3至9，实际为「1381234567」"),
        ("87654321", "联系电话「87654321」格式不正确"),  # no area code
        ("010-123", "联系电话「010-123」格式不正确"),
    ],
)
def test_it_says_what_is_wrong_with_a_phone_number(entered, message):
    assert refusal(validate_phone, entered).startswith(message)
