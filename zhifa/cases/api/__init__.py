"""/api/v1/cases/: case handling through the same actions as the pages.

Reads (list, detail, timeline, clocks) and one ``POST`` per step; performance's endpoints
(payments, plans, 催告, the court, what is owed) are ``zhifa.performance.api``, mounted on the
same ``/cases/`` prefix. Every step returns the updated case summary, or the row it wrote with
the summary beside it. A refusal is
``{"code", "message", "field"}`` with the status of its error class (409 a rule, 422 the input,
403 the actor, 404 a case outside the caller's scope) and writes nothing. A request body may
carry the client's ``version`` of the case; a stale one is refused with 409 ``stale_version``.
"""

from ninja import Router

from zhifa.cases.api import (
    decision,
    intake,
    investigation,
    notice,
    reads,
    review,
    safeguards,
    steps,
)

router = Router()
for _module in (
    reads,
    steps,
    intake,
    investigation,
    notice,
    review,
    decision,
    safeguards,
):
    router.add_router("", _module.router)

__all__ = ["router"]
