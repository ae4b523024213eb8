"""Documents: the action plan and letters to companies, made from the guide's answers and the records.

A document is Markdown first (a Jinja2 template, see lokalspil.templates), then HTML (markdown-it-py with raw
HTML off, inside the one layout with its print stylesheet), or PDF (the same Markdown tokens as Typst markup in the
Typst layout, see documents.typeset and lokalspil.pdf).

documents.values gathers the values a template reads (the sender, today's date, the guides' answers, a company, an
agreement); documents.rendering takes Markdown to HTML and files; documents.plan and documents.letters make the
two kinds of document.
"""

from lokalspil.documents.letters import LetterBatch, make_letters
from lokalspil.documents.plan import render_plan
from lokalspil.documents.rendering import Rendered, format_for, write_rendered

__all__ = ["LetterBatch", "Rendered", "format_for", "make_letters", "render_plan", "write_rendered"]
