"""National statutory numbers (rules.md §9), each with the article that sets it.

Other apps import these names; nothing else in the code base writes these numbers. What the law
leaves to local rules (hearing thresholds, statement periods, how a 个体工商户 counts) is
configuration in ``settings.ZHIFA_LOCAL_RULES`` (``zhifa.core.config.local_rules()``), not here.

Day counting (rules.md §8): ``_WD`` = working days (行政处罚法 Art 85, 行政强制法 Art 69,
行政复议法 Art 88); ``_DAYS`` = calendar days; months and years per 民法典 Art 202. The periods are
computed by ``zhifa.calendar.periods`` only.

Abbreviations in comments: 处罚法 = 行政处罚法 (2021); 强制法 = 行政强制法;
复议法 = 行政复议法 (2023); 诉讼法 = 行政诉讼法; 行诉解释 = 法释〔2018〕1号.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

# --- Who acts ------------------------------------------------------------------------------
MIN_OFFICERS: Final = 2  # 处罚法 Art 42; 强制法 Art 18 — at least two qualified officers
AGE_NO_PENALTY_BELOW: Final = 14  # 处罚法 Art 30 — under 14: no penalty
AGE_MITIGATE_BELOW: Final = 18  # 处罚法 Art 30 — 14 to 18: penalty must be mitigated

# --- Limitation ------------------------------------------------------------------------------
LIMITATION_GENERAL_YEARS: Final = 2  # 处罚法 Art 36 ¶1 — from the act or its end (¶2)
LIMITATION_EXTENDED_YEARS: Final = 5  # 处罚法 Art 36 ¶1 — life/health or financial safety + harm

# --- Simple procedure and on-the-spot collection (amounts in yuan, limits inclusive) -------
SIMPLE_MAX_FINE_PERSON: Final = Decimal(200)  # 处罚法 Art 51 — citizen
SIMPLE_MAX_FINE_ORG: Final = Decimal(3000)  # 处罚法 Art 51 — legal person or other organisation
ON_SPOT_COLLECT_MAX: Final = Decimal(100)  # 处罚法 Art 68 — simple-procedure decisions only

# --- General procedure -----------------------------------------------------------------------
EVIDENCE_PRESERVATION_DECISION_WD: Final = 7  # 处罚法 Arts 56, 85 — decide on preserved evidence
DECISION_LIMIT_DAYS: Final = 90  # 处罚法 Art 60 — from 立案; laws, regulations or rules may differ
HEARING_REQUEST_WD: Final = 5  # 处罚法 Arts 64(1), 85 — party asks within 5 WD of being told
HEARING_NOTICE_LEAD_WD: Final = 7  # 处罚法 Arts 64(2), 85 — notify ≥ 7 WD before the hearing
HEARING_AGENTS_MAX: Final = 2  # 处罚法 Art 64(5) — the party may bring one or two agents
SERVICE_LIMIT_WD: Final = 7  # 处罚法 Arts 61, 85 — serve an absent party within 7 WD
PUBLIC_NOTICE_SERVICE_DEEMED_DAYS: Final = 30  # 民事诉讼法 Art 95 (via 处罚法 Art 61)

# --- Payment and late surcharge --------------------------------------------------------------
PAYMENT_LIMIT_DAYS: Final = 15  # 处罚法 Art 67 ¶3 — from receipt of the decision
CASH_HANDOVER_WD: Final = 2  # 处罚法 Arts 71, 85 — officer → agency, agency → bank
SURCHARGE_RATE: Final = Decimal("0.03")  # 处罚法 Art 72 ¶1(1) — of the fine, per overdue day
SURCHARGE_CAP: Final = Decimal("1.0")  # 处罚法 Art 72 ¶1(1); 强制法 Art 45 — × the fine
# Surcharge days spent in review or litigation are not counted: 处罚法 Art 73 ¶3 (a rule, not a
# number; the payments app applies it).

# --- Disclosure ------------------------------------------------------------------------------
DISCLOSURE_WITHDRAW_WD: Final = 3  # 处罚法 Arts 48 ¶2, 85 — withdraw a changed/revoked decision
# Default, ◐ secondary source only (国办发〔2018〕118号 via W1; 双公示 W6/W7). A later issue may
# move it to settings.
DISCLOSURE_PENALTY_WD: Final = 7
# 政府信息公开条例 Art 26 (✅) for proactive disclosure; 118号 restates it (◐). Default.
DISCLOSURE_OTHER_ENFORCEMENT_WD: Final = 20

# --- Remedies --------------------------------------------------------------------------------
REVIEW_WINDOW_DAYS: Final = 60  # 复议法 Art 20 ¶1 — from knowledge of the act
LITIGATION_WINDOW_MONTHS: Final = 6  # 诉讼法 Art 46 ¶1 — from knowledge of the act
REMEDY_WINDOW_IF_NOT_INFORMED_YEARS: Final = 1  # 复议法 Art 20 ¶3; 行诉解释 Art 64
REMEDY_ABSOLUTE_BAR_YEARS: Final = 5  # 复议法 Art 21; 诉讼法 Art 46 ¶2 — from the act
REMEDY_ABSOLUTE_BAR_IMMOVABLE_YEARS: Final = 20  # 复议法 Art 21; 诉讼法 Art 46 ¶2
SUIT_AFTER_REVIEW_DAYS: Final = 15  # 诉讼法 Art 45 — from receipt of the review decision
RESPONDENT_ANSWER_REVIEW_WD: Final = 10  # 复议法 Arts 48, 88 — the bureau answers a review
RESPONDENT_ANSWER_LITIGATION_DAYS: Final = 15  # 诉讼法 Art 67 — the bureau files its defence

# --- Enforcement ---------------------------------------------------------------------------
CUIGAO_WAIT_WD: Final = 10  # 强制法 Arts 54, 69 — after the 催告书 is served
COURT_APPLICATION_WINDOW_MONTHS: Final = 3  # 强制法 Art 53; 行诉解释 Art 156; 处罚法 Art 72 ¶2
SURCHARGE_BEFORE_ENFORCEMENT_DAYS: Final = 30  # 强制法 Art 46 — surcharge > 30 days, then 催告
SEIZURE_LIMIT_DAYS: Final = 30  # 强制法 Art 25 — 查封、扣押
SEIZURE_EXTENSION_DAYS: Final = 30  # 强制法 Art 25 — once, with the head's approval
EXECUTION_SUSPENDED_BAR_YEARS: Final = 3  # 强制法 Art 39 — suspended 3 years: no execution

# --- Sector rules used by the catalog's areas ----------------------------------------------
ROAD_NO_DIG_NEW_YEARS: Final = 5  # 城市道路管理条例 Art 33 — new or rebuilt roads
ROAD_NO_DIG_OVERHAULED_YEARS: Final = 3  # 城市道路管理条例 Art 33 — overhauled roads
ROAD_EMERGENCY_REGULARISE_HOURS: Final = 24  # 城市道路管理条例 Art 34 — emergency digging
AS_BUILT_FILING_MONTHS: Final = 6  # 城乡规划法 Art 67 — as-built documents after acceptance

# --- Abandoned property --------------------------------------------------------------------
LOST_PROPERTY_CLAIM_YEARS: Final = 1  # 民法典 Art 318 — after the 招领公告
OWNERLESS_DECLARATION_YEARS: Final = 1  # 民事诉讼法 Art 203 — after the court's notice

# --- Local defaults (not national law; later issues may move them to settings) ------------
# Beijing 市容环境卫生条例 Art 35 (✅ L17): objects of unknown owners on roads — public notice of
# at least 7 days before removal. Default for the district.
OBSTRUCTION_NOTICE_MIN_DAYS: Final = 7
# Shanghai 城市管理行政执法条例 Art 22 ¶3 (✅ L18): seized goods unclaimed 60 days after notice
# may be auctioned. Default where the district has no rule of its own.
SEIZED_GOODS_UNCLAIMED_DAYS: Final = 60

# Credit display periods of penalty information under the new 《信用修复管理办法》 (in force
# 2026-04-01; ◐ news reports W11, full text not verified). Defaults, in months from the decision.
CREDIT_REPAIR_RULES_FROM: Final = date(2026, 4, 1)
CREDIT_DISPLAY_MINOR_MAX_MONTHS: Final = 3  # in principle not published; at most 3 months
CREDIT_DISPLAY_GENERAL_MIN_MONTHS: Final = 3
CREDIT_DISPLAY_GENERAL_MAX_MONTHS: Final = 12
CREDIT_DISPLAY_SERIOUS_MIN_MONTHS: Final = 12
CREDIT_DISPLAY_SERIOUS_MAX_MONTHS: Final = 36
