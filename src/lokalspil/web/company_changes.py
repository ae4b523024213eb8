"""Changing a company from its card: the edit form (every field, prefilled) through `companies.edit_company`, and
merging another company into it through `companies.merge_companies`, after a page that says what moves (the
counts `company remove` and `company merge` use). Refused input gets the command's sentence and nothing is
stored."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lokalspil.errors import LokalspilError
from lokalspil.messages import t
from lokalspil.web.companies import FORM_FLAGS, warn_sensitive
from lokalspil.web.pages import posted, render, see, text, web

# The edit form asks for every field `company edit` has but the stage (the card has its own form for that).
EDIT_FIELDS = ("name", "cvr", "pnr", "address", "postcode", "city", "industry_code", "industry", "employees",
               "phone", "email", "website", "tags", "notes", "source")  # fmt: skip


def _edit_form(
    request: Request, company: Any, values: dict[str, Any], problem: str | None = None
) -> Response:
    return render(
        request,
        "company_edit.html",
        status=400 if problem else 200,
        company=company,
        values=values,
        fields=EDIT_FIELDS,
        flags=FORM_FLAGS,
        problem=problem,
    )


async def company_edit_page(request: Request) -> Response:
    from lokalspil.companies import get_company
    from lokalspil.workspace import connect

    with connect(web(request).db_path) as conn:
        company = get_company(conn, request.path_params["company_id"])
    values = {name: getattr(company, name) or "" for name in EDIT_FIELDS if name != "tags"}
    values.update({"tags": ", ".join(company.tags), **{flag: getattr(company, flag) for flag in FORM_FLAGS}})
    return _edit_form(request, company, values)


@posted("web company edit")
async def company_edit(request: Request, form: FormData) -> Response:
    from lokalspil.companies import edit_company, get_company
    from lokalspil.workspace import connect

    typed: dict[str, Any] = {name: text(form, name) for name in EDIT_FIELDS}
    flags = {flag: form.get(flag) == "on" for flag in FORM_FLAGS}
    with connect(web(request).db_path) as conn:
        company = get_company(conn, request.path_params["company_id"])
        try:
            changed = edit_company(conn, company, {**typed, "tags": [typed["tags"]], **flags})
        except LokalspilError as e:  # the form again, with what was typed and the command's sentence
            return _edit_form(request, company, {**typed, **flags}, str(e))
    warn_sensitive(request, typed["notes"])
    web(request).note(t("company.edited", name=changed.name, id=changed.id))
    return see(f"/companies/{changed.id}")


async def company_merge_page(request: Request) -> Response:
    """Choose the company to merge in; once chosen, what moves and the button that merges."""
    from lokalspil.companies import find_company, get_company, list_companies, removal_counts
    from lokalspil.record_types import counted
    from lokalspil.workspace import connect

    chosen = request.query_params.get("other", "").strip()
    other = moves = problem = None
    with connect(web(request).db_path) as conn:
        keep = get_company(conn, request.path_params["company_id"])
        options = [(str(c.id), c.name) for c in list_companies(conn) if c.id != keep.id]
        if chosen:
            try:
                other = find_company(conn, chosen)
                if other.id == keep.id:
                    raise LokalspilError("company.merge_same", name=keep.name)
                moves = counted(removal_counts(conn, other).counts)
            except LokalspilError as e:
                other, problem = None, str(e)
    return render(
        request,
        "company_merge.html",
        status=400 if problem else 200,
        keep=keep,
        other=other,
        moves=moves,
        options=options,
        chosen=chosen,
        problem=problem,
    )


@posted("web company merge")
async def company_merge(request: Request, form: FormData) -> Response:
    from lokalspil.companies import find_company, get_company, merge_companies
    from lokalspil.record_types import counted
    from lokalspil.workspace import connect

    with connect(web(request).db_path) as conn:
        keep = get_company(conn, request.path_params["company_id"])
        merged = merge_companies(conn, keep, find_company(conn, text(form, "other")))
    records = counted(merged.counts)
    web(request).note(
        t("company.merged", keep=merged.company.name, other=merged.removed.name, records=records)
    )
    return see(f"/companies/{keep.id}")


ROUTES = [
    Route("/companies/{company_id:int}/edit", company_edit_page),
    Route("/companies/{company_id:int}/edit", company_edit, methods=["POST"]),
    Route("/companies/{company_id:int}/merge", company_merge_page),
    Route("/companies/{company_id:int}/merge", company_merge, methods=["POST"]),
]
