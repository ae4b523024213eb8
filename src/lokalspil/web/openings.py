"""Openings and placements: the lists with the `opening list` and `placement list` filters, and the forms that add
one through `openings.add_opening` and `placements.add_placement` (the same checks, including the rules for young
workers, and the same sentences when something is refused)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lokalspil.errors import LokalspilError
from lokalspil.messages import t
from lokalspil.web.pages import posted, render, see, text, web

OPENING_FIELDS = ("title", "kind", "places", "from_time", "to_time", "weekly_hours", "hours", "season",
                  "requirements", "notes")  # fmt: skip
PLACEMENT_FIELDS = ("kind", "age_band", "school", "start", "end", "outcome", "stop_reason", "opening_id")


def _choices() -> dict[str, list[tuple[str, str]]]:
    from lokalspil.migrations import (
        AGE_BANDS,
        AGREEMENT_KINDS,
        AGREEMENT_STATUSES,
        OPENING_STATUSES,
        OUTCOMES,
        SCHOOL_STATUSES,
        STOP_REASONS,
    )

    return {
        "kind": [(k, t(f"agreement.kind.{k}")) for k in AGREEMENT_KINDS],
        "status": [(s, t(f"opening.status.{s}")) for s in OPENING_STATUSES],
        "agreement_status": [(s, t(f"agreement.status.{s}")) for s in AGREEMENT_STATUSES],
        "age_band": [(a, a) for a in AGE_BANDS],
        "school": [(s, t(f"placement.school.{s}")) for s in SCHOOL_STATUSES],
        "outcome": [(o, t(f"placement.outcome.{o}")) for o in OUTCOMES],
        "stop_reason": [(r, t(f"placement.reason.{r}")) for r in STOP_REASONS],
    }


def _page(
    request: Request,
    template: str,
    listing: Callable[[Any, Any, str | None], list[Any]],
    filter_name: str,
    values: dict[str, Any] | None = None,
    problem: str | None = None,
) -> Response:
    """The list (filtered by company and `filter_name`) with the add form below it."""
    from lokalspil.companies import find_company, list_companies
    from lokalspil.workspace import connect

    chosen = {name: request.query_params.get(name, "").strip() for name in ("company", filter_name)}
    rows: list[Any] = []
    refused = None
    with connect(web(request).db_path) as conn:
        companies = list_companies(conn)
        try:
            company = find_company(conn, chosen["company"]) if chosen["company"] else None
            rows = listing(conn, company, chosen[filter_name] or None)
        except LokalspilError as e:
            refused = str(e)
    return render(
        request,
        template,
        status=400 if problem else 200,
        rows=rows,
        chosen=chosen,
        company_options=[(str(c.id), c.name) for c in companies],
        choices=_choices(),
        values=values or {},
        problem=problem,
        refused=refused,
    )


def _list_openings(conn: Any, company: Any, status: str | None) -> list[Any]:
    from lokalspil.openings import list_openings

    return list_openings(conn, company, status)


def _list_placements(conn: Any, company: Any, year: str | None) -> list[Any]:
    from lokalspil.placements import list_placements

    if year and not (year.isdigit() and len(year) == 4):
        raise LokalspilError("web.report.bad_year", value=year)
    return list_placements(conn, company, int(year) if year else None)


async def openings_page(request: Request) -> Response:
    return _page(request, "openings.html", _list_openings, "status")


async def placements_page(request: Request) -> Response:
    return _page(request, "placements.html", _list_placements, "year")


def _given(form: FormData, names: tuple[str, ...]) -> tuple[dict[str, str], dict[str, Any]]:
    """What was typed (to show again) and the fields for the library: an empty field is a field not given."""
    typed = {name: text(form, name).strip() for name in names}
    return typed, {name: value for name, value in typed.items() if value}


def _number(value: str) -> int | str:
    """An id typed in a form: a number when it is one (the library then says whether it exists)."""
    return int(value) if value.isdigit() else value


@posted("web opening add")
async def opening_add(request: Request, form: FormData) -> Response:
    from lokalspil.companies import find_company
    from lokalspil.openings import add_opening, rule_warnings
    from lokalspil.web.companies import warn_sensitive
    from lokalspil.workspace import connect

    typed, fields = _given(form, ("company", *OPENING_FIELDS))
    bands = [band for band in form.getlist("age_bands") if isinstance(band, str)]
    if bands:
        fields["age_bands"] = ",".join(bands)
    company_id = fields.pop("company", "")
    try:
        with connect(web(request).db_path) as conn:
            opening = add_opening(conn, find_company(conn, company_id), fields)
            warnings = rule_warnings(conn, opening)
    except LokalspilError as e:
        return _page(
            request, "openings.html", _list_openings, "status", {**typed, "age_bands": bands}, str(e)
        )
    warn_sensitive(request, typed["title"], typed["requirements"], typed["notes"])
    state = web(request)
    kind = t(f"agreement.kind.{opening.kind}")
    state.note(t("opening.added", id=opening.id, kind=kind, company=opening.company))
    for warning in warnings:
        state.note(warning, "warning")
    return see("/openings")


@posted("web placement add")
async def placement_add(request: Request, form: FormData) -> Response:
    from lokalspil.companies import find_company
    from lokalspil.placements import add_placement
    from lokalspil.workspace import connect

    typed, fields = _given(form, ("company", *PLACEMENT_FIELDS))
    company_id = fields.pop("company", "")
    if "opening_id" in fields:
        fields["opening_id"] = _number(fields["opening_id"])
    try:
        with connect(web(request).db_path) as conn:
            placement = add_placement(conn, find_company(conn, company_id), fields)
    except LokalspilError as e:
        return _page(request, "placements.html", _list_placements, "year", typed, str(e))
    kind = t(f"agreement.kind.{placement.kind}")
    said = t("placement.added", id=placement.id, kind=kind, age=placement.age_band, company=placement.company)
    web(request).note(said)
    return see("/placements")


ROUTES = [
    Route("/openings", openings_page),
    Route("/openings", opening_add, methods=["POST"]),
    Route("/placements", placements_page),
    Route("/placements", placement_add, methods=["POST"]),
]
