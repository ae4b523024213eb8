"""Which language lokalspil speaks: `--lang`, else `$LOKALSPIL_LANG`, else the workspace's setting, else Danish.

Kept free of heavy imports: it runs before the CLI is built, so that `--help` speaks the user's language too.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from lokalspil.messages import DEFAULT_LANGUAGE, normalise_language
from lokalspil.paths import ENV_LANG


def workspace_language(path: Path) -> str | None:
    """The workspace's language, read-only and without migrations; None where there is no readable workspace."""
    try:
        if not path.is_file():
            return None
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            row = conn.execute("SELECT language FROM workspace WHERE id = 1").fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, OSError, ValueError):
        return None
    return normalise_language(row[0]) if row else None


def resolve_language(option: str | None, db_path: Path | None) -> str:
    return (
        normalise_language(option)
        or normalise_language(os.environ.get(ENV_LANG))
        or (workspace_language(db_path) if db_path is not None else None)
        or DEFAULT_LANGUAGE
    )
