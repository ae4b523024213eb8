"""The agreements: the list with the `agreement list` filters (company, status), the form that adds one through
`agreements.add_agreement` and the button that ends one through `agreements.end_agreement` (the same checks and
the same sentences as the commands; nothing is stored when one is refused)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lokalspil.errors import LokalspilError
from lokalspil.messages import t
from lokalspil.web.openings import _given, _page
from lokalspil.web.pages import posted, see, text, web

FIELDS = ("kind", "places", "start", "end", "status", "signed")


def _list(conn: Any, company: Any, status: str | None) -> list[Any]:
    from lokalspil.agreements import list_agreements

    return list_agreements(conn, company, status)


def _agreements(
    request: Request, values: dict[str, Any] | None = None, problem: str | None = None
) -> Response:
    return _page(request, "agreements.html", _list, "status", values, problem)


async def agreements_page(request: Request) -> Response:
    return _agreements(request)


@posted("web agreement add")
async def agreement_add(request: Request, form: FormData) -> Response:
    from lokalspil.agreements import add_agreement
    from lokalspil.companies import find_company
    from lokalspil.workspace import connect

    typed, fields = _given(form, ("company", *FIELDS))
    company_id = fields.pop("company", "")
    try:
        with connect(web(request).db_path) as conn:
            agreement, moved = add_agreement(conn, find_company(conn, company_id), fields)
    except LokalspilError as e:
        return _agreements(request, typed, str(e))
    state = web(request)
    kind = t(f"agreement.kind.{agreement.kind}")
    state.note(t("agreement.added", id=agreement.id, kind=kind, company=agreement.company))
    if moved:
        state.note(t("agreement.stage_moved", company=agreement.company, stage=t("stage.agreement")))
    return see("/agreements")


@posted("web agreement end")
async def agreement_end(request: Request, form: FormData) -> Response:
    from lokalspil.agreements import end_agreement, get_agreement
    from lokalspil.danish import format_date
    from lokalspil.workspace import connect

    with connect(web(request).db_path) as conn:
        agreement = get_agreement(conn, request.path_params["agreement_id"])
        try:
            ended, changed = end_agreement(conn, agreement, text(form, "on").strip() or None)
        except LokalspilError as e:
            return _agreements(request, problem=str(e))
    state = web(request)
    if changed:
        state.note(t("agreement.ended", id=ended.id, company=ended.company, end=format_date(ended.end or "")))
    else:
        state.note(t("agreement.already_ended", id=ended.id, company=ended.company), "warning")
    return see("/agreements")


ROUTES = [
    Route("/agreements", agreements_page),
    Route("/agreements", agreement_add, methods=["POST"]),
    Route("/agreements/{agreement_id:int}/end", agreement_end, methods=["POST"]),
]
