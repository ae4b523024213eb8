"""Make the pictures in the README from a real demo workspace.

    python docs/screenshots.py

Builds the demo (`lokalspil.demo.make_demo`) in a temporary folder, runs a few commands in this process with the
terminal output recorded by Rich, and saves each as SVG (Rich's own `export_svg`) in docs/images/. Then renders page
1 of the demo's action plan and of its invitation letters to PNG with `pdftoppm` (poppler-utils), if it is there.

Dates in the pictures are relative to the day the script runs, like the demo's own. Nothing outside the temporary
folder is touched: the workspace path, the data folder and the current folder all point into it.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console

HERE = Path(__file__).resolve().parent
IMAGES = HERE / "images"
WIDTH = 100
DEMO = "lokalspil-demo"

# (file name, title in the window bar, the command's arguments)
SHOTS = [
    ("home", "lokalspil", []),
    ("status", "lokalspil status", ["status"]),
    ("company-list", "lokalspil company list --stage kandidat --postcode 2860", ["company", "list", "--stage", "kandidat", "--postcode", "2860"]),
    ("agenda", "lokalspil agenda", ["agenda"]),
    ("company-show", "lokalspil company show 7", ["company", "show", "7"]),
    ("import-dry-run", f"lokalspil import companies {DEMO}/virksomheder.csv --dry-run", ["import", "companies", f"{DEMO}/virksomheder.csv", "--dry-run"]),
]  # fmt: skip
PDFS = [("handlingsplan", "handlingsplan.pdf"), ("invitation", "invitationer.pdf")]


def recording_console() -> Console:
    return Console(
        record=True,
        width=WIDTH,
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
        file=io.StringIO(),  # recorded, not shown
    )


def shoot(name: str, title: str, args: list[str]) -> Path:
    """Run `lokalspil ARGS` here, with the console's output recorded, and save it as SVG."""
    from lokalspil.cli import run
    from lokalspil.cli.app import app
    from lokalspil.console import base

    recorder = recording_console()
    base.out = base.err = recorder  # every screen prints through base.out and base.err
    code = run(app, args=args, prog_name="lokalspil")
    if code != 0:
        raise SystemExit(f"lokalspil {' '.join(args)} ended with exit code {code}")
    target = IMAGES / f"{name}.svg"
    svg = recorder.export_svg(title=title)
    target.write_text(svg, encoding="utf-8")
    return target


def page_one(pdf: Path, name: str) -> Path | None:
    """Page 1 of `pdf` as docs/images/NAME.png, at 70 dpi; None when pdftoppm is not installed."""
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is not installed (apt install poppler-utils): the PDF pictures are left as they are")
        return None
    stem = IMAGES / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)], check=True
    )
    return stem.with_suffix(".png")


def main() -> None:
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lokalspil-screenshots-") as tmp:
        folder = Path(tmp)
        os.chdir(folder)  # so the workspace shows as lokalspil-demo/lokalspil.db, as after `lokalspil demo`
        os.environ["LOKALSPIL_DB"] = f"{DEMO}/lokalspil.db"
        os.environ["XDG_DATA_HOME"] = str(folder / "data")
        os.environ.pop("LOKALSPIL_LANG", None)
        os.environ.pop("NO_COLOR", None)

        from lokalspil.demo import make_demo
        from lokalspil.messages import set_language

        set_language("da")
        demo = make_demo(folder / DEMO)
        print(f"demo: {demo.companies} companies, {demo.letters_written} letters")
        for name, title, args in SHOTS:
            set_language("da")
            print(f"wrote {shoot(name, title, args).relative_to(HERE.parent)}")
        for name, pdf in PDFS:
            png = page_one(folder / DEMO / pdf, name)
            if png is not None:
                print(f"wrote {png.relative_to(HERE.parent)}")
        os.chdir(HERE)


if __name__ == "__main__":
    sys.exit(main())
