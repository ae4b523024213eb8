"""The guide walk in the browser: a step per page. Each answer is checked by the terminal walk's parser and stored
the moment its form is posted; a refused answer is shown with the walk's sentence and asked again."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lokalspil.errors import InvalidValue
from lokalspil.messages import t, t_count
from lokalspil.web.pages import posted, render, see, web


async def guide_list_page(request: Request) -> Response:
    from lokalspil.overview import workspace_status

    status = workspace_status(web(request).db_path)
    return render(request, "guides.html", guides=status.guides)


def _raw(form: FormData, key: str, kind: str) -> str:
    """What was typed or ticked for a question, as the terminal walk would read it."""
    if kind == "multichoice":
        return ",".join(v for v in form.getlist(key) if isinstance(v, str))
    value = form.get(key)
    return value if isinstance(value, str) else ""


def _step_page(
    request: Request, guide_id: str, step_ref: str, typed: dict[str, str], problems: dict[str, str]
) -> Response:
    from lokalspil import answers as store
    from lokalspil.guide_session import open_guide

    db, guide = open_guide(web(request).db_path, guide_id)
    try:
        step = guide.step(step_ref)
        stored = store.stored_answers(db, guide.id)
        ticked = store.ticked_items(db, guide.id)
    finally:
        db.close()
    values = store.values_of(stored)
    questions = []
    for q in step.questions:
        if not store.applies(q, values):
            continue
        value = values.get(q.key)
        shown = (
            store.format_answer(q, value)
            if value is not None and q.type not in ("choice", "multichoice")
            else ""
        )
        picked = value if isinstance(value, list) else [value] if value is not None else []
        if q.type == "yesno" and value is not None:
            picked = ["yes" if value else "no"]
        questions.append(
            {
                "q": q,
                "text": typed.get(q.key, shown),
                "picked": picked,
                "problem": problems.get(q.key),
            }
        )
    steps = guide.steps
    index = steps.index(step)
    return render(
        request,
        "guide_step.html",
        status=400 if problems else 200,
        guide=guide,
        step=step,
        questions=questions,
        ticked=ticked,
        previous=steps[index - 1] if index else None,
        following=steps[index + 1] if index + 1 < len(steps) else None,
    )


async def guide_step_page(request: Request) -> Response:
    return _step_page(request, request.path_params["guide_id"], request.path_params["step"], {}, {})


@posted("web guide answer")
async def guide_answer(request: Request, form: FormData) -> Response:
    """Every question of the step that was answered (or changed) is checked and stored on its own; the refused
    ones come back with the walk's sentence, the others stay stored."""
    from lokalspil import answers as store
    from lokalspil.guide_session import open_guide

    guide_id, step_ref = request.path_params["guide_id"], request.path_params["step"]
    typed: dict[str, str] = {}
    problems: dict[str, str] = {}
    saved = 0
    db, guide = open_guide(web(request).db_path, guide_id)
    try:
        step = guide.step(step_ref)
        for q in step.questions:
            values = store.values_of(store.stored_answers(db, guide.id))
            raw = _raw(form, q.key, q.type)
            if not store.applies(q, values) or not raw.strip():
                continue
            try:
                value = _parse(q, raw)
            except InvalidValue as e:
                typed[q.key], problems[q.key] = raw, f"{e} {t('walk.try_again')}"
                continue
            if value != values.get(q.key):
                store.store_answer(db, guide, q, value)
                saved += 1
    finally:
        db.close()
    if problems:
        return _step_page(request, guide_id, step_ref, typed, problems)
    web(request).note(t_count("web.guide.saved", saved))
    return see(f"/guide/{guide_id}/{step_ref}")


def _parse(question: Any, raw: str) -> Any:
    from lokalspil import answers as store

    if question.type == "yesno" and raw in ("yes", "no"):  # the form's own two buttons
        return raw == "yes"
    return store.parse_answer(question, raw)


@posted("web guide tick")
async def guide_tick(request: Request, form: FormData) -> Response:
    from lokalspil import answers as store
    from lokalspil.guide_session import open_guide

    guide_id, step_ref = request.path_params["guide_id"], request.path_params["step"]
    db, guide = open_guide(web(request).db_path, guide_id)
    try:
        step = guide.step(step_ref)
        for item in step.checklist:
            store.set_ticked(db, guide, step.id, item.id, form.get(item.key) == "on")
    finally:
        db.close()
    web(request).note(t("web.guide.ticked"))
    return see(f"/guide/{guide_id}/{step_ref}")


ROUTES = [
    Route("/guide", guide_list_page),
    Route("/guide/{guide_id}/{step}", guide_step_page),
    Route("/guide/{guide_id}/{step}", guide_answer, methods=["POST"]),
    Route("/guide/{guide_id}/{step}/checklist", guide_tick, methods=["POST"]),
]
