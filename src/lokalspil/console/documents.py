"""Documents on screen: the plan as Markdown, the letters written, templates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from lokalspil.console import base
from lokalspil.console.base import print_raw, say, success, warn
from lokalspil.console.pictures import headed_table
from lokalspil.messages import t, t_count

if TYPE_CHECKING:
    from lokalspil.documents import LetterBatch
    from lokalspil.templates import Copied, TemplateInfo


def show_markdown(markdown: str) -> None:
    """Markdown drawn by Rich on a terminal; as it is when sent on (`lokalspil plan > plan.md`, a pipe)."""
    if not base.out.is_terminal:
        print_raw(markdown)
        return
    from rich.markdown import Markdown

    base.out.print(Markdown(markdown))


def show_letters(batch: LetterBatch) -> None:
    skipped = [c.name for c in batch.protected_skipped]
    if len(skipped) == 1:
        warn(t("letter.protected_skipped", company=skipped[0]))
    elif skipped:
        shown = skipped if len(skipped) <= 6 else [*skipped[:5], t("letter.and_more", count=len(skipped) - 5)]
        warn(t("letter.protected_skipped_many", count=len(skipped), companies=", ".join(shown)))
    for company in batch.protected_named:
        warn(t("letter.protected_named", company=company.name))
    if not batch.companies:
        say(t("letter.none"))
        return
    if batch.combined is not None and str(batch.combined) == "-":
        return  # the letters went to standard output: nothing more may be said there
    if batch.combined is not None:
        success(t_count("letter.combined", len(batch.companies), path=batch.combined))
    else:
        folder = batch.files[0].parent if batch.files else None
        success(t_count("letter.files", len(batch.files), folder=folder))
        for path in batch.files[:10]:
            say(f"  {path.name}")
        if len(batch.files) > 10:
            say(t("letter.more_files", count=len(batch.files) - 10))
    if batch.logged:
        say(t_count("letter.logged_count", batch.logged))
    if batch.protected_skipped:
        say(t("letter.include_protected_hint"))


def show_templates(infos: list[TemplateInfo], user_dir: Any) -> None:
    table = headed_table(
        "template.col.name", "template.col.kind", "template.col.description", "template.col.source"
    )
    for info in infos:
        source = (
            Text(t("template.own"), style="green")
            if info.overridden
            else Text(t("template.builtin"), style="dim")
        )
        table.add_row(info.name, t(f"template.kind.{info.kind}"), info.description, source)
    base.out.print(table)
    say(t("template.folder", folder=user_dir), "dim")


def show_template_source(path: Any, source: str) -> None:
    base.err.print(Text(str(path), style="dim"))
    print_raw(source)


def show_copied(copied: Copied) -> None:
    for path in copied.written:
        base.out.print(Text(str(path)))
    for path in copied.kept:
        warn(t("template.kept", path=path))
    if copied.written:
        success(t("template.copied", count=len(copied.written)))
