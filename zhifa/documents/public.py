"""The public verification page ``/v/<code>`` (no login): the QR code and the short code on
every document lead here. It shows what identifies the document — number, kind, date, bureau,
digests, whether it was corrected — and nothing about the party (an explicit allow-list,
``verify.public_record``). A visitor may upload a PDF to compare its digests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhifa.documents import verify
from zhifa.documents.forms import VerifyUploadForm


def verify_page(request: HttpRequest, code: str) -> HttpResponse:
    doc = verify.find(code)
    if doc is None:
        return render(
            request, "documents/verify.html", {"code": code[:16], "record": None}, status=404
        )
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    comparison = None
    if request.method == "POST" and form.is_valid():
        comparison = verify.compare(doc, form.cleaned_data["file"])
    return render(
        request,
        "documents/verify.html",
        {"record": verify.public_record(doc), "form": form, "comparison": comparison},
    )
