"""Cases at every stage, made through the real actions (the case tests' ``Flow``), full enough
that a page shows what it would show at the bureau: long facts with an unbroken URL and file
name, a long party name and address, several deadlines, events, documents and services. Used by
test_phone_widths.py, which visits each step's page on the case at the stage the step is taken.

Dates run up to today (the live server's today, not a frozen one): a case is started ``ago``
days before today, so every step happened in the past and each page sees the case as it would
be now."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from zhifa.cases import actions
from zhifa.cases.actions.investigation import order_correction
from zhifa.cases.models import Case
from zhifa.cases.record import Place, Upload
from zhifa.cases.tests.conftest import Flow
from zhifa.core.actions import notify
from zhifa.delivery import actions as delivery
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.models import Document
from zhifa.documents.renderer import deferred_renders, render_pending
from zhifa.law.models import ViolationItem
from zhifa.org.models import Officer, OrgUnit, User
from zhifa.parties.models import Party
from zhifa.performance import actions as performance
from zhifa.performance import selectors as balances
from zhifa.testing import parties as pf
from zhifa.testing.service import PNG, in_force

LONG_NAME = (
    "示范市鑫源建筑工程有限公司第一分公司（人民路综合管廊及地下空间开发利用二期工程项目经理部）"
)
LONG_ADDRESS = (
    "北京市示范区东城街道人民路甲12号院3号楼2单元1101室（原门牌：建设路88-1号，"
    "统一地址编码 110101003001000120003021101）"
)
URL = "https://zhifa.example.gov.cn/evidence/2026/ABCDEF0123456789ABCDEF0123456789ABCDEF"
PHOTO = "IMG_20261203_101112_HDR_0001234567890_renminlu_north_side_panorama_original.png"
LONG_FACTS = (
    "巡查发现当事人在人民路甲12号北侧人行道擅自挖掘城市道路，开挖面积约12平方米，深约1.5米，"
    "未设置围挡和警示标志，影响行人通行；现场未能出示城市道路挖掘许可证。\n"
    f"现场照片及视频已上传：{URL}，原始文件 {PHOTO}；"
    "施工单位现场负责人称系为接驳燃气管线临时开挖，已于三日前开工。"
)
LONG_PLACE = "人民路甲12号北侧人行道（人民路与建设路交叉口东北角，公交站台以东约30米）"


@dataclass
class Persona:
    """Who the ``Flow`` of the case tests acts as: a demo login and its officer."""

    user: User
    officer: Officer | None


def persona(username: str) -> Persona:
    user = User.objects.get(username=username)
    return Persona(user, Officer.objects.filter(user=user).first())


class FullFlow(Flow):
    """The case tests' ``Flow`` with long facts and place; ``investigated``: filed, then the
    investigation's records (``investigate``) before the report."""

    investigated: bool = False

    def clue(self) -> Case:
        self.case = actions.register_clue(
            source="patrol",
            found_on=self.day,
            facts=LONG_FACTS,
            street=self.street,
            place=Place(LONG_PLACE),
            actor=self.handler.user,
        )
        return self.case

    def filed(self) -> Case:
        super().filed()
        if self.investigated:
            investigate(self, self.day + timedelta(days=1), pending=False)
        return self.refresh()


@dataclass
class World:
    """The cases by stage (``cases[stage]``) and what the other pages need."""

    party: Party
    cases: dict[str, Case] = field(default_factory=dict)
    postal: int = 0  # the service of a posted document, waiting for its receipt
    decision: int = 0  # the served case's 决定书 (its service forms: one per mode)


def _when(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _photo() -> Upload:
    return Upload(
        io.BytesIO(PNG), PHOTO, "documentary", "现场照片：北侧人行道开挖全景", "image/png"
    )


def investigate(flow: FullFlow, on: date, *, pending: bool = True) -> Case:
    """A transcript, evidence with a long file name, a correction order (its deadline open) and
    a preservation approved; ``pending``: its decision still due and a second one waiting for
    the head's approval, else decided (the report needs every preservation decided)."""
    case = flow.refresh()
    handler = flow.handler.user
    actions.record_transcript(
        case,
        actor=handler,
        kind="interview",
        started_at=_when(on, 9),
        ended_at=_when(on, 10),
        place=LONG_PLACE,
        interviewee="项目经理王某某（身份证号 110101199003071234）",
        content="问：你单位开挖人民路人行道是否取得挖掘许可？答：没有，正在办理。" * 6,
    )
    actions.add_evidence(
        case,
        actor=handler,
        kind="documentary",
        uploads=(_photo(),),
        description=f"现场照片，原始文件 {PHOTO}，见 {URL}",
    )
    order_correction(
        case,
        actor=handler,
        content="立即停止挖掘，恢复道路原状，设置围挡和警示标志",
        due_on=on + timedelta(days=20),
        on=on,
    )
    first = actions.request_preservation(
        case, actor=handler, items="挖掘机一台（型号 SY75C-10，编号 SY0075C2026001234）", on=on
    )
    actions.approve_preservation(first, actor=flow.leader.user, on=on)
    if pending:
        actions.request_preservation(case, actor=handler, items="切割机两台、施工围挡八块", on=on)
    else:
        actions.decide_preservation(first, actor=handler, decision="予以退还", on=on)
    return flow.refresh()


class Maker:
    """Makes the world's cases: the demo's handlers, head and reviewer; 东城街道; the party."""

    def __init__(self) -> None:
        self.who = {u: persona(u) for u in ("handler", "handler2", "leader", "reviewer")}
        self.street = OrgUnit.objects.get(code="ST-DC")
        self.road = ViolationItem.objects.get(code="DL-002")  # 擅自挖掘城市道路: ≤ ¥20,000
        self.gas = ViolationItem.objects.get(code="RQ-001")  # ¥50,000–500,000: hearing offered
        party = pf.organisation(name=LONG_NAME, address=LONG_ADDRESS, street=self.street)
        self.world = World(party=party)

    def flow(self, ago: int, *, gas: bool = False) -> FullFlow:
        w = self.who
        day = timezone.localdate() - timedelta(days=ago)
        item = self.gas if gas else self.road
        flow = FullFlow(
            w["handler"], w["handler2"], w["leader"], w["reviewer"], item, self.world.party,
            self.street, day,
        )  # fmt: skip
        if gas:
            flow.fine, flow.kinds = Decimal("100000"), ["fine"]
        return flow

    def add(self, stage: str, case: Case) -> None:
        case.refresh_from_db()
        self.world.cases[stage] = case


def build() -> World:
    """Every stage a step page needs (test_phone_widths.STEP_STAGES). The documents of the case
    page's case are rendered (its lists show their files); the others are left pending, as a
    bulk load leaves them (their files are not what the pages show, and rendering the DOCX of
    some 60 documents would take most of the test's time)."""
    maker = Maker()
    with deferred_renders():
        _intake(maker)
        _notice_and_review(maker)
        _served(maker)
        _after(maker)
        _on_the_spot(maker)
        _notices(maker.world)
    world = maker.world
    served = Document.objects.filter(case=world.cases["served"]).values_list("pk", flat=True)
    render_pending(served)
    return world


def _intake(m: Maker) -> None:
    m.add("clue", m.flow(3).clue())
    flow = m.flow(3)
    flow.clue()
    actions.request_filing(
        flow.case,
        actor=flow.handler.user,
        handlers=[flow.handler.officer, flow.handler2.officer],
        violation_item=m.road,
        party=m.world.party,
        act_on=flow.day - timedelta(days=3),
        on=flow.day,
    )
    m.add("filing_pending", flow.refresh())
    flow = m.flow(2)
    flow.clue()
    actions.reject_filing(
        flow.case, actor=flow.leader.user, reason="不属于本机关管辖，已告知举报人"
    )
    m.add("not_filed", flow.refresh())
    m.add("filed", m.flow(10).filed())
    flow = m.flow(10)
    flow.filed()
    m.add("investigating", investigate(flow, flow.day + timedelta(days=1)))
    m.add("investigated", m.flow(20).reported())


def _notice_and_review(m: Maker) -> None:
    """Notified (a hearing offered, a statement recorded), a hearing scheduled, heard (the
    party waived), before the reviewer, reviewed."""
    flow = m.flow(9, gas=True)  # the notice served yesterday: a hearing may still be asked
    case = flow.notified()
    actions.record_statement(
        case,
        actor=flow.handler.user,
        content="当事人称系为抢修燃气管线临时开挖，请求从轻处罚。" * 4,
        received_on=flow.day + timedelta(days=9),
    )
    m.add("notified", case)
    flow = m.flow(40, gas=True)
    case = flow.notified()
    actions.request_hearing(
        case, actor=flow.handler.user, requested_on=flow.day + timedelta(days=9)
    )
    host = Officer.objects.get(user=m.who["leader"].user)
    actions.schedule_hearing(
        case,
        actor=flow.handler.user,
        notified_on=flow.day + timedelta(days=10),
        hearing_on=flow.day + timedelta(days=30),
        place="区城管委三楼听证室（人民路甲1号）",
        host=host,
    )
    m.add("hearing", case)
    m.add("heard", m.flow(20).heard())
    flow = m.flow(20)
    flow.heard()
    actions.submit_legal_review(
        flow.case, actor=flow.handler.user, on=flow.day + timedelta(days=10)
    )
    m.add("legal_review", flow.refresh())
    m.add("reviewed", m.flow(20).reviewed())


def _served(m: Maker) -> None:
    """The case page's case: investigated, decided and served, then a partial payment, a
    payment plan waiting for the head, an application for review and a document posted."""
    flow = m.flow(24)
    flow.investigated = True
    case = flow.served(findings=LONG_FACTS)
    handler = flow.handler.user
    served_on = flow.day + timedelta(days=15)
    performance.record_payment(
        case, actor=handler, amount="1000", paid_on=served_on, channel="bank", reference=URL[-40:]
    )
    performance.request_payment_plan(
        case,
        actor=handler,
        kind="instalments",
        reason="当事人经营困难，申请分期缴纳罚款。",
        instalments=[(served_on + timedelta(days=30), Decimal("2000"))] * 2,
        on=served_on + timedelta(days=1),
    )
    order = in_force(case, K.CORRECTION_ORDER)
    assert order is not None
    service = delivery.serve_by_post(
        order,
        actor=handler,
        tracking_number="1151234567890123456789",
        posted_on=served_on,
        address=LONG_ADDRESS,
        recipient=LONG_NAME,
    )
    m.world.postal = service.pk
    actions.record_remedy(
        case,
        actor=handler,
        kind="review",
        applied_on=served_on + timedelta(days=2),
        body="示范区人民政府",
    )
    m.add("served", case)
    decision = in_force(case, K.PENALTY_DECISION)
    assert decision is not None
    m.world.decision = decision.pk


def _after(m: Maker) -> None:
    """Served eight months ago and never paid (the periods for review and suit are over): as
    it is, after a 催告, and before the court (行政强制法 Arts 53, 54); and one paid in full."""
    today = timezone.localdate()
    for stage in ("unpaid", "reminded", "court"):
        flow = m.flow(250)
        case = flow.served()
        if stage != "unpaid":
            performance.issue_reminder(case, actor=flow.handler.user, on=today - timedelta(days=45))
            flow.serve(K.ENFORCEMENT_REMINDER, today - timedelta(days=45))
        if stage == "court":
            performance.apply_to_court(case, actor=flow.leader.user, on=today - timedelta(days=5))
        m.add(stage, case)
    flow = m.flow(30)
    case = flow.served()
    paid_on = flow.day + timedelta(days=20)
    owed = balances.balance(case, paid_on).total_owed
    performance.record_payment(
        case, actor=flow.handler.user, amount=owed, paid_on=paid_on, channel="online"
    )
    m.add("performed", case)


def _on_the_spot(m: Maker) -> None:
    """A 当场处罚 with the fine collected on the spot, not yet filed with the bureau nor the
    cash handed over (行政处罚法 Arts 52, 71)."""
    decision = actions.decide_on_the_spot(
        actor=m.who["handler"].user,
        co_handler=m.who["handler2"].officer,
        violation_item=ViolationItem.objects.get(code="SR-001"),
        party=m.world.party,
        facts="当事人在公交站台随地吐痰，经劝阻后承认",
        place=Place(LONG_PLACE),
        street=m.street,
        penalty_kinds=["fine"],
        fine=Decimal("50"),
        collect_on_spot=True,
        hard_to_collect_later=True,
    )
    m.add("simple", Case.objects.get(pk=decision.case_id))


def _notices(world: World) -> None:
    """A notification with a long unbroken title for each staff login."""
    case = world.cases["served"]
    for username in ("handler", "leader", "reviewer", "auxiliary", "street", "admin"):
        notify(
            User.objects.get(username=username),
            kind="payment",
            title=f"{case.number}：当事人 {LONG_NAME} 缴款 ¥1,000.00，流水号 {URL[-40:]}",
            url=f"/cases/{case.pk}/",
        )
