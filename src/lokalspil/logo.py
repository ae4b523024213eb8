"""The organisation's logo for the letterhead (`lokalspil init --logo FILE`): checked, then copied into the
workspace's folder, readable by its owner only, and its file name kept in the workspace (`workspace.logo`).

Only PNG and SVG, told by their first bytes, at most 2 MB. An SVG is a program of sorts: one with a script, an
event handler (`onload=`), a reference to anything outside itself (`href="http://…"`, `url(file:…)`, an
`@import`), embedded HTML (`foreignObject`) or a DOCTYPE (entities) is refused, so a hostile file never reaches a
renderer. Templates read the stored logo as `sender.logo`: its full path, or nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from lokalspil.errors import LokalspilError, os_reason

MAX_BYTES = 2 * 2**20
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "audio",
                       "video"}  # fmt: skip
_OUTSIDE = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)


def read_logo(path: Path) -> tuple[bytes, str]:
    """The logo's bytes and its kind ('png' or 'svg'), or a LokalspilError saying what is wrong with it."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LokalspilError("logo.too_big", path=path, size=f"{size / 2**20:.1f}".replace(".", ","))
        data = path.read_bytes()
    except OSError as e:
        raise LokalspilError("logo.unreadable", path=path, reason=os_reason(e)) from None
    if data.startswith(PNG_MAGIC):
        return data, "png"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--"):
        problem = svg_problem(data)
        if problem == "":
            return data, "svg"
        if problem is not None:
            raise LokalspilError("logo.unsafe", path=path, what=problem)
    raise LokalspilError("logo.not_image", path=path)


def svg_problem(data: bytes) -> str | None:
    """What makes the SVG unsafe ('<script>', 'onload=', 'href="http://x"'), '' when nothing does, or None when
    it is not an SVG at all."""
    import xml.etree.ElementTree as ET

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    lowered = text.lower()
    for marker in ("<!doctype", "<!entity", "<?xml-stylesheet"):
        if marker in lowered:
            return marker.upper() if marker != "<?xml-stylesheet" else marker
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return None
    if _local(root.tag) != "svg":
        return None
    for element in root.iter():
        name = _local(element.tag).lower()
        if name in _FORBIDDEN_ELEMENTS:
            return f"<{_local(element.tag)}>"
        if name == "style" and _OUTSIDE.search(element.text or ""):
            return "<style> @import/url(…)"
        for attribute, value in element.attrib.items():
            key = _local(attribute).lower()
            if key.startswith("on"):
                return f"{_local(attribute)}="
            if key in ("href", "src") and not value.strip().startswith("#"):
                return f'{_local(attribute)}="{value[:60]}"'
            if _OUTSIDE.search(value):
                return f'{_local(attribute)}="{value[:60]}"'
    return ""


def _local(name: str) -> str:
    """A tag or attribute name without its namespace: '{http://www.w3.org/2000/svg}svg' -> 'svg'."""
    return name.rpartition("}")[2]


def logo_name(db_path: Path, kind: str) -> str:
    """The logo's file name beside the workspace: its own for each workspace in a folder."""
    return f"{db_path.stem}-logo.{kind}"


def store_logo(db_path: Path, data: bytes, kind: str) -> str:
    """Write the checked logo into the workspace's folder (owner only, whole or not at all); returns its name."""
    from lokalspil.files import make_folder, owner_only, write_atomically

    folder = db_path.expanduser().resolve().parent
    make_folder(folder)
    name = logo_name(db_path, kind)
    target = folder / name
    write_atomically(target, lambda temporary: temporary.write_bytes(data))
    owner_only(target)
    for other in ("png", "svg"):  # a logo of the other kind, set before, goes
        if other != kind:
            (folder / logo_name(db_path, other)).unlink(missing_ok=True)
    return name


def logo_path(db_path: Path, name: str | None) -> Path | None:
    """The stored logo's full path, when it is set and there; never a name that leads out of the folder."""
    if not name or Path(name).name != name:
        return None
    path = db_path.expanduser().resolve().parent / name
    return path if path.is_file() else None
