"""The driver of ``scripts/city-smoke``: a case walked from clue to decision through /api/v1 of
two app servers, every request to the other server than the one before, as a load balancer
would; then the checks that only hold when the servers share their parts.

    python -m zhifa.testing.city_smoke --server URL --server URL --token persona=TOKEN …
        --s3-endpoint URL --bucket NAME --rate-limit N [--password P]

It is an HTTP client only (``requests``, ``boto3`` to look into the bucket): what the servers
know they learn from PostgreSQL, Redis and S3, never from this process. Checks:

1. the walk (clue → filing → approval → evidence photo → report → prior notice and its service
   → waiver → legal review → collective discussion → decision), each step's version carried
   from the previous answer, whichever server gave it;
2. the evidence photo is an object of the S3 bucket, byte for byte, under its SHA-256;
3. the decision's PDF is rendered by the worker (its state polled until ``rendered``), is in
   the bucket and is served by both servers;
4. a login through the login page of one server is a valid session on the other;
5. the public portal's rate limit is one count for both servers: ``N`` requests pass, the next
   is refused (429), whichever server it reaches.

Exit 0 and a summary (timings per step and server) when every check holds; 1 and the failed
check otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import itertools
import json
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import boto3
import requests
from PIL import Image

from zhifa.testing.review import checklist

API = "/api/v1"


class SmokeFailure(Exception):
    pass


@dataclass
class Hit:
    what: str
    server: str
    status: int
    ms: float


@dataclass
class Cluster:
    """The app servers behind an imaginary load balancer: each request goes to the next one."""

    servers: list[str]
    tokens: dict[str, str]
    hits: list[Hit] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._next = itertools.cycle(range(len(self.servers)))
        self.http = requests.Session()

    def call(
        self,
        method: str,
        path: str,
        *,
        who: str | None = None,
        expect: tuple[int, ...] = (200, 201),
        what: str = "",
        server: int | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        index = next(self._next) if server is None else server
        base = self.servers[index]
        headers = dict(kwargs.pop("headers", {}) or {})
        if who is not None:
            headers["Authorization"] = f"Bearer {self.tokens[who]}"
        started = time.perf_counter()
        response = self.http.request(method, base + path, headers=headers, timeout=60, **kwargs)
        ms = (time.perf_counter() - started) * 1000
        self.hits.append(Hit(what or f"{method} {path}", base, response.status_code, ms))
        if response.status_code not in expect:
            raise SmokeFailure(
                f"{method} {base}{path}: {response.status_code} (expected {expect}): "
                f"{response.text[:600]}"
            )
        return response

    def get(self, path: str, who: str, **kwargs: Any) -> Any:
        return self.call("GET", API + path, who=who, **kwargs).json()

    def post(self, path: str, who: str, body: dict[str, Any], **kwargs: Any) -> Any:
        return self.call("POST", API + path, who=who, json=body, **kwargs).json()


@dataclass
class Walk:
    cluster: Cluster
    day: date
    case_id: int = 0
    version: int = 0
    facts: dict[str, Any] = field(default_factory=dict)

    def on(self, days: int) -> str:
        return (self.day + timedelta(days=days)).isoformat()

    def step(self, who: str, path: str, body: dict[str, Any], what: str) -> Any:
        result = self.cluster.post(
            f"/cases/{self.case_id}/{path}", who, {"version": self.version, **body}, what=what
        )
        self.version = result.get("case", result)["version"]
        return result


def _image(fmt: str, colour: tuple[int, int, int]) -> bytes:
    """A real image (the upload check reads the content, not the name)."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, format=fmt)
    return out.getvalue()


def _officer_ids(cluster: Cluster) -> dict[str, int]:
    """Officer ids of the personas, as an integrator finds them: /org/me's name in /org/officers
    (the second handler: another certified officer of the first handler's unit)."""
    officers = cluster.get("/org/officers", "leader")  # the staff list: leaders, reviewers
    ids: dict[str, int] = {}
    units: dict[str, int] = {}
    for who in ("handler", "leader", "reviewer"):
        me = cluster.get("/org/me", who)
        match = [o for o in officers if o["name"] == me["name"] and not o["is_auxiliary"]]
        if not match:
            raise SmokeFailure(f"{who} ({me['name']}) 不在 /org/officers 中")
        ids[who], units[who] = match[0]["id"], match[0]["unit_id"]
    for o in officers:
        if o["unit_id"] != units["handler"] or o["is_auxiliary"] or o["id"] in ids.values():
            continue
        eligible = cluster.get(f"/org/officers/{o['id']}/eligibility", "leader")
        if eligible["ok"]:
            ids["handler2"] = o["id"]
            break
    if "handler2" not in ids:
        raise SmokeFailure("找不到第二名持证执法人员")
    return ids


def walk_case(cluster: Cluster, s3: Any, bucket: str) -> dict[str, Any]:
    """Clue to decision; returns what the later checks need."""
    walk = Walk(cluster, date.today() - timedelta(days=20))
    officers = _officer_ids(cluster)
    street = next(u for u in cluster.get("/org/units", "handler") if u["kind"] == "street")
    parties = cluster.get("/parties/", "handler", params={"kind": "organisation"})
    party = next(p for p in parties["items"] if p["kind"] == "organisation")
    code = "DL-002"  # 擅自挖掘城市道路, general procedure for an organisation
    band = cluster.get(
        f"/catalog/{code}/fine-range",
        "handler",
        params={"party_kind": "organisation", "level": "general"},
    )
    fine = f"{float(band['minimum']):.2f}"

    clue = cluster.call(
        "POST",
        f"{API}/cases/clues",
        who="handler",
        what="clue",
        data={
            "source": "patrol",
            "found_on": walk.on(0),
            "facts": "巡查发现擅自挖掘道路",
            "place": "人民路12号",
            "street_id": street["id"],
        },
    ).json()
    walk.case_id, walk.version = clue["id"], clue["version"]
    walk.step(
        "handler",
        "request-filing",
        {
            "handler_ids": [officers["handler"], officers["handler2"]],
            "violation_code": code,
            "party_id": party["id"],
            "act_on": walk.on(-3),
            "on": walk.on(0),
        },
        "request-filing",
    )
    walk.step("leader", "approve-filing", {"on": walk.on(0)}, "approve-filing")

    photo = _image("JPEG", (180, 120, 60))
    added = cluster.call(
        "POST",
        f"{API}/cases/{walk.case_id}/evidence",
        who="handler",
        what="evidence photo",
        data={"kind": "audio_visual", "description": "现场照片：人行道被挖开"},
        files={"files": ("现场.jpg", photo, "image/jpeg")},
    ).json()
    walk.version = added["case"]["version"]
    stored = added["event"]["evidence"][0]
    sha256 = hashlib.sha256(photo).hexdigest()
    if stored["sha256"] != sha256:
        raise SmokeFailure(f"证据 SHA-256 不符：{stored['sha256']} ≠ {sha256}")
    key = f"evidence/{sha256[:2]}/{sha256}.jpg"
    in_bucket = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    if in_bucket != photo:
        raise SmokeFailure(f"S3 {bucket}/{key} 与上传的照片不同")

    walk.step(
        "handler",
        "report",
        {
            "findings": "擅自挖掘人民路人行道约12平方米",
            "outcome": "penalty",
            "fine": fine,
            "penalty_kinds": ["fine", "correction_order"],
            "discretion_level": "general",
            "on": walk.on(2),
        },
        "report",
    )
    walk.step("handler", "notice", {"on": walk.on(3)}, "prior notice")
    notice = _document(cluster, walk.case_id, "prior_notice")
    cluster.call(
        "POST",
        f"{API}/delivery/documents/{notice['id']}/in-person/scan",
        who="handler",
        what="serve prior notice",
        data={"served_on": walk.on(3)},
        files={"receipt_scan": ("送达回证.png", _image("PNG", (250, 250, 250)), "image/png")},
    )
    walk.version = cluster.get(f"/cases/{walk.case_id}", "handler")["version"]
    walk.step("handler", "waive-statement", {"on": walk.on(4)}, "waive statement")
    walk.step("handler", "legal-review", {"on": walk.on(5)}, "submit legal review")
    rows = [{**r, "result": str(r["result"])} for r in checklist()]
    walk.step(
        "reviewer",
        "legal-review/opinion",
        {
            "outcome": "passed",
            "opinion": "事实清楚，证据确凿，适用依据正确，程序合法。",
            "checklist": rows,
            "on": walk.on(6),
        },
        "legal review opinion",
    )
    walk.step(
        "leader",
        "collective-discussion",
        {
            "held_on": walk.on(6),
            "attendee_ids": [officers[w] for w in ("leader", "reviewer", "handler")],
            "conclusion": "违法事实清楚，按一般档次处罚",
            "agreed_outcome": "penalty",
            "agreed_fine": fine,
        },
        "collective discussion",
    )
    decision = walk.step("leader", "decide", {"on": walk.on(7)}, "decide")
    return {"case_id": walk.case_id, "number": decision["number"], "fine": fine, "photo": key}


def _document(cluster: Cluster, case_id: int, kind: str) -> dict[str, Any]:
    docs = cluster.get(f"/delivery/cases/{case_id}/documents", "handler")
    found = [d for d in docs if d["kind"] == kind]
    if not found:
        raise SmokeFailure(f"本案没有 {kind} 文书：{[d['kind'] for d in docs]}")
    return dict(found[-1])


def wait_for_render(cluster: Cluster, case_id: int, timeout: float = 180) -> tuple[dict, float]:
    """The decision's document, once the worker rendered it; and how long that took."""
    started = time.monotonic()
    while True:
        doc = _document(cluster, case_id, "penalty_decision")
        if doc["render_state"] == "rendered":
            return doc, time.monotonic() - started
        if doc["render_state"] == "render_failed":
            raise SmokeFailure(f"{doc['number']} 生成失败")
        if time.monotonic() - started > timeout:
            raise SmokeFailure(f"{doc['number']} {timeout:.0f} 秒内未由后台任务生成")
        time.sleep(0.5)


def login_on_one_use_on_the_other(cluster: Cluster, password: str, doc_id: int) -> bytes:
    """Sign in through server A's login page; server B knows the session (the database, Redis)
    and serves the decision's PDF to it; a made-up session cookie is refused."""
    a, b = 0, 1
    browser = requests.Session()
    page = browser.get(cluster.servers[a] + "/accounts/login/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if token is None:
        raise SmokeFailure("登录页没有 CSRF 令牌")
    signed = browser.post(
        cluster.servers[a] + "/accounts/login/",
        data={"username": "handler", "password": password, "csrfmiddlewaretoken": token[1]},
        headers={"Referer": cluster.servers[a] + "/accounts/login/"},
        allow_redirects=False,
        timeout=60,
    )
    if signed.status_code != 302 or "sessionid" not in browser.cookies:
        raise SmokeFailure(f"在 A 上登录失败：{signed.status_code} {signed.text[:300]}")
    home = browser.get(cluster.servers[b] + "/", allow_redirects=False, timeout=60)
    if home.status_code != 200:
        where = home.headers.get("Location")
        raise SmokeFailure(f"A 的会话在 B 上无效：{home.status_code} {where}")
    pdf = browser.get(cluster.servers[b] + f"/documents/{doc_id}/pdf/", timeout=60)
    if pdf.status_code != 200 or not pdf.content.startswith(b"%PDF"):
        raise SmokeFailure(f"B 未返回决定书 PDF：{pdf.status_code}")
    stranger = requests.Session()
    stranger.cookies.set("sessionid", "not-a-session-of-either-server")
    refused = stranger.get(cluster.servers[a] + "/", allow_redirects=False, timeout=60)
    if refused.status_code != 302:
        raise SmokeFailure(f"伪造的会话未被拒绝：{refused.status_code}")
    return pdf.content


def pdf_in_bucket(s3: Any, bucket: str, pdf: bytes) -> str:
    digest = hashlib.md5(pdf).hexdigest()  # S3's ETag of a single-part upload
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for row in page.get("Contents", []):
            if row["ETag"].strip('"') == digest:
                return str(row["Key"])
    raise SmokeFailure("决定书 PDF 不在 S3 存储桶中")


def shared_rate_limit(cluster: Cluster, limit: int) -> dict[str, int]:
    """``limit`` portal requests alternate between the servers and all pass; the next one is
    429 — one count in Redis. (Waits for a fresh minute window if this one is nearly over.)"""
    if time.time() % 60 > 60 - max(15, limit / 4):
        time.sleep(60 - time.time() % 60 + 0.5)
    statuses = []
    for i in range(limit + 2):
        response = cluster.call(
            "GET", "/gongshi/", expect=(200, 429), what="portal", server=i % len(cluster.servers)
        )
        statuses.append(response.status_code)
    if statuses[:limit] != [200] * limit or statuses[limit:] != [429, 429]:
        raise SmokeFailure(f"限流未在两台服务器间共享：{statuses}")
    return {"passed": limit, "refused": 2}


def summary(cluster: Cluster, checks: dict[str, Any], seconds: dict[str, float]) -> str:
    lines = ["== city smoke: every check passed"]
    for hit in cluster.hits:
        if hit.what != "portal":
            lines.append(f"  {hit.what:<24} {hit.server:<24} {hit.status}  {hit.ms:7.1f} ms")
    per_server: dict[str, list[float]] = {}
    for hit in cluster.hits:
        per_server.setdefault(hit.server, []).append(hit.ms)
    for server, times in per_server.items():
        median = sorted(times)[len(times) // 2]
        lines.append(f"  {server}: {len(times)} requests, median {median:.1f} ms")
    for name, value in seconds.items():
        lines.append(f"  {name:<24} {value:6.1f} s")
    lines.append("  " + json.dumps(checks, ensure_ascii=False))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--server", action="append", required=True)
    parser.add_argument("--token", action="append", required=True, help="persona=TOKEN")
    parser.add_argument("--s3-endpoint", required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--s3-key", default="city-smoke")
    parser.add_argument("--s3-secret", default="city-smoke-secret")
    parser.add_argument("--rate-limit", type=int, required=True)
    parser.add_argument("--password", default="zhifa-demo-2026")
    args = parser.parse_args(argv)
    if len(args.server) < 2:
        parser.error("two servers at least (--server twice)")
    tokens = dict(t.split("=", 1) for t in args.token)
    cluster = Cluster([s.rstrip("/") for s in args.server], tokens)
    s3 = boto3.client(
        "s3",
        endpoint_url=args.s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=args.s3_key,
        aws_secret_access_key=args.s3_secret,
    )
    seconds: dict[str, float] = {}
    try:
        started = time.monotonic()
        walked = walk_case(cluster, s3, args.bucket)
        seconds["walk (API)"] = time.monotonic() - started
        doc, waited = wait_for_render(cluster, walked["case_id"])
        seconds["decision rendered after"] = waited
        started = time.monotonic()
        pdf = login_on_one_use_on_the_other(cluster, args.password, doc["id"])
        walked["decision_pdf"] = pdf_in_bucket(s3, args.bucket, pdf)
        seconds["login A → session B"] = time.monotonic() - started
        started = time.monotonic()
        walked["rate_limit"] = shared_rate_limit(cluster, args.rate_limit)
        seconds["shared rate limit"] = time.monotonic() - started
    except (SmokeFailure, requests.RequestException) as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    walked["servers"] = sorted({h.server for h in cluster.hits})
    print(summary(cluster, walked, seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
