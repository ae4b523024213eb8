"""Where lokalspil keeps its files: the workspace database, the user's own guides, the built-in guides."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "LOKALSPIL_DB"
ENV_LANG = "LOKALSPIL_LANG"
DB_FILENAME = "lokalspil.db"


def user_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("lokalspil", appauthor=False)


def database_path(option: Path | str | None = None) -> Path:
    """`--db PATH`, else `$LOKALSPIL_DB`, else a file in the user's data directory."""
    if option:
        return Path(option).expanduser()
    from_env = os.environ.get(ENV_DB)
    if from_env:
        return Path(from_env).expanduser()
    return user_data_dir() / DB_FILENAME


def user_guides_dir() -> Path:
    """Guide files of the user's own: run by their id like the built-in ones."""
    return user_data_dir() / "guides"


def _resource_dir(name: str) -> Path:
    """A folder that the wheel maps into the package (`guides/`, `templates/`, `rules/`), or the source tree's."""
    packaged = Path(__file__).with_name(name)
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def builtin_guides_dir() -> Path:
    return _resource_dir("guides")


def builtin_templates_dir() -> Path:
    return _resource_dir("templates")


def builtin_rules_dir() -> Path:
    """The rules lokalspil checks work against (`rules/unge.yaml`: young workers), with their sources."""
    return _resource_dir("rules")


def user_templates_dir(db_path: Path, option: Path | str | None = None) -> Path:
    """The workspace's own templates: `--templates DIR`, else a `templates` folder beside the database. A file
    there overrides the built-in template of the same name."""
    if option:
        return Path(option).expanduser()
    return db_path.expanduser().resolve().parent / "templates"


def backups_dir(db_path: Path) -> Path:
    """The workspace's backups folder: `backups/<the database's name>` beside the database, so that two workspaces
    in one folder never count, prune or restore each other's backups."""
    path = db_path.expanduser().resolve()
    return path.parent / "backups" / path.stem
