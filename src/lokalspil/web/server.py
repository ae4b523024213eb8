"""Serving the web app: a free port on 127.0.0.1, a fresh token, the browser opened, uvicorn until Ctrl-C."""

from __future__ import annotations

import secrets
import socket
from collections.abc import Callable
from pathlib import Path

from lokalspil.errors import LokalspilError, os_reason

HOST = "127.0.0.1"


def bind(port: int | None) -> socket.socket:
    """A listening socket on 127.0.0.1 only: `port`, or a free one the system picks."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, port or 0))
        sock.listen(64)
    except OSError as e:
        sock.close()
        raise LokalspilError("web.port_taken", port=port, reason=os_reason(e)) from None
    return sock


def serve(
    db_path: Path,
    language: str,
    *,
    port: int | None = None,
    open_browser: bool = True,
    tell: Callable[[str], None] = print,
) -> None:
    """Serve the workspace until Ctrl-C (uvicorn stops gracefully, then this returns)."""
    import uvicorn

    from lokalspil.messages import t
    from lokalspil.web.app import create_app
    from lokalspil.workspace import connect

    with connect(db_path):  # a missing workspace is told now, not on the first page
        pass
    sock = bind(port)
    chosen = sock.getsockname()[1]
    token = secrets.token_urlsafe(32)
    app = create_app(db_path, token, language, chosen)
    url = f"http://{HOST}:{chosen}/?token={token}"
    tell(t("web.serving", url=url))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it has already handled by stopping
        pass
    finally:
        sock.close()
