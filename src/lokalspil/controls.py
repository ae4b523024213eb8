"""Characters that steer a terminal or turn text around, rather than being text: found and removed.

A value in the records may hold them although every input is cleaned (an old version, `import all` of a file made
elsewhere, a database changed by another program). Shown as they are, an escape sequence could recolour the
terminal, set its title, hide a link behind a word or clear the screen, and a right-to-left override could make
`Firmafdp.exe` out of `Firma<U+202E>exe.pdf`. So the console removes them from everything it shows, and a file
name made from a company's name never has them.
"""

from __future__ import annotations

import re

# C0 controls but line feed and tab (escape, bell, backspace, carriage return, ...), DEL, the C1 controls
# (U+0080-U+009F: U+009B is a CSI of its own in some terminals), and the bidirectional marks, embeddings, overrides
# and isolates that reorder what is shown (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069).
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """The text without terminal controls and bidirectional overrides; line breaks and tabs kept."""
    return CONTROLS.sub("", text) if CONTROLS.search(text) else text


def escape_controls(json_text: str) -> str:
    """JSON with every such character written as a `\\uXXXX` escape: the same data, nothing a terminal obeys."""
    return CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)
