"""Import: a company list uploaded, its columns mapped and a dry run reported, then imported on confirmation.

The steps are those of `lokalspil import companies FILE --dry-run`, then without `--dry-run`, through the same
`imports.import_companies`. The uploaded file is kept in a temporary folder (with the rejects file the dry run may
write) only between the upload and the confirmation or cancellation; then the folder is removed. One upload is kept
at a time: a new upload removes the one before.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lokalspil.errors import LokalspilError
from lokalspil.messages import t
from lokalspil.web.pages import Web, posted, render, see, text, web

UPLOAD_FIELD = "file"
MAX_BYTES = 200 * 1024 * 1024  # larger lists are for the command


def _fields() -> list[tuple[str, str]]:
    from lokalspil.imports.columns import HEADERS

    return [(name, t(f"company.field.{name}")) for name in HEADERS]


def _forget(state: Web) -> None:
    """The uploaded file and its folder removed."""
    if state.upload is not None:
        shutil.rmtree(state.upload.parent, ignore_errors=True)
        state.upload = None


async def import_page(request: Request, problem: str | None = None) -> Response:
    return render(request, "import.html", status=400 if problem else 200, problem=problem, report=None)


def _run(
    request: Request, mapping: tuple[str, ...], tag: str, dry_run: bool, problem: str | None = None
) -> Response:
    """The import of the file uploaded, as a dry run (the report and the mapping to confirm) or for real. A mapping
    refused: its sentence above the file's own mapping, to correct."""
    from lokalspil.imports import Reading, import_companies
    from lokalspil.workspace import connect

    state = web(request)
    path = state.upload
    if path is None or not path.is_file():
        return render(request, "import.html", status=400, problem=t("web.import.gone"), report=None)
    reading = Reading(mapping=mapping, dry_run=dry_run, rejects=path.parent / "afviste.csv")
    try:
        with connect(state.db_path) as conn:
            report = import_companies(conn, path, reading, tag=tag or None)
    except LokalspilError as e:
        if mapping:
            return _run(request, (), tag, dry_run=True, problem=str(e))
        _forget(state)  # the file itself cannot be read: nothing to map, so it goes now
        return render(request, "import.html", status=400, problem=problem or str(e), report=None, tag=tag)
    if dry_run:
        status = 400 if problem else 200
        return render(
            request, "import.html", status=status, report=report, fields=_fields(), problem=problem, tag=tag
        )
    _forget(state)
    state.note(t("import.done", rows=report.rows))
    counts = ", ".join(
        f"{t(f'import.count.{key}')}: {getattr(report, key)}" for key in ("new", "updated", "rejected")
    )
    state.note(counts)
    return see("/companies")


@posted("web import companies")
async def import_upload(request: Request, form: FormData) -> Response:
    upload = form.get(UPLOAD_FIELD)
    if not isinstance(upload, UploadFile) or not upload.filename:
        return await import_page(request, t("web.import.no_file"))
    state = web(request)
    _forget(state)
    folder = Path(tempfile.mkdtemp(prefix="lokalspil-import-"))
    name = Path(upload.filename).name or "liste.csv"
    path = folder / name
    written = 0
    with path.open("wb") as out:
        while chunk := await upload.read(1024 * 1024):
            written += len(chunk)
            if written > MAX_BYTES:
                break
            out.write(chunk)
    state.upload = path
    if written > MAX_BYTES:
        _forget(state)
        return await import_page(request, t("web.import.too_big", file=name))
    return _run(request, (), text(form, "tag").strip(), dry_run=True)


def _mapping(form: FormData) -> tuple[str, ...]:
    """The columns as mapped in the form: `--map COLUMN=FIELD` for each (ignore for one not imported)."""
    headers = [h for h in form.getlist("column") if isinstance(h, str)]
    fields = [f for f in form.getlist("field") if isinstance(f, str)]
    return tuple(f"{h}={f or 'ignore'}" for h, f in zip(headers, fields, strict=False))


@posted("web import companies")
async def import_again(request: Request, form: FormData) -> Response:
    """The dry run again with the mapping as changed in the form."""
    return _run(request, _mapping(form), text(form, "tag").strip(), dry_run=True)


@posted("web import companies")
async def import_confirm(request: Request, form: FormData) -> Response:
    return _run(request, _mapping(form), text(form, "tag").strip(), dry_run=False)


@posted("web import companies")
async def import_cancel(request: Request, form: FormData) -> Response:
    _forget(web(request))
    web(request).note(t("nothing_done"))
    return see("/import")


ROUTES = [
    Route("/import", import_page),
    Route("/import", import_upload, methods=["POST"]),
    Route("/import/again", import_again, methods=["POST"]),
    Route("/import/confirm", import_confirm, methods=["POST"]),
    Route("/import/cancel", import_cancel, methods=["POST"]),
]
