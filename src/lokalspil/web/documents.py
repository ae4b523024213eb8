"""The documents: the action plan as a PDF download (what `lokalspil plan -o plan.pdf` writes), and a letter to
one company as a PDF or DOCX download (what `lokalspil letter TEMPLATE COMPANY` writes, logged on the company as
the command logs it)."""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lokalspil.errors import LokalspilError
from lokalspil.messages import t
from lokalspil.web.pages import download, posted, render, sent, text, web

LETTER_FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _documents_page(
    request: Request, values: dict[str, str] | None = None, problem: str | None = None
) -> Response:
    from lokalspil.companies import list_companies
    from lokalspil.paths import user_templates_dir
    from lokalspil.templates import list_templates
    from lokalspil.workspace import connect

    path = web(request).db_path
    letters = [i for i in list_templates(user_templates_dir(path)) if i.kind == "letter"]
    with connect(path) as conn:
        companies = list_companies(conn)
    return render(
        request,
        "documents.html",
        status=400 if problem else 200,
        letters=[(i.name, f"{i.name} – {i.description}" if i.description else i.name) for i in letters],
        company_options=[(str(c.id), c.name) for c in companies],
        formats=[(f, f.upper()) for f in LETTER_FORMATS],
        values=values or {"format": "pdf", "log": "on"},
        problem=problem,
    )


async def documents_page(request: Request) -> Response:
    return _documents_page(request)


@posted("web letter")
async def letter(request: Request, form: FormData) -> Response:
    """The letter to one company, downloaded; logged on the company unless the box is cleared."""
    import tempfile

    from lokalspil.documents import make_letters
    from lokalspil.paths import user_templates_dir

    typed = {name: text(form, name).strip() for name in ("template", "company", "format", "log")}
    fmt = typed["format"] if typed["format"] in LETTER_FORMATS else "pdf"
    path = web(request).db_path
    with tempfile.TemporaryDirectory(prefix="lokalspil-web-") as folder:
        try:
            batch = make_letters(
                path,
                typed["template"],
                [typed["company"]] if typed["company"] else [],
                fmt=fmt,
                out_dir=Path(folder) / "letters",
                log=typed["log"] == "on",
                user_dir=user_templates_dir(path),
            )
        except LokalspilError as e:
            return _documents_page(request, typed, str(e))
        if not batch.files:  # a company marked reklamebeskyttet: the command's sentence
            said = [t("letter.protected_skipped", company=c.name) for c in batch.protected_skipped]
            return _documents_page(request, typed, " ".join([*said, t("letter.none")]))
        file = batch.files[0]
        data = file.read_bytes()
    for company in batch.protected_named:
        web(request).note(t("letter.protected_named", company=company.name), "warning")
    if batch.logged:
        web(request).note(t("web.documents.letter_logged", company=batch.companies[0].name))
    return sent(file.name, LETTER_FORMATS[fmt], data)


async def plan_pdf(request: Request) -> Response:
    from lokalspil.documents import render_plan, write_rendered
    from lokalspil.paths import user_templates_dir

    path = web(request).db_path
    draft = request.query_params.get("draft") == "1"
    rendered = render_plan(path, "pdf", user_templates_dir(path), draft=draft)

    def write(file: Path) -> None:
        write_rendered([rendered], "pdf", file)

    return download("plan.pdf", "application/pdf", write)


ROUTES = [
    Route("/documents", documents_page),
    Route("/documents/plan.pdf", plan_pdf),
    Route("/documents/letter", letter, methods=["POST"]),
]
