from django.db import models


class PartyKind(models.TextChoices):
    """行政相对人类别."""

    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"
    SOLE_TRADER = "sole_trader", "个体工商户"


class IdType(models.TextChoices):
    """证件类型. Only the resident ID (GB 11643) and the credit code (GB 32100) carry a check
    character; the others are checked for form only."""

    RESIDENT_ID = "resident_id", "居民身份证"
    USCC = "uscc", "统一社会信用代码"
    PASSPORT = "passport", "护照"
    HK_MACAO_PERMIT = "hk_macao_permit", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan_permit", "台湾居民来往大陆通行证"
    FOREIGN_PERMANENT = "foreign_permanent", "外国人永久居留身份证"
    OTHER = "other", "其他证件"
