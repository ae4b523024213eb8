"""The global options (`--db`, `--lang`, `--debug`) as the commands see them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer

from lokalspil.paths import database_path


@dataclass
class Settings:
    db_option: Path | None = None
    debug: bool = False
    lang_option: str | None = None

    @property
    def db_path(self) -> Path:
        return database_path(self.db_option)


def settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings()
