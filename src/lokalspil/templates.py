"""Document templates: the one Jinja2 environment, and the built-in templates a workspace can make its own.

Each document has one source, a Markdown template per language (`templates/da/invitation.md.j2`,
`templates/en/invitation.md.j2`); the HTML layout (`templates/layout.html.j2`) and its print stylesheet
(`templates/print.css`) dress every document for HTML, the Typst layout (`templates/layout.typ`) for PDF. A file of
the same name in the workspace's template folder (`--templates DIR`, else `templates/` beside the database) is used
instead of the built-in one.

Every value a template gets from the records is escaped for Markdown before the template sees it (see `Values`),
so a company called `**x**` or `[x](javascript:...)` prints as those characters, and the template's own Markdown
(macros included) is left alone. A value a template needs that is not there (say the
coordinator's phone number) stops the rendering with a sentence naming the value and how to set it.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lokalspil.errors import LokalspilError, os_reason
from lokalspil.files import make_folder
from lokalspil.messages import LANGUAGES, get_language, t
from lokalspil.paths import builtin_templates_dir

if TYPE_CHECKING:
    from jinja2 import Environment, Template

SUFFIX = ".md.j2"
LAYOUT = "layout.html.j2"
STYLESHEET = "print.css"
TYPST_LAYOUT = "layout.typ"  # the page layout of a PDF (Typst)
LAYOUT_NAME = "layout"  # `template copy layout` copies the layouts (HTML and PDF) and the HTML's stylesheet
PLAN = "handlingsplan"
REPORT = "report"  # `lokalspil report --format md|pdf`
KINDS = {PLAN: "plan", REPORT: "report"}  # the templates that are not letters


_NUMBERS = (int, bool, float)


class Values(dict[str, Any]):
    """A group of values a template reads (`sender`, `company`, ...), escaped for Markdown as they come in: a
    template prints them as they are. Values that are not known are left out, so that a template that needs one
    stops with a sentence naming it, and `{% if x.y is defined %}` can ask."""

    def __init__(self, path: str, values: Mapping[str, Any]) -> None:
        # (a batch of letters builds thousands of these: the common cases are handled inline)
        super().__init__(
            {
                k: (_escaped(v) if type(v) is str else v if type(v) in _NUMBERS else markdown_text(v))
                for k, v in values.items()
                if v or (v is not None and v != "" and v != [])  # (most values are true: one test)
            }
        )
        self.path = path


def markdown_text(value: Any) -> Any:
    """Text from the records made safe for Markdown (in lists and mappings too); numbers, truth values and
    groups of Values as they are."""
    if type(value) is str:
        return _escaped(value)
    if isinstance(value, Values | Picture):
        return value
    if isinstance(value, str):
        return escape_markdown(value)
    if isinstance(value, list | tuple):
        return [markdown_text(v) for v in value]
    if isinstance(value, dict):
        return {k: markdown_text(v) for k, v in value.items()}
    return value


class Picture(str):
    """Markdown lokalspil makes itself (a chart): placed as it is."""


# ---------------------------------------------------------------------------------------------------------------
# Escaping

_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_BLOCK_MARK = re.compile(r"^([ \t]*)([#>+=-])", re.MULTILINE)
_NUMBERED = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)


_LINE_MARK = re.compile(r"^[ \t]*(?:[#>+=-]|\d+[.)])", re.MULTILINE)


def escape_markdown(value: Any) -> str:
    """Text that Markdown prints as it is: no emphasis, link, HTML, heading, list or table cell comes of it."""
    return _escaped(str(value))


@lru_cache(maxsize=8192)  # names, towns, dates and labels repeat down a batch of letters
def _escaped(text: str) -> str:
    inline = _INLINE.search(text) is not None
    marks = _LINE_MARK.search(text) is not None
    if inline:  # (a backslash put before a character never makes a line mark: `marks` still holds)
        text = _INLINE.sub(r"\\\1", text)
    if marks:  # most text has none: 'Bager & Søn' needs one substitution, not three
        text = _BLOCK_MARK.sub(r"\1\\\2", text)
        text = _NUMBERED.sub(r"\1\\\2", text)
    return text


# ---------------------------------------------------------------------------------------------------------------
# Filters


def format_amount(value: Any) -> str:
    """12500 -> '12.500' (Danish) or '12,500' (English), to two decimals at most, in the language's own form."""
    from lokalspil.answers import format_number

    return format_number(round(float(value), 2))


def long_date(value: Any) -> str:
    from lokalspil.danish import format_long_date

    return format_long_date(value)


def short_date(value: Any) -> str:
    from lokalspil.danish import format_date

    return format_date(value)


def one_line(value: Any) -> str:
    """A value on one line (for a table cell or a heading)."""
    return " ".join(str(value).split())


def first_lower(value: Any) -> Any:
    """'Fritidsjob' -> 'fritidsjob' inside a sentence, but 'CVR-udtræk' stays: the first letter is lowered unless
    the word is an abbreviation. A list has each item lowered so."""
    if isinstance(value, list | tuple):
        return [first_lower(v) for v in value]
    text = str(value)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def lines(values: Iterable[Any]) -> str:
    """Values on lines of their own (an address block): empty ones left out, joined by hard line breaks."""
    return "\\\n".join(one_line(v) for v in values if v is not None and str(v).strip())


def css_string(value: Any) -> Any:
    """A value as a quoted CSS string (for `content:` in the layout's stylesheet): quotes, backslashes and line
    breaks escaped, and no `<` that could end the style element."""
    from markupsafe import Markup

    text = str(value)
    for char, code in (("\\", "\\5C "), ('"', "\\22 "), ("<", "\\3C "), ("\n", "\\A "), ("\r", "")):
        text = text.replace(char, code)
    return Markup(f'"{text}"')


def by_date(rows: Iterable[Any]) -> list[Any]:
    """Rows sorted by their date, the soonest first and those without a date last; rows with the same date keep
    their order. A row is a pair or list whose first item is the date, or a mapping with a `date`; the date is as a
    template has it (`15. januar 2027`, `15 January 2027`), ISO, or a month (`marts 2027`, its first day)."""
    import datetime as dt

    from lokalspil.danish import month_of, parse_date
    from lokalspil.errors import InvalidValue

    def day(row: Any) -> tuple[int, dt.date]:
        value = (
            row.get("date") if isinstance(row, Mapping) else row[0] if isinstance(row, list | tuple) else row
        )
        if isinstance(value, dt.date):
            return 0, value
        text = str(value or "").replace("\\", "").strip()
        if text:
            try:
                return 0, parse_date(text)
            except InvalidValue:
                month = month_of(text)
                if month is not None:
                    return 0, month
        return 1, dt.date.min

    return sorted(rows, key=day)


def _listing(values: Iterable[Any]) -> str:
    """'a, b og c' / 'a, b and c'."""
    items = [str(v) for v in values]
    if len(items) < 2:
        return "".join(items)
    return t("document.list_joined", first=", ".join(items[:-1]), last=items[-1])


# ---------------------------------------------------------------------------------------------------------------
# The environment


def not_private(path: Path) -> LokalspilError | None:
    """Why a file or folder of the user's templates is not to be trusted: someone other than its owner may write
    to it (group or others), or another user owns it. A template is a program of sorts: one that someone else
    could have changed is not run."""
    if sys.platform.startswith("win"):
        return None
    info = path.stat()
    if stat.S_IMODE(info.st_mode) & 0o022:
        return LokalspilError("template.writable_by_others", path=path)
    if info.st_uid != os.getuid():
        return LokalspilError("template.owned_by_other", path=path)
    return None


def check_private(path: Path, root: Path) -> None:
    """Refuse a template file of the user's folder `root` that it, or a folder from it up to `root`, is not
    private (see not_private)."""
    path, root = Path(os.path.normpath(path)), Path(os.path.normpath(root))
    for part in (path, *[p for p in path.parents if p == root or root in p.parents]):
        problem = not_private(part)
        if problem is not None:
            raise problem


def loose_templates(root: Path) -> list[LokalspilError]:
    """Every file and folder of the user's templates that is not private (for `doctor`)."""
    if not root.is_dir():
        return []
    found = (not_private(p) for p in (root, *sorted(root.rglob("*"))))
    return [problem for problem in found if problem is not None]


class MissingValueError(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@lru_cache(maxsize=8)
def environment(user_dir: Path | None, *, markdown: bool = True) -> Environment:
    """The one Jinja2 environment: the workspace's templates first, then the built-in ones; a missing value stops
    the rendering; the HTML layout escapes for HTML (Markdown templates get their values escaped already).

    Templates run in Jinja2's sandbox: a template file is something a user may be sent, and `{{ ''.__class__ }}`
    or `{{ cycler.__init__.__globals__ }}` must reach nothing of Python's (render_template refuses it plainly)."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, UndefinedError
    from jinja2.sandbox import SandboxedEnvironment

    class Missing(StrictUndefined):
        __slots__ = ()

        def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
            if self._undefined_exception is not UndefinedError:  # the sandbox's SecurityError: say that
                super()._fail_with_undefined_error(*args, **kwargs)
            owner = self._undefined_obj
            name = self._undefined_name or ""
            if isinstance(owner, Values):
                name = f"{owner.path}.{name}"
            raise MissingValueError(name)

        # StrictUndefined binds these to its own method; they must raise ours
        __str__ = __iter__ = __len__ = __eq__ = __ne__ = __bool__ = __hash__ = __contains__ = (
            _fail_with_undefined_error
        )

    class RecordsEnvironment(SandboxedEnvironment):
        def getattr(self, obj: Any, attribute: str) -> Any:
            # `company.name`: the values of the records are read by key first. Jinja2 tries the attribute first,
            # and a mapping has none, so each such lookup would raise and catch an AttributeError (a third of
            # the time of a letter). A key of Values is a value from the records, never a Python attribute, so
            # the sandbox has nothing to check; anything else goes through the sandbox's own lookup.
            if type(obj) is Values:
                try:
                    return obj[attribute]
                except KeyError:
                    pass
            return super().getattr(obj, attribute)

    class PrivateLoader(FileSystemLoader):
        """The user's folder: a file someone else could have changed is refused (with any template using it)."""

        def get_source(self, environment: Any, template: str) -> Any:
            source, filename, uptodate = super().get_source(environment, template)
            check_private(Path(filename), Path(self.searchpath[0]))
            return source, filename, uptodate

    folders = [str(user_dir)] if user_dir is not None else []
    env = RecordsEnvironment(
        loader=ChoiceLoader([PrivateLoader(folders), FileSystemLoader(str(builtin_templates_dir()))]),
        undefined=Missing,
        autoescape=not markdown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(amount=format_amount, long_date=long_date, short_date=short_date, one_line=one_line)
    env.filters.update(listing=_listing, lines=lines, css_string=css_string, first_lower=first_lower)
    env.filters.update(by_date=by_date)
    return env


def _template_file(name: str, language: str) -> str:
    return f"{language}/{name}{SUFFIX}"


def load_template(name: str, user_dir: Path | None) -> Template:
    """The template `name` in the current language (else the other one), from the workspace's folder first."""
    language = get_language()
    names = [_template_file(name, lang) for lang in (language, *[x for x in LANGUAGES if x != language])]
    return _select(environment(user_dir, markdown=True), names, name, user_dir)


def load_layout(user_dir: Path | None) -> Template:
    """The HTML layout (the workspace's own, else the built-in one), in the environment that escapes for HTML."""
    return _select(environment(user_dir, markdown=False), [LAYOUT], LAYOUT_NAME, user_dir)


def _select(env: Environment, names: list[str], name: str, user_dir: Path | None) -> Template:
    """The first of `names` there is; a template that is not there, or does not read, is told as a LokalspilError."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    try:
        return env.select_template(names)
    except TemplateNotFound:
        known = ", ".join(info.name for info in list_templates(user_dir))
        raise LokalspilError("template.unknown", name=name, known=known) from None
    except TemplateSyntaxError as e:
        raise syntax_error(e, name) from None


def syntax_error(error: Any, name: str) -> LokalspilError:
    """A template that does not read (a TemplateSyntaxError): its file and line, and what is wrong."""
    return LokalspilError(
        "template.syntax",
        file=error.filename or error.name or name,
        line=error.lineno,
        problem=(error.message or "").rstrip("."),  # (the sentence around it has its own full stop)
    )


def render_template(template: Template, context: Mapping[str, Any]) -> str:
    """The template's text for these values; a value it needs that is missing is named, with how to set it."""
    from jinja2 import TemplateError, TemplateSyntaxError
    from jinja2.exceptions import SecurityError

    try:
        return template.render(context)
    except MissingValueError as e:
        raise missing_value(template, e.name) from None
    except TemplateSyntaxError as e:  # a template it extends or includes, read only now
        raise syntax_error(e, template.name or "") from None
    except SecurityError:
        raise LokalspilError("template.unsafe", file=template.filename or template.name) from None
    except TemplateError as e:
        raise LokalspilError(
            "template.broken", file=template.filename or template.name, problem=str(e)
        ) from None


def missing_value(template: Template, name: str) -> LokalspilError:
    from lokalspil.messages import CATALOGUES

    catalogue = CATALOGUES[get_language()]
    group = name.split(".")[0]
    what = catalogue.get(f"document.value.{name}") or catalogue.get(f"document.value.{group}")
    how = catalogue.get(f"document.how.{name}") or catalogue.get(f"document.how.{group}")
    template_name = Path(template.name or "").name.removesuffix(SUFFIX)
    if template.name == LAYOUT:
        template_name = LAYOUT_NAME
    if what is None or how is None or (group == "company" and name != group and name not in _COMPANY_VALUES):
        return LokalspilError("document.missing_unknown", template=template_name, name=name)
    if f"document.value.{name}" not in catalogue and name != group:  # only the group is known: name the value
        what = f"{what} ('{name}')"
    return LokalspilError("document.missing", template=template_name, what=what, how=how)


# The values a letter's `company` can have (documents.values.company_values), for telling a value that is not set from
# a name lokalspil does not know.
_COMPANY_VALUES = {
    f"company.{n}"
    for n in ("name", "cvr", "address", "postcode", "city", "industry", "employees", "email", "phone", "website",
              "stage", "social_economy", "rsv")
}  # fmt: skip


# ---------------------------------------------------------------------------------------------------------------
# Listing, showing and copying


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    kind: str  # "plan", "report", "letter" or "layout"
    description: str
    path: Path  # the file used in the current language
    overridden: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "path": str(self.path),
            "overridden": self.overridden,
        }


_DESCRIPTION = re.compile(r"\A\s*\{#-?\s*(.*?)\s*-?#\}", re.DOTALL)


def _description(path: Path) -> str:
    """The template's first comment, `{# ... #}`: what the template is for."""
    try:
        match = _DESCRIPTION.match(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return ""
    return " ".join(match.group(1).split()) if match else ""


def _names(folder: Path) -> set[str]:
    found: set[str] = set()
    for language in LANGUAGES:
        for path in (folder / language).glob(f"*{SUFFIX}"):
            if not path.name.startswith("_"):
                found.add(path.name.removesuffix(SUFFIX))
    return found


def _file_for(relative: str, user_dir: Path | None) -> tuple[Path, bool]:
    if user_dir is not None and (user_dir / relative).is_file():
        return user_dir / relative, True
    return builtin_templates_dir() / relative, False


@lru_cache(maxsize=4)
def stylesheet(user_dir: Path | None) -> str:
    """The print stylesheet (the workspace's own, else the built-in one), ready to stand inside a style element."""
    path, own = _file_for(STYLESHEET, user_dir)
    if own and user_dir is not None:
        check_private(path, user_dir)
    return path.read_text(encoding="utf-8").replace("</", "<\\/")


@lru_cache(maxsize=4)
def typst_layout(user_dir: Path | None) -> str:
    """The PDF's page layout, Typst source (the workspace's own, else the built-in one)."""
    path, own = _file_for(TYPST_LAYOUT, user_dir)
    if own and user_dir is not None:
        check_private(path, user_dir)
    return path.read_text(encoding="utf-8")


def list_templates(user_dir: Path | None) -> list[TemplateInfo]:
    """The built-in templates and the workspace's own, the plan and the report first; which of them the workspace overrides."""
    names = _names(builtin_templates_dir()) | (_names(user_dir) if user_dir is not None else set())
    language = get_language()
    infos = []
    for name in sorted(names, key=lambda n: (n not in KINDS, n != PLAN, n)):
        candidates = [_template_file(name, lang) for lang in (language, *LANGUAGES)]
        for relative in candidates:
            path, overridden = _file_for(relative, user_dir)
            if path.is_file():
                break
        infos.append(TemplateInfo(name, KINDS.get(name, "letter"), _description(path), path, overridden))
    layout, overridden = _file_for(LAYOUT, user_dir)
    infos.append(TemplateInfo(LAYOUT_NAME, "layout", t("template.layout_description"), layout, overridden))
    return infos


def template_files(name: str, user_dir: Path | None) -> list[str]:
    """The files (relative to a template folder) that make up `name`, in every language there is."""
    if name == LAYOUT_NAME:
        return [LAYOUT, STYLESHEET, TYPST_LAYOUT]
    files = [
        _template_file(name, lang)
        for lang in LANGUAGES
        if _file_for(_template_file(name, lang), user_dir)[0].is_file()
    ]
    if not files:
        known = ", ".join(info.name for info in list_templates(user_dir))
        raise LokalspilError("template.unknown", name=name, known=known)
    return files


def show_template(name: str, user_dir: Path | None) -> tuple[Path, str]:
    """The source of the template `name` in the current language, and where it is."""
    files = template_files(name, user_dir)
    language = get_language()
    relative = next((f for f in files if f.startswith(f"{language}/")), files[0])
    path, _ = _file_for(relative, user_dir)
    return path, path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Copied:
    written: list[Path]
    kept: list[Path]  # already in the workspace's folder: left as the user made them


def copy_template(name: str, user_dir: Path, *, overwrite: bool = False) -> Copied:
    """Put the built-in template `name` (both languages) into the workspace's folder, where it overrides the
    built-in one from then on. A copy the user already has is kept unless `overwrite`."""
    builtin = builtin_templates_dir()
    written, kept = [], []
    files = template_files(name, None)
    if (
        name != LAYOUT_NAME
    ):  # a letter extends the shared letter frame (and may include a shared part); copy those too
        source = (builtin / files[0]).read_text(encoding="utf-8")
        shared = r"""\{%-?\s*(?:extends|include)\s+["']\w+/(_[\w.-]+)["']"""
        for base in sorted(set(re.findall(shared, source))):
            files += [f"{lang}/{base}" for lang in LANGUAGES if (builtin / lang / base).is_file()]
    for relative in files:
        target = user_dir / relative
        if target.exists() and not overwrite:
            kept.append(target)
            continue
        try:
            make_folder(target.parent)
            shutil.copyfile(builtin / relative, target)
            _no_write_for_others(target)
        except OSError as e:
            raise LokalspilError("template.cannot_write", path=target, reason=os_reason(e)) from None
        written.append(target)
    return Copied(written, kept)


def _no_write_for_others(path: Path) -> None:
    """Whatever the umask: a template only its owner may change (else check_private would refuse it)."""
    path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o022)
