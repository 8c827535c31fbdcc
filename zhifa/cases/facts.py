"""What a step's preconditions look at, loaded once per question and shared by every step asked.

``problems(facts)`` functions (``preconditions``, and the steps other apps declare) read the case
through a ``Facts``: the case page asks all steps at once with one ``Facts`` and shows its
sections from the same rows; the action asks its own step under the row lock with a fresh one.

The case's rows are read through ``rows(relation)``: every row of one reverse relation of the
case ("proposals", "notices", "payments"…), in the order and with the related rows that
``ROWS`` gives it, loaded once. Apps above ``cases`` register their relations (``register_rows``)
and keep what they compute in ``memo`` (``facts.memo("balance", lambda: …)``) so ``cases`` never
imports them. The case page loads the case ``with_presence``: then a relation the case has no
row in is never queried.

A relation whose rows hang off another's (a notice's statements, an event's evidence files, a
document's renders) is read in that relation's query (``register_join``: a LEFT JOIN, kept as
``prefetch_related`` keeps it), and ``rows`` of it comes from there: one query for both. What
other apps show of the case from one value (the consent in force, whether a repeat violation
can exist) is read in the case page's own query (``register_probe``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.db.models import (
    Exists,
    FilteredRelation,
    Model,
    OuterRef,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.expressions import BaseExpression

from zhifa.cases import guards
from zhifa.cases.choices import Outcome
from zhifa.cases.models import (
    Case,
    CollectiveDiscussion,
    EvidencePreservation,
    Hearing,
    PriorNotice,
    Proposal,
    Remedy,
    Statement,
)
from zhifa.org.models import Officer, User


class Problem(NamedTuple):
    """Why a step cannot be taken now: a machine code, the Chinese reason with its article, and
    the form field it concerns (None: the case as a whole)."""

    code: str
    message: str
    field: str | None = None


# relation → (the case's queryset of it, the facts) → that queryset ordered, with what is read
# of each row. The case page shows these lists; the preconditions read the same ones.
Shape = Callable[[QuerySet[Any], "Facts"], QuerySet[Any]]
ROWS: dict[str, Shape] = {}


def register_rows(relation: str, shape: Shape) -> None:
    """Declare how ``Facts.rows(relation)`` loads a reverse relation of ``Case`` (idempotent)."""
    ROWS[relation] = shape


def _pk(row: Any) -> Any:
    return row.pk


@dataclass(frozen=True)
class Join:
    """A reverse relation of a relation's rows, read in the same query as them."""

    relation: str  # of the parent rows' model: "statements" of a PriorNotice
    select: tuple[str, ...] = ()  # the related rows read with each child ("host")
    rows: str = ""  # the case's own relation of the same rows ("reminder_statements")
    order: Callable[[Any], Any] = _pk  # the children's order (``rows`` gives them so)


# relation → the reverse relations of its rows read in its query; case relation → where its
# rows are read instead (the parent relation and the join).
JOINS: dict[str, dict[str, Join]] = {}
JOINED: dict[str, tuple[str, Join]] = {}


def register_join(
    parent: str,
    relation: str,
    *select: str,
    rows: str = "",
    order: Callable[[Any], Any] = _pk,
) -> None:
    """Read ``relation`` (a reverse relation of the rows of the case's ``parent`` relation) in
    the query of ``parent``, with the related rows ``select`` of each (idempotent). ``rows``:
    the case's own relation of the same rows, which ``Facts.rows`` then takes from the parents
    (every row of it belongs to one of them), in ``order``. Join relations of a few rows per
    parent: two joins on one parent read a row per pair of their children."""
    join = Join(relation, tuple(select), rows, order)
    JOINS.setdefault(parent, {})[relation] = join
    if rows:
        JOINED[rows] = (parent, join)


def joined[M: Model](rows: QuerySet[M], joins: Iterable[Join]) -> list[M]:
    """``rows``, each with its children of ``joins`` read in the same query (LEFT JOIN): kept
    as ``prefetch_related`` keeps them, so ``notice.statements.all()`` reads nothing."""
    joins = list(joins)
    if not joins:
        return list(rows)
    aliases = {join.relation: f"joined_{join.relation}" for join in joins}
    for join in joins:
        alias = aliases[join.relation]
        rows = rows.annotate(**{alias: FilteredRelation(join.relation)})
        rows = rows.select_related(alias, *(f"{alias}__{name}" for name in join.select))
    parents: dict[Any, M] = {}
    children: dict[tuple[Any, str], dict[Any, Any]] = {}
    for row in rows:
        parent = parents.setdefault(row.pk, row)
        for relation, alias in aliases.items():
            child = row.__dict__.pop(alias, None)  # set when the row has one
            if child is not None:
                children.setdefault((parent.pk, relation), {})[child.pk] = child
    for parent in parents.values():
        for join in joins:
            found = sorted(children.get((parent.pk, join.relation), {}).values(), key=join.order)
            keep(parent, join.relation, found)
    return list(parents.values())


def keep(instance: Model, relation: str, rows: list[Any]) -> None:
    """Keep ``rows`` as ``instance``'s rows of the reverse relation ``relation``, as
    ``prefetch_related`` would: ``instance.<relation>.all()`` is then ``rows``, no query."""
    rel = instance._meta.get_field(relation)
    for row in rows:
        rel.field.set_cached_value(row, instance)  # type: ignore[union-attr]
    kept = getattr(instance, relation).all()
    kept._result_cache, kept._prefetch_done = rows, True
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[rel.cache_name] = kept  # type: ignore[union-attr]


def prefetched(instance: Any, relation: str) -> list[Any] | None:
    """The rows of ``relation`` already prefetched on ``instance`` (None: not prefetched)."""
    cache = getattr(instance, "_prefetched_objects_cache", {})
    return list(cache[relation]) if relation in cache else None


# name → the expression the case page's query annotates the case with: what another app shows
# from one value of its own rows (``probed(case, name)``), without a query of its own.
PROBES: dict[str, Callable[[], BaseExpression]] = {}
NOT_PROBED: Any = object()


def register_probe(name: str, expression: Callable[[], BaseExpression]) -> None:
    """Annotate the case page's case with ``expression()`` (``OuterRef("pk")``: the case)."""
    PROBES[name] = expression


def probed(case: Case, name: str) -> Any:
    """What the case page's query found for probe ``name``, or ``NOT_PROBED`` (another query
    loaded the case): the caller then reads its rows itself."""
    return case.__dict__.get(name, NOT_PROBED)


def with_presence(cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` with, for each relation of ``ROWS``, whether the case has any row in it (an
    ``EXISTS`` on the relation's case index, in the case's own query): ``Facts.rows`` then
    skips the empty ones without a query; and the other apps' ``PROBES``."""
    probes: dict[str, BaseExpression] = {}
    for relation in ROWS:
        rel = Case._meta.get_field(relation)
        model = rel.related_model
        probes[f"has_{relation}"] = Exists(
            model._default_manager.filter(**{rel.field.name: OuterRef("pk")})  # type: ignore[union-attr]
        )
    for name, expression in PROBES.items():
        probes[name] = expression()
    return cases.annotate(**probes)


class Facts:
    """The case as the preconditions see it on ``on``, asked by ``actor`` (None: the party)."""

    def __init__(self, case: Case, on: date, actor: User | None = None) -> None:
        self.case = case
        self.on = on
        self.actor = actor
        self._memo: dict[str, Any] = {}

    def memo[T](self, key: str, load: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = load()
        return self._memo[key]

    def for_actor(self, actor: User | None) -> Facts:
        """The same loaded facts, asked by another user (the case page asks once per step)."""
        if actor is self.actor:
            return self
        other = Facts(self.case, self.on, actor)
        other._memo = self._memo
        return other

    # --- the case's rows ---------------------------------------------------------------------

    def has(self, relation: str) -> bool:
        """False when the case's own query found no row in ``relation`` (``with_presence``)."""
        return getattr(self.case, f"has_{relation}", True) is not False

    def rows(self, relation: str) -> list[Any]:
        """Every row of the case's ``relation``, shaped by ``ROWS``, loaded once, with the
        relations joined to it (``JOINS``); the rows of a joined relation are taken from its
        parents'. Rows prefetched on the case (the case page's handlers) are taken as they
        are."""

        def load() -> list[Any]:
            ready = prefetched(self.case, relation)
            if ready is not None:
                return ready
            if not self.has(relation):
                return []
            if relation in JOINED:
                parent, join = JOINED[relation]
                found = [c for p in self.rows(parent) for c in getattr(p, join.relation).all()]
                return sorted(found, key=join.order)
            shaped = ROWS[relation](getattr(self.case, relation).all(), self)
            return joined(shaped, JOINS.get(relation, {}).values())

        return self.memo(f"rows:{relation}", load)

    def last(self, relation: str) -> Any:
        """The latest row (by id) of ``relation``, or None."""
        return max(self.rows(relation), key=lambda r: r.pk, default=None)

    # --- what the preconditions ask ----------------------------------------------------------

    @property
    def handlers(self) -> list[Officer]:
        """The active handlers' officers, in assignment order."""
        rows = sorted(self.rows("handlers"), key=lambda h: h.pk)
        return [h.officer for h in rows if h.recused_on is None]

    @property
    def handler_problems(self) -> list[str]:
        def load() -> list[str]:
            officers = self.handlers
            # their certificates and their history only when a step asks (Art 42)
            prefetch_related_objects(officers, "certificates__events")
            return guards.handler_problems(officers, self.on)

        return self.memo("handler_problems", load)

    @property
    def proposal(self) -> Proposal | None:
        return self.last("proposals")

    @property
    def notices(self) -> list[PriorNotice]:
        """The notices in order, each with its statements and hearings."""
        return self.rows("notices")

    @property
    def notice(self) -> PriorNotice | None:
        return self.last("notices")

    @property
    def statements(self) -> list[Statement]:
        return [s for n in self.notices for s in n.statements.all()]

    @property
    def hearing(self) -> Hearing | None:
        hearings = [h for n in self.notices for h in n.hearings.all()]
        return max(hearings, key=lambda h: h.pk, default=None)

    @property
    def discussion(self) -> CollectiveDiscussion | None:
        return self.last("discussions")

    @property
    def preservations(self) -> list[EvidencePreservation]:
        return self.rows("preservations")

    @property
    def pending_remedy(self) -> Remedy | None:
        return next((r for r in self.rows("remedies") if r.decided_on is None), None)

    @property
    def penalty_proposed(self) -> bool:
        return self.proposal is not None and self.proposal.outcome == Outcome.PENALTY

    def decision_outcome(self) -> str | None:
        """What the decision must be: the collective discussion's conclusion where one was held
        (Art 57 ¶2), else the investigation report's proposal."""
        if self.discussion is not None:
            return self.discussion.agreed_outcome
        return self.proposal.outcome if self.proposal else None


ProblemsOf = Callable[[Facts], list[Problem]]


def no_problems(facts: Facts) -> list[Problem]:
    return []


# The case's handlers as the case page shows them (officer and unit), read with the case.
HANDLERS = Join("handlers", ("officer__unit",))


register_rows("handlers", lambda rows, f: rows.select_related("officer__unit").order_by("id"))
register_rows("deadlines", lambda rows, f: rows.order_by("due_on", "id"))
register_rows("transcripts", lambda rows, f: rows.order_by("started_at", "id"))
register_rows("preservations", lambda rows, f: rows.order_by("id"))
register_rows("proposals", lambda rows, f: rows.select_related("author").order_by("id"))
register_rows("notices", lambda rows, f: rows.order_by("id"))
register_rows("statements", lambda rows, f: rows.order_by("id"))
register_rows("hearings", lambda rows, f: rows.select_related("host").order_by("id"))
# each notice with its statements and its hearing (one a notice: one row per statement)
register_join("notices", "statements", rows="statements")
register_join("notices", "hearings", "host", rows="hearings")
register_rows("reviews", lambda rows, f: rows.select_related("reviewer").order_by("id"))
register_rows("discussions", lambda rows, f: rows.select_related("chair").order_by("id"))
register_rows("decisions", lambda rows, f: rows.select_related("decided_by").order_by("id"))
register_rows("remedies", lambda rows, f: rows.order_by("applied_on", "id"))
register_rows("events", lambda rows, f: rows.select_related("actor").order_by("seq"))
register_rows("evidence", lambda rows, f: rows.order_by("id"))
# each event with its evidence files (every file belongs to the event that added it)
register_join("events", "evidence", rows="evidence")
