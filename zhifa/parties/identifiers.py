"""Checking and normalising the numbers that identify a party.

* 居民身份证号码 — GB 11643-1999 《公民身份号码》: 6-digit address code, 8-digit birth date,
  3-digit sequence (odd for men, even for women), one check character (ISO 7064 MOD 11-2).
  Numbers issued before 1999 have 15 digits (YYMMDD birth date, no check character); they are
  still valid and must be recognised as the same person as their 18-digit form.
* 统一社会信用代码 — GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》: registration
  authority (1 char), organisation category (1), division code (6 digits), organisation code (9),
  check character (1), over a 31-character alphabet without I, O, Z, S, V (so that they cannot be
  mistaken for 1, 0, 2, 5, U).
* Other documents (passport, permits) are checked for form only: their check digits (ICAO 9303 for
  passports) apply to the machine-readable zone, not to the number as officers copy it.

Every refusal is a ``ValidationError`` whose Chinese message says exactly what is wrong, because
an officer on the street must be able to correct a mistyped number from the message alone.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from zhifa.parties.choices import IdType

# --- GB 11643-1999 -----------------------------------------------------------------------------

# Weight of position i (1-based from the left) is 2^(18-i) mod 11; the check character maps the
# weighted sum mod 11 to "10X98765432" (GB 11643-1999 §8.2).
RESIDENT_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
RESIDENT_ID_CHECK_MAP = "10X98765432"

# First two digits: province-level division (GB/T 2260). 71 Taiwan, 81 Hong Kong, 82 Macao and
# 83 (residence permits for Taiwan residents, 2018) are issued too.
PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23"}
    | {"31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46"}
    | {"50", "51", "52", "53", "54"}
    | {"61", "62", "63", "64", "65"}
    | {"71", "81", "82", "83"}
)
EARLIEST_BIRTH = date(1900, 1, 1)

# --- GB 32100-2015 -----------------------------------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_EXCLUDED = frozenset("IOZSV")

# --- Other documents and phone numbers ---------------------------------------------------------

DOCUMENT_MIN, DOCUMENT_MAX = 5, 30
DOCUMENT_RE = re.compile(r"[A-Z0-9-]")
MOBILE_RE = re.compile(r"1[3-9]\d{9}")
# Area codes: 010 and 02X have three digits, every other (0XXX) four; local numbers 7–8 digits.
LANDLINE_RE = re.compile(r"(0(?:10|2\d)|0[3-9]\d{2})-?(\d{7,8})")

_SPACES = re.compile(r"\s+")


def _compact(value: str) -> str:
    """Upper case without any whitespace: officers copy numbers in groups ("110101 1990…")."""
    return _SPACES.sub("", value or "").upper()


def resident_id_check_digit(body17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits."""
    if len(body17) != 17 or not body17.isdigit():
        raise ValueError(f"body17 must be 17 digits, got {body17!r}")
    total = sum(int(c) * w for c, w in zip(body17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK_MAP[total % 11]


def to_18(id15: str) -> str:
    """A legacy 15-digit number as its 18-digit equivalent: "19" before the two-digit year, then
    the check character (GB 11643-1999 superseded GB 11643-1989; every 15-digit holder was born
    in the 1900s)."""
    if len(id15) != 15 or not id15.isdigit():
        raise ValueError(f"id15 must be 15 digits, got {id15!r}")
    body = id15[:6] + "19" + id15[6:]
    return body + resident_id_check_digit(body)


def _first_non_digit(value: str) -> tuple[int, str] | None:
    for i, c in enumerate(value, start=1):
        if not c.isascii() or not c.isdigit():
            return i, c
    return None


def _check_birth_date(digits: str, today: date) -> None:
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise ValidationError(f"出生日期 {digits} 无效", code="invalid_birth_date") from None
    if born > today:
        raise ValidationError(f"出生日期 {digits} 晚于今天", code="future_birth_date")
    if born < EARLIEST_BIRTH:
        raise ValidationError(f"出生日期 {digits} 早于1900年", code="birth_date_too_early")


def validate_resident_id(value: str, *, today: date | None = None) -> str:
    """The number normalised (no spaces, upper-case X), or ValidationError saying what is wrong.
    A 15-digit number stays 15 digits here; ``identity_key`` maps it to 18."""
    number = _compact(value)
    today = today or timezone.localdate()
    if not number:
        raise ValidationError("身份证号码不能为空", code="required")
    if len(number) not in (15, 18):
        raise ValidationError(
            f"身份证号码长度应为18位(或15位旧号码)，实际为 {len(number)} 位", code="length"
        )
    digits = number if len(number) == 15 else number[:17]
    bad = _first_non_digit(digits)
    if bad:
        what = "15位旧身份证号码应全为数字" if len(number) == 15 else "身份证号码前17位应为数字"
        raise ValidationError(f"{what}，第 {bad[0]} 位为 {bad[1]}", code="not_digit")
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(f"地区码 {number[:2]} 不存在", code="province")
    birth = "19" + number[6:12] if len(number) == 15 else number[6:14]
    _check_birth_date(birth, today)
    if len(number) == 18:
        expected = resident_id_check_digit(number[:17])
        if number[17] != expected:
            raise ValidationError(
                f"身份证号码校验码错误：第18位应为 {expected}，实际为 {number[17]}",
                code="check_digit",
            )
    return number


def uscc_check_char(body17: str) -> str:
    """The GB 32100-2015 check character: c = 31 − (Σ value×weight mod 31), 31 written as 0."""
    if len(body17) != 17 or any(c not in USCC_ALPHABET for c in body17):
        raise ValueError(f"body17 must be 17 characters of the USCC alphabet, got {body17!r}")
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> str:
    """The code normalised (upper case, no spaces), or ValidationError saying what is wrong."""
    code = _compact(value)
    if not code:
        raise ValidationError("统一社会信用代码不能为空", code="required")
    if len(code) != 18:
        raise ValidationError(f"统一社会信用代码长度应为18位，实际为 {len(code)} 位", code="length")
    for i, c in enumerate(code, start=1):
        if c in USCC_EXCLUDED:
            raise ValidationError(
                f"统一社会信用代码第 {i} 位含非法字符 {c} (不得使用 I、O、Z、S、V)",
                code="illegal_char",
            )
        if c not in USCC_ALPHABET:
            raise ValidationError(
                f"统一社会信用代码第 {i} 位含非法字符 {c} (只能使用数字和除 I、O、Z、S、V 以外"
                f"的大写字母)",
                code="illegal_char",
            )
    bad = _first_non_digit(code[2:8])
    if bad:
        raise ValidationError(
            f"统一社会信用代码第3至8位应为行政区划码(数字)，第 {bad[0] + 2} 位为 {bad[1]}",
            code="division_code",
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            f"统一社会信用代码校验码错误：第18位应为 {expected}，实际为 {code[17]}",
            code="check_char",
        )
    return code


def validate_document_number(value: str, label: str = "证件号码") -> str:
    """Passports and permits: form only (5–30 letters, digits or hyphens), upper case."""
    number = _compact(value)
    if not number:
        raise ValidationError(f"{label}不能为空", code="required")
    if not DOCUMENT_MIN <= len(number) <= DOCUMENT_MAX:
        raise ValidationError(
            f"{label}长度应为{DOCUMENT_MIN}至{DOCUMENT_MAX}位，实际为 {len(number)} 位",
            code="length",
        )
    for i, c in enumerate(number, start=1):
        if not DOCUMENT_RE.fullmatch(c):
            raise ValidationError(
                f"{label}只能包含字母、数字和连字符，第 {i} 位为 {c}", code="illegal_char"
            )
    return number


def validate_identifier(id_type: str, value: str, *, today: date | None = None) -> str:
    """``value`` checked by the rule of ``id_type`` and normalised."""
    if id_type == IdType.RESIDENT_ID:
        return validate_resident_id(value, today=today)
    if id_type == IdType.USCC:
        return validate_uscc(value)
    if id_type in IdType.values:
        return validate_document_number(value, f"{IdType(id_type).label}号码")
    raise ValidationError(f"证件类型「{id_type}」无效", code="id_type")


def identity_key(id_type: str, value: str, *, today: date | None = None) -> str:
    """The canonical form used for "one party per identifier": the normalised number, with a
    15-digit resident ID replaced by its 18-digit equivalent so that one person cannot be
    registered twice under the old and the new number."""
    number = validate_identifier(id_type, value, today=today)
    if id_type == IdType.RESIDENT_ID and len(number) == 15:
        return to_18(number)
    return number


def canonical_identifier(id_type: str, number: str) -> str:
    """``identity_key`` of a number already stored (so already checked): no date-dependent
    validation, so re-indexing old rows (``zhifa crypto rotate``) never refuses one."""
    compact = _compact(number)
    if id_type == IdType.RESIDENT_ID and len(compact) == 15 and compact.isdigit():
        return to_18(compact)
    return compact


def validate_phone(value: str) -> str:
    """A mobile number (11 digits, 1[3-9]…) or a landline with its area code, normalised to
    ``13812345678`` / ``010-12345678``. An empty value stays empty (the phone is optional)."""
    phone = _SPACES.sub("", value or "")
    if not phone:
        return ""
    phone = re.sub(r"^(\+86|0086)-?", "", phone)
    if phone.startswith("1"):
        if MOBILE_RE.fullmatch(phone):
            return phone
        raise ValidationError(
            f"手机号码应为11位数字、第2位为3至9，实际为「{phone}」", code="mobile"
        )
    match = LANDLINE_RE.fullmatch(phone)
    if match:
        return f"{match[1]}-{match[2]}"
    raise ValidationError(
        f"联系电话「{phone}」格式不正确：应为11位手机号码(如 13812345678)"
        "或带区号的固定电话(如 010-12345678)",
        code="phone",
    )


def birth_date_of(resident_id: str) -> date:
    """Birth date encoded in a valid resident ID number (15 or 18 digits)."""
    digits = "19" + resident_id[6:12] if len(resident_id) == 15 else resident_id[6:14]
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def gender_of(resident_id: str) -> str:
    """ "M" or "F" (org ``Gender`` values): the sequence code is odd for men (GB 11643 §6.3)."""
    digit = resident_id[14] if len(resident_id) == 15 else resident_id[16]
    return "M" if int(digit) % 2 else "F"
