"""The companies: the list with the `company list` filters, the card, adding one, logging a call, the stage."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lokalspil.errors import LokalspilError
from lokalspil.messages import t
from lokalspil.web.pages import posted, render, see, text, web

FILTERS = ("stage", "postcode", "tag", "search")
# The fields the add form asks for, in its order; the others are for `company edit`.
FORM_FIELDS = ("name", "cvr", "address", "postcode", "city", "phone", "email", "website", "tags", "notes")
FORM_FLAGS = ("social_economy", "rsv", "protected")


def _stages() -> list[tuple[str, str]]:
    from lokalspil.migrations import STAGES

    return [(stage, t(f"stage.{stage}")) for stage in STAGES]


async def company_list_page(request: Request) -> Response:
    from lokalspil.companies import list_companies
    from lokalspil.workspace import connect

    chosen = {name: request.query_params.get(name, "").strip() for name in FILTERS}
    problem = None
    companies: list[Any] = []
    with connect(web(request).db_path) as conn:
        try:
            companies = list_companies(
                conn,
                stage=chosen["stage"] or None,
                postcode=chosen["postcode"] or None,
                tag=chosen["tag"] or None,
                search=chosen["search"] or None,
            )
        except LokalspilError as e:
            problem = str(e)
    return render(
        request, "companies.html", companies=companies, chosen=chosen, stages=_stages(), problem=problem
    )


def _add_form(request: Request, values: dict[str, Any], problem: str | None = None) -> Response:
    return render(
        request,
        "company_add.html",
        status=400 if problem else 200,
        values=values,
        fields=FORM_FIELDS,
        flags=FORM_FLAGS,
        stages=_stages(),
        problem=problem,
    )


async def company_add_page(request: Request) -> Response:
    return _add_form(request, {"stage": "candidate"})


@posted("web company add")
async def company_add(request: Request, form: FormData) -> Response:
    from lokalspil.companies import add_company
    from lokalspil.workspace import connect

    typed: dict[str, Any] = {name: text(form, name) for name in (*FORM_FIELDS, "stage")}
    values: dict[str, Any] = {**typed, "tags": [typed["tags"]]}
    values.update({flag: form.get(flag) == "on" for flag in FORM_FLAGS})
    try:
        with connect(web(request).db_path) as conn:
            company = add_company(conn, values)
    except LokalspilError as e:  # the form again, with what was typed and the command's sentence
        return _add_form(request, {**typed, **{f: values[f] for f in FORM_FLAGS}}, str(e))
    warn_sensitive(request, typed["notes"])
    web(request).note(t("company.added", name=company.name, id=company.id, stage=t(f"stage.{company.stage}")))
    return see(f"/companies/{company.id}")


def warn_sensitive(request: Request, *texts: str) -> None:
    """As the command does without a terminal: a note when a text seems to hold sensitive personal data."""
    from lokalspil.privacy import sensitive_topics

    topics: list[str] = []
    for typed in texts:
        topics += [x for x in sensitive_topics(typed) if x not in topics]
    if topics:
        named = ", ".join(t(f"privacy.topic.{x}") for x in topics)
        web(request).note(t("privacy.warn", topics=named), "warning")


def _card_page(request: Request, company_id: int, **extra: Any) -> Response:
    from lokalspil.companies import get_company
    from lokalspil.migrations import ACTIVITY_KINDS
    from lokalspil.overview import company_card
    from lokalspil.workspace import connect

    with connect(web(request).db_path) as conn:
        card = company_card(conn, str(get_company(conn, company_id).id))
    values = {"summary": "", "kind": "call", "next_action": "", "follow_up": "", **extra.pop("values", {})}
    return render(
        request,
        "company.html",
        status=400 if extra.get("problem") else 200,
        card=card,
        stages=_stages(),
        kinds=[(kind, t(f"activity.kind.{kind}")) for kind in ACTIVITY_KINDS if kind != "stage"],
        values=values,
        problem=extra.get("problem"),
    )


async def company_page(request: Request) -> Response:
    return _card_page(request, request.path_params["company_id"])


@posted("web log")
async def company_log(request: Request, form: FormData) -> Response:
    from lokalspil.activities import log_activity
    from lokalspil.companies import get_company
    from lokalspil.workspace import connect

    company_id = request.path_params["company_id"]
    typed = {name: text(form, name) for name in ("summary", "kind", "next_action", "follow_up")}
    try:
        with connect(web(request).db_path) as conn:
            activity = log_activity(
                conn,
                get_company(conn, company_id),
                typed["summary"],
                kind=typed["kind"] or "note",
                next_action=typed["next_action"] or None,
                follow_up=typed["follow_up"] or None,
            )
    except LokalspilError as e:
        return _card_page(request, company_id, values=typed, problem=str(e))
    warn_sensitive(request, typed["summary"], typed["next_action"])
    state = web(request)
    state.note(
        t(
            "activity.logged",
            id=activity.id,
            company=activity.company,
            kind=t(f"activity.kind.{activity.kind}"),
        )
    )
    return see(f"/companies/{company_id}")


@posted("web company stage")
async def company_stage(request: Request, form: FormData) -> Response:
    from lokalspil.companies import get_company, set_stage
    from lokalspil.workspace import connect

    company_id = request.path_params["company_id"]
    with connect(web(request).db_path) as conn:
        before = get_company(conn, company_id)
        after, changed = set_stage(conn, before, text(form, "stage"))
    old, new = t(f"stage.{before.stage}"), t(f"stage.{after.stage}")
    web(request).note(
        t("company.stage_changed", name=after.name, old=old, new=new)
        if changed
        else t("company.stage_same", name=after.name, stage=new)
    )
    return see(f"/companies/{company_id}")


ROUTES = [
    Route("/companies", company_list_page),
    Route("/companies/new", company_add_page),
    Route("/companies/new", company_add, methods=["POST"]),
    Route("/companies/{company_id:int}", company_page),
    Route("/companies/{company_id:int}/log", company_log, methods=["POST"]),
    Route("/companies/{company_id:int}/stage", company_stage, methods=["POST"]),
]
