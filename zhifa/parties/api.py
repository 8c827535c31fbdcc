"""当事人 API. Every party in a response is presented for the caller (``present_party``), so a
caller who may not see personal data gets it masked here exactly as on the pages."""

from __future__ import annotations

from dataclasses import asdict
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from zhifa.core.errors import DomainError, InvalidInput, NotAllowed, NotFound
from zhifa.org.models import OrgUnit, User
from zhifa.parties import access, actions, selectors
from zhifa.parties.choices import IdType
from zhifa.parties.identifiers import validate_identifier
from zhifa.parties.models import Party
from zhifa.parties.presenters import PartyView, present_parties, present_party

router = Router(tags=["当事人"])

PAGE_SIZE = 50


class PartyOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    id_type: str
    id_type_label: str
    id_number: str
    phone: str
    address: str
    legal_representative: str
    legal_representative_id_number: str
    street_id: int | None
    street_name: str
    masked: bool


class PartyPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[PartyOut]


class PartyIn(Schema):
    kind: str
    name: str
    id_type: str
    id_number: str
    phone: str = ""
    address: str = ""
    legal_representative: str = ""
    legal_representative_id_number: str = ""
    street_id: int | None = None


class ValidateOut(Schema):
    valid: bool
    normalised: str
    message: str


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # the API requires authentication


def _out(view: PartyView) -> dict:
    data = asdict(view)
    data["id"] = data.pop("pk")
    return data


def _party_for_view(user: User, party_id: int) -> Party:
    """``access.get_party_for_view`` with its refusals as API errors ({code, message, field})."""
    try:
        return access.get_party_for_view(user, party_id)
    except Http404:
        raise NotFound("not_found", f"当事人 {party_id} 不存在") from None
    except PermissionDenied:
        raise NotAllowed("out_of_scope", "该当事人不在您的数据范围内") from None


@router.get("/", response=PartyPageOut, summary="查询当事人")
def list_parties(request: HttpRequest, q: str = "", kind: str = "", page: int = 1) -> dict:
    user = _user(request)
    if not access.can_see_party_list(user):
        raise NotAllowed("forbidden", "您的角色不能查看当事人")
    refused = selectors.identifier_search_refused(user, q)
    if refused:
        raise NotAllowed("identifier_search_forbidden", refused, field="q")
    rows = selectors.search_parties(access.parties_visible_to(user), q, kind, viewer=user)
    paginator = Paginator(rows, PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "page_size": PAGE_SIZE,
        "items": [_out(v) for v in present_parties(current.object_list, user)],
    }


@router.get("/validate", response=ValidateOut, summary="校验证件号码")
def validate(request: HttpRequest, id_type: str, id_number: str) -> dict:
    """For forms on the phone: whether the number is valid, its normalised form, and if not, the
    Chinese message saying what is wrong. Nothing is looked up or stored."""
    if id_type not in IdType.values:
        raise InvalidInput("invalid_id_type", f"证件类型「{id_type}」无效", field="id_type")
    try:
        return {"valid": True, "normalised": validate_identifier(id_type, id_number), "message": ""}
    except ValidationError as exc:
        return {"valid": False, "normalised": "", "message": exc.messages[0]}


@router.get("/{int:party_id}", response=PartyOut, summary="当事人详情")
def get_party(request: HttpRequest, party_id: int) -> dict:
    user = _user(request)
    party = _party_for_view(user, party_id)
    access.note_personal_data_view(request, party, where="API 当事人详情")
    return _out(present_party(party, user))


@router.post("/", response={201: PartyOut}, summary="登记当事人")
def create_party(request: HttpRequest, payload: PartyIn) -> Status[dict]:
    user = _user(request)
    if not access.can_register_parties(user):
        raise NotAllowed("forbidden", "您的角色不能登记当事人")
    data = payload.dict()
    street_id = data.pop("street_id")
    street = None
    if street_id is not None:
        street = OrgUnit.objects.filter(pk=street_id).first()
        if street is None:
            raise InvalidInput("invalid", f"街道 {street_id} 不存在", field="street_id")
    try:
        party = actions.register_party(**data, street=street, actor=user)
    except DomainError as exc:
        if exc.field == "street":
            exc.field = "street_id"  # the payload's name for it
        raise
    return Status(201, _out(present_party(party, user)))
