"""Write the CLI reference (docs/cli.md in Danish, docs/cli.en.md in English) from the commands' own help.

    python docs/reference.py          # rewrite both files
    python docs/reference.py en       # print the English reference

tests/test_docs.py fails when the files differ from what this prints, so the reference cannot go stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = {"da": HERE / "cli.md", "en": HERE / "cli.en.md"}


def reference(language: str) -> str:
    """The reference in one language; run in a fresh interpreter, since help texts are fixed at import."""
    from lokalspil.messages import set_language

    set_language(language)
    import typer
    from typer.cli import get_docs_for_click

    from lokalspil.cli import _translate_typer_help

    _translate_typer_help()
    from lokalspil.cli.app import app

    command = typer.main.get_command(app)
    command.load_all()  # type: ignore[attr-defined]
    ctx = typer.Context(command)
    return get_docs_for_click(obj=command, ctx=ctx, name="lokalspil").strip() + "\n"


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.stdout.write(reference(sys.argv[1]))
    else:
        import subprocess

        for lang, path in FILES.items():
            text = subprocess.run(
                [sys.executable, __file__, lang], capture_output=True, text=True, check=True
            ).stdout
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
