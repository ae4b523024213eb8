"""What every page uses: the session (workspace, secrets, language, templates), rendering, forms, downloads.

See lokalspil.web.app for the guards and for why the pages have a Jinja2 environment of their own.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from lokalspil.messages import t, t_count

LOCAL_HOSTS = ("127.0.0.1", "localhost")
Handler = Callable[[Request], Awaitable[Response]]
FormHandler = Callable[[Request, FormData], Awaitable[Response]]


@dataclass
class Web:
    """What every request needs: the workspace, the secrets of this session, the language, the page templates."""

    db_path: Path
    token: str
    language: str
    port: int | None = None  # None (tests): any port on a local host name
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    notes: list[tuple[str, str]] = field(default_factory=list)  # (kind, text) shown once on the next page
    upload: Path | None = None  # a list uploaded for import, until it is imported or cancelled (web.imports)
    env: Environment = field(init=False)

    def __post_init__(self) -> None:
        self.env = Environment(
            loader=PackageLoader("lokalspil.web", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        from lokalspil.danish import format_date

        self.env.filters["date"] = lambda day: format_date(day) if day else ""
        self.env.globals.update(t=t, t_count=t_count, urlencode=urlencode)

    @property
    def cookie(self) -> str:
        """The cookie's name: one per port, so two workspaces served at once keep their own."""
        return f"lokalspil-{self.port}" if self.port else "lokalspil"

    def allows_host(self, host: str) -> bool:
        name, _, port = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
        if name not in LOCAL_HOSTS:
            return False
        return self.port is None or port == str(self.port)

    def note(self, text: str, kind: str = "success") -> None:
        self.notes.append((kind, text))


def web(request: Request) -> Web:
    state: Web = request.app.state.web
    return state


def render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    """A page: the template with the navigation, the CSRF token and the notes left by the last form."""
    state = web(request)
    notes, state.notes[:] = list(state.notes), []
    page = state.env.get_template(template).render(
        lang=state.language, csrf=state.csrf, notes=notes, path=request.url.path, **values
    )
    return HTMLResponse(page, status_code=status)


def plain(text: str, status: int) -> Response:
    """A refusal as a plain page: no template, no link into the app."""
    return PlainTextResponse(text, status_code=status)


def see(url: str) -> Response:
    """After a form is stored: on to the page that shows the result (a reload does not post it again)."""
    return RedirectResponse(url, status_code=303)


def posted(command: str) -> Callable[[FormHandler], Handler]:
    """A form handler: the CSRF token checked before anything else, and the history told which command wrote."""

    def wrap(handler: FormHandler) -> Handler:
        async def checked(request: Request) -> Response:
            form = await request.form()
            given = form.get("csrf")
            if not isinstance(given, str) or not secrets.compare_digest(given, web(request).csrf):
                return plain(t("web.csrf"), 403)
            from lokalspil.database import set_command

            set_command(command)
            try:
                return await handler(request, form)
            finally:
                set_command(None)

        return checked

    return wrap


def text(form: FormData, name: str) -> str:
    """A form field as text ('' when it is missing or a file)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def download(filename: str, media_type: str, write: Callable[[Path], object]) -> Response:
    """A file the library writes (`write(path)`), sent to the browser to save; the temporary copy is removed."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="lokalspil-web-") as folder:
        path = Path(folder) / filename
        write(path)
        data = path.read_bytes()
    return sent(filename, media_type, data)


def sent(filename: str, media_type: str, data: bytes) -> Response:
    """A file for the browser to save; a name beyond ASCII ('brev-bageren-i-søborg.pdf') as RFC 6266 gives it."""
    from urllib.parse import quote

    plain_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    disposition = f"attachment; filename=\"{plain_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})
