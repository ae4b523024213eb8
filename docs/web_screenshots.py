"""Make the pictures of `lokalspil web` in the README from a real demo workspace.

    python docs/web_screenshots.py

Builds the demo (`lokalspil.demo.make_demo`) in a temporary folder, starts `lokalspil web --no-browser` on it, and
photographs the main pages with Playwright driving the system's Chromium (/usr/bin/chromium; `apt install
chromium`, never Playwright's own browser download) into docs/images/web-*.png. Nothing outside the temporary
folder is touched.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
IMAGES = HERE / "images"
CHROMIUM = "/usr/bin/chromium"
DEMO = "lokalspil-demo"
WIDTH, TALLEST = 1200, 1500  # a long page is cut at TALLEST pixels

# (file name, the page's address)
SHOTS = [
    ("web-home", "/"),
    ("web-companies", "/companies"),
    ("web-company", "/companies/1"),
    ("web-guide-step", "/guide/saet-virksomheder-i-spil/2"),
    ("web-agenda", "/agenda"),
    ("web-report", "/report"),
]


def serve(folder: Path) -> tuple[subprocess.Popen[str], str]:
    """`lokalspil web` on the demo in `folder`, and the address it prints (with the token)."""
    # a relative path, so the home page shows lokalspil-demo/lokalspil.db as after `lokalspil demo`
    env = os.environ | {"LOKALSPIL_DB": f"{DEMO}/lokalspil.db", "PYTHONUNBUFFERED": "1"}
    env |= {"XDG_DATA_HOME": str(folder / "data"), "LOKALSPIL_LANG": "da"}
    command = [sys.executable, "-m", "lokalspil", "web", "--no-browser"]
    server = subprocess.Popen(command, env=env, cwd=folder, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    for line in server.stdout:
        found = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", line)
        if found:
            return server, found.group(0)
    raise SystemExit("lokalspil web printed no address")


def main() -> None:
    from playwright.sync_api import sync_playwright

    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lokalspil-web-screenshots-") as tmp:
        folder = Path(tmp)
        os.environ["XDG_DATA_HOME"] = str(folder / "data")
        from lokalspil.demo import make_demo
        from lokalspil.messages import set_language

        set_language("da")
        make_demo(folder / DEMO)
        server, url = serve(folder)
        base = url.split("/?")[0]
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": WIDTH, "height": 800}, locale="da-DK")
                page.goto(url)
                for name, path in SHOTS:
                    page.goto(base + path)
                    height = min(page.evaluate("document.documentElement.scrollHeight"), TALLEST)
                    target = IMAGES / f"{name}.png"
                    clip = {"x": 0, "y": 0, "width": WIDTH, "height": height}
                    page.screenshot(path=target, full_page=True, clip=clip)
                    print(f"wrote {target.relative_to(HERE.parent)}")
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=15)


if __name__ == "__main__":
    sys.exit(main())
