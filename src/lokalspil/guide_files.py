"""Guide files: load them into typed objects, and report every problem with file, line and key path.

A guide is YAML (format: docs/guide-format.md). `yaml.safe_load` semantics, then a strict check that rejects unknown
keys and missing translations, so a typo in a user's own guide is caught with a readable error instead of ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from lokalspil.errors import LokalspilError, os_reason
from lokalspil.guides import (
    CONDITION_OPERATORS,
    DEFAULT_GUIDE,
    OTHER,
    PHASES,
    PLAN_SECTIONS,
    QUESTION_TYPES,
    RECORD_VIEWS,
    Case,
    CaseSource,
    ChecklistItem,
    Choice,
    Condition,
    Guide,
    Question,
    Source,
    Step,
    Text,
    Tool,
    available_guide_files,
    looks_like_path,
    other_choice,
)
from lokalspil.messages import LANGUAGES, t
from lokalspil.paths import builtin_guides_dir, user_guides_dir

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

try:  # libyaml is several times faster; fall back to the pure-Python loader where it is missing
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a guide file."""

    file: Path
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "key": self.path, "message": self.message, "text": str(self)}


class GuideFileError(LokalspilError):
    """A guide file with problems; the message lists each of them."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        super().__init__("guide.file_invalid", path=path, count=len(problems))
        self.path = path
        self.problems = problems

    def __str__(self) -> str:
        lines = [t("guide.file_invalid", path=self.path, count=len(self.problems))]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------------
# Loading a guide


def resolve_guide(ref: str | None) -> Guide:
    """A guide by its id (built-in or the user's own) or by the path of a guide file; the default guide if None."""
    ref = (ref or DEFAULT_GUIDE).strip()
    if looks_like_path(ref) or Path(ref).is_file():
        path = Path(ref).expanduser()
        if not path.is_file():
            raise LokalspilError("guide.file_missing", path=path)
        guide = load_guide_file(path)
        owner = available_guide_files().get(guide.id)
        if owner is not None and owner.resolve() != path.resolve():
            raise LokalspilError("guide.id_taken", path=path, id=guide.id, owner=owner)
        return guide
    files = available_guide_files()
    if ref not in files:
        raise LokalspilError("guide.unknown", guide=ref, available=", ".join(sorted(files)) or "-")
    return load_guide_file(files[ref])


def load_guide_file(path: Path) -> Guide:
    guide, problems = check_guide_file(path)
    if problems or guide is None:
        raise GuideFileError(path, problems)
    return guide


# ---------------------------------------------------------------------------------------------------------------
# Loading and checking


def check_guide_file(path: Path) -> tuple[Guide | None, list[Problem]]:
    """Parse and check a guide file; returns the guide (None if it has problems) and every problem found."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(path, None, "", t("guide.not_utf8"))]
    except OSError as e:
        return None, [Problem(path, None, "", t("guide.unreadable", reason=os_reason(e)))]
    try:
        node, alias, data = parse_yaml(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        reason = " ".join(str(getattr(e, "problem", None) or e).split())
        return None, [
            Problem(path, mark.line + 1 if mark else None, "", t("guide.yaml_syntax", reason=reason))
        ]
    if alias is not None:
        return None, [Problem(path, alias.start_mark.line + 1, "", t("guide.yaml_alias"))]
    checker = _Checker(path, node)
    checker.duplicate_keys(node, ())
    guide = checker.guide(data)
    if checker.problems:
        return None, sorted(checker.problems, key=lambda p: (p.line or 0, p.path))
    return guide, []


def parse_yaml(text: str) -> tuple[yaml.Node | None, yaml.Node | None, Any]:
    """A YAML document as yaml.safe_load reads it, with its nodes (for line numbers) and the first alias in it.
    With an alias, the document is not built (None): it is refused before anything walks it, as a few aliases
    can stand for billions of values. Raises yaml.YAMLError."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        alias = _first_alias(node)
        data = loader.construct_document(node) if node is not None and alias is None else None
    finally:
        loader.dispose()
    return node, alias, data


def _first_alias(root: yaml.Node | None) -> yaml.Node | None:
    """A node that stands in the file more than once: an anchor (`&name`) used again by an alias (`*name`). A guide
    needs none, and a file of a kilobyte can nest them into billions of values ("billion laughs"), so the nodes
    are counted once each, without following the second use."""
    seen: set[int] = set()
    todo = [root] if root is not None else []
    while todo:
        node = todo.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            todo += reversed(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                todo += (value, key)
    return None


def _format_path(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class _Checker:
    """Builds typed objects from parsed YAML, collecting every problem instead of stopping at the first."""

    def __init__(self, path: Path, root: yaml.Node | None) -> None:
        self.path = path
        self.root = root
        self.problems: list[Problem] = []
        self.broken: set[str] = set()

    # -- reporting --

    def problem(self, at: tuple[str | int, ...], message: str, /, **params: object) -> None:
        self.problems.append(Problem(self.path, self._line(at), _format_path(at), t(message, **params)))

    def _line(self, at: tuple[str | int, ...]) -> int | None:
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in at:
            child = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if k.value == str(part):
                        child = v if v.start_mark.line == k.start_mark.line or part != at[-1] else k
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                child = node.value[part]
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return line

    def duplicate_keys(self, node: yaml.Node | None, at: tuple[str | int, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for k, v in node.value:
                if k.value in seen:
                    self.problems.append(
                        Problem(
                            self.path,
                            k.start_mark.line + 1,
                            _format_path((*at, k.value)),
                            t("guide.duplicate_key"),
                        )
                    )
                seen.add(k.value)
                self.duplicate_keys(v, (*at, k.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                self.duplicate_keys(v, (*at, i))

    # -- shapes --

    def mapping(
        self, data: Any, at: tuple[str | int, ...], required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, Any] | None:
        if not isinstance(data, Mapping):
            self.problem(at, "guide.expected_mapping", keys=", ".join(required))
            return None
        allowed = (*required, *optional)
        for key in data:
            if key not in allowed:
                self.problem((*at, str(key)), "guide.unknown_key", key=key, allowed=", ".join(allowed))
        for key in required:
            if key not in data or data[key] is None:
                self.problem(at, "guide.missing_key", key=key)
        return {str(k): v for k, v in data.items() if k in allowed}

    def sequence(self, data: Any, at: tuple[str | int, ...]) -> list[Any]:
        if data is None:
            return []
        if not isinstance(data, list):
            self.problem(at, "guide.expected_list")
            return []
        return data

    def text(self, data: Any, at: tuple[str | int, ...]) -> Text | None:
        if data is None:
            return None
        if isinstance(data, str):
            self.problem(at, "guide.expected_text")
            return None
        m = self.mapping(data, at, (), LANGUAGES)
        if m is None:
            return None
        ok = True
        for lang in LANGUAGES:
            if lang not in m or m[lang] is None:
                self.problem(at, "guide.missing_translation", language=t(f"language.{lang}"))
                ok = False
            elif not isinstance(m[lang], str) or not m[lang].strip():
                self.problem((*at, lang), "guide.empty_text")
                ok = False
        if not ok or any(lang not in m for lang in LANGUAGES):
            return None
        return Text(da=m["da"].strip(), en=m["en"].strip())

    def ident(self, data: Any, at: tuple[str | int, ...]) -> str | None:
        if isinstance(data, bool) or data is None:
            self.problem(at, "guide.bad_id", value=data)
            return None
        value = str(data)
        if not _ID.match(value):
            self.problem(at, "guide.bad_id", value=value)
            return None
        return value

    def unique(self, ids: list[tuple[str | None, tuple[str | int, ...]]], what: str) -> None:
        seen: set[str] = set()
        for value, at in ids:
            if value is None:
                continue
            if value in seen:
                self.problem(at, "guide.duplicate_id", value=value, what=t(f"guide.what.{what}"))
            seen.add(value)

    # -- the guide --

    def guide(self, data: Any) -> Guide | None:
        m = self.mapping(data, (), ("id", "title", "steps"), ("description", "source", "version"))
        if m is None:
            return None
        guide_id = self.ident(m.get("id"), ("id",)) if "id" in m else None
        title = self.text(m.get("title"), ("title",))
        description = self.text(m.get("description"), ("description",))
        source = self.source(m["source"]) if m.get("source") is not None else None
        raw_steps = self.sequence(m.get("steps"), ("steps",))
        if "steps" in m and not raw_steps:
            self.problem(("steps",), "guide.no_steps")
        steps: list[Step] = []
        earlier: dict[str, Question] = {}
        for i, raw in enumerate(raw_steps):
            step = self.step(raw, i, earlier)
            if step is not None:
                steps.append(step)
        self.unique([(s.id, ("steps", i, "id")) for i, s in enumerate(steps)], "step")
        if self.problems or guide_id is None or title is None:
            return None
        folder = self.path.resolve().parent
        builtin = folder == builtin_guides_dir().resolve()
        if (
            folder in (builtin_guides_dir().resolve(), user_guides_dir().resolve())
            and self.path.stem != guide_id
        ):
            self.problem(("id",), "guide.file_name", id=guide_id, name=self.path.name)
            return None
        if builtin and source is None:
            self.problem((), "guide.missing_key", key="source")
            return None
        return Guide(
            id=guide_id,
            title=title,
            steps=tuple(steps),
            path=self.path,
            description=description,
            source=source,
            builtin=builtin,
        )

    def source(self, data: Any) -> Source | None:
        at: tuple[str | int, ...] = ("source",)
        m = self.mapping(data, at, ("publisher", "title"), ("year", "note"))
        if m is None:
            return None
        year = m.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            self.problem((*at, "year"), "guide.expected_year")
            year = None
        return Source(
            publisher=str(m.get("publisher", "")),
            title=str(m.get("title", "")),
            year=year,
            note=self.text(m.get("note"), (*at, "note")),
        )

    def step(self, data: Any, index: int, earlier: dict[str, Question]) -> Step | None:
        at: tuple[str | int, ...] = ("steps", index)
        m = self.mapping(
            data,
            at,
            ("id", "title", "purpose", "tips", "questions", "checklist"),
            ("phase", "tools", "records", "cases"),
        )
        if m is None:
            return None
        step_id = self.ident(m.get("id"), (*at, "id")) if "id" in m else None
        title = self.text(m.get("title"), (*at, "title"))
        purpose = self.text(m.get("purpose"), (*at, "purpose"))
        phase = m.get("phase")
        if phase is not None and phase not in PHASES:
            self.problem((*at, "phase"), "guide.bad_choice", value=phase, allowed=", ".join(PHASES))
        tips = [
            self.text(x, (*at, "tips", i)) for i, x in enumerate(self.sequence(m.get("tips"), (*at, "tips")))
        ]
        tools = []
        for i, raw in enumerate(self.sequence(m.get("tools"), (*at, "tools"))):
            tm = self.mapping(raw, (*at, "tools", i), ("command", "text"), ())
            if tm is not None and "command" in tm:
                tools.append((str(tm["command"]), self.text(tm.get("text"), (*at, "tools", i, "text"))))
        records = []
        for i, view in enumerate(self.sequence(m.get("records"), (*at, "records"))):
            if view in RECORD_VIEWS:
                records.append(view)
            else:
                self.problem(
                    (*at, "records", i), "guide.bad_choice", value=view, allowed=", ".join(RECORD_VIEWS)
                )
        questions: list[Question] = []
        for i, raw in enumerate(self.sequence(m.get("questions"), (*at, "questions"))):
            q = self.question(raw, (*at, "questions", i), step_id or "?", earlier)
            if q is not None:
                questions.append(q)
                earlier[q.key] = q
            elif isinstance(raw, Mapping) and raw.get("id") is not None:
                self.broken.add(f"{step_id or '?'}.{raw['id']}")  # reported already; don't report it again
        self.unique([(q.id, (*at, "questions", i, "id")) for i, q in enumerate(questions)], "question")
        items: list[ChecklistItem] = []
        for i, raw in enumerate(self.sequence(m.get("checklist"), (*at, "checklist"))):
            im = self.mapping(raw, (*at, "checklist", i), ("id", "text"), ())
            if im is None:
                continue
            item_id = self.ident(im.get("id"), (*at, "checklist", i, "id")) if "id" in im else None
            text = self.text(im.get("text"), (*at, "checklist", i, "text"))
            if item_id and text:
                items.append(ChecklistItem(item_id, step_id or "?", text))
        self.unique([(c.id, (*at, "checklist", i, "id")) for i, c in enumerate(items)], "item")
        cases = [
            self.case(x, (*at, "cases", i))
            for i, x in enumerate(self.sequence(m.get("cases"), (*at, "cases")))
        ]
        self.unique([(c.id if c else None, (*at, "cases", i, "id")) for i, c in enumerate(cases)], "case")
        if step_id is None or title is None or purpose is None:
            return None
        return Step(
            id=step_id,
            number=index + 1,
            title=title,
            purpose=purpose,
            phase=phase if phase in PHASES else None,
            tips=tuple(x for x in tips if x is not None),
            tools=tuple(Tool(c, x) for c, x in tools if x is not None),
            records=tuple(records),
            questions=tuple(questions),
            checklist=tuple(items),
            cases=tuple(c for c in cases if c is not None),
        )

    def case(self, data: Any, at: tuple[str | int, ...]) -> Case | None:
        """A case story: what happened elsewhere, in our own words, and the public page it rests on."""
        m = self.mapping(data, at, ("id", "title", "text", "place", "source"), ())
        if m is None:
            return None
        case_id = self.ident(m["id"], (*at, "id")) if m.get("id") is not None else None
        title = self.text(m.get("title"), (*at, "title"))
        text = self.text(m.get("text"), (*at, "text"))
        place = self.line(m["place"], (*at, "place")) if m.get("place") is not None else None
        source = self.case_source(m["source"], (*at, "source")) if m.get("source") is not None else None
        if case_id is None or title is None or text is None or place is None or source is None:
            return None
        return Case(id=case_id, title=title, text=text, place=place, source=source)

    def case_source(self, data: Any, at: tuple[str | int, ...]) -> CaseSource | None:
        m = self.mapping(data, at, ("url", "title", "read"), ())
        if m is None or any(m.get(key) is None for key in ("url", "title", "read")):
            return None  # reported by mapping()
        url, title = self.line(m["url"], (*at, "url")), self.line(m["title"], (*at, "title"))
        if url is not None and not url.startswith(("https://", "http://")):
            self.problem((*at, "url"), "guide.expected_url", value=url)
            url = None
        read = self.day(m["read"], (*at, "read"))
        if url is None or title is None or read is None:
            return None
        return CaseSource(url=url, title=title, read=read)

    def line(self, data: Any, at: tuple[str | int, ...]) -> str | None:
        """A plain text on one line, the same in both languages (a place name, an address, a title)."""
        if isinstance(data, bool) or not isinstance(data, str | int | float) or not str(data).strip():
            self.problem(at, "guide.expected_line")
            return None
        return " ".join(str(data).split())

    def day(self, data: Any, at: tuple[str | int, ...]) -> str | None:
        """A date as YYYY-MM-DD (YAML reads an unquoted one as a date)."""
        if isinstance(data, dt.date):
            return data.isoformat()
        try:
            return dt.date.fromisoformat(str(data)).isoformat()
        except ValueError:
            self.problem(at, "guide.expected_date", value=data)
            return None

    def question(
        self, data: Any, at: tuple[str | int, ...], step_id: str, earlier: dict[str, Question]
    ) -> Question | None:
        m = self.mapping(
            data,
            at,
            ("id", "type", "prompt"),
            ("help", "required", "choices", "min", "max", "integer", "when", "plan_section", "other"),
        )
        if m is None:
            return None
        qid = self.ident(m.get("id"), (*at, "id")) if "id" in m else None
        qtype = m.get("type")
        if "type" in m and qtype not in QUESTION_TYPES:
            self.problem((*at, "type"), "guide.bad_choice", value=qtype, allowed=", ".join(QUESTION_TYPES))
            qtype = None
        prompt = self.text(m.get("prompt"), (*at, "prompt"))
        help_text = self.text(m.get("help"), (*at, "help"))
        required = m.get("required", False)
        if not isinstance(required, bool):
            self.problem((*at, "required"), "guide.expected_bool")
            required = False
        choices: list[Choice] = []
        if qtype in ("choice", "multichoice"):
            raw_choices = self.sequence(m.get("choices"), (*at, "choices"))
            if not raw_choices:
                self.problem(at, "guide.choices_needed")
            for i, raw in enumerate(raw_choices):
                cm = self.mapping(raw, (*at, "choices", i), ("id",), LANGUAGES)
                if cm is None:
                    continue
                cid = self.ident(cm.get("id"), (*at, "choices", i, "id")) if "id" in cm else None
                label = self.text({k: cm[k] for k in LANGUAGES if k in cm}, (*at, "choices", i))
                if cid and label:
                    choices.append(Choice(cid, label))
            self.unique([(c.id, (*at, "choices", i, "id")) for i, c in enumerate(choices)], "choice")
        elif "choices" in m and qtype is not None:
            self.problem((*at, "choices"), "guide.choices_not_allowed", type=qtype)
        other = m.get("other", False)
        if not isinstance(other, bool):
            self.problem((*at, "other"), "guide.expected_bool")
            other = False
        elif other and qtype != "multichoice" and qtype is not None:
            self.problem((*at, "other"), "guide.other_not_allowed", type=qtype)
            other = False
        elif other and any(c.id == OTHER for c in choices):
            self.problem((*at, "other"), "guide.other_id_taken", id=OTHER)
            other = False
        if other:
            choices.append(other_choice())
        bounds: dict[str, float | None] = {"min": None, "max": None}
        for bound in ("min", "max"):
            if bound not in m:
                continue
            value = m[bound]
            if qtype != "number" and qtype is not None:
                self.problem((*at, bound), "guide.bound_not_allowed", key=bound)
            elif isinstance(value, bool) or not isinstance(value, int | float):
                self.problem((*at, bound), "guide.expected_number")
            else:
                bounds[bound] = value
        integer = m.get("integer", False)
        if "integer" in m and qtype != "number" and qtype is not None:
            self.problem((*at, "integer"), "guide.bound_not_allowed", key="integer")
        elif not isinstance(integer, bool):
            self.problem((*at, "integer"), "guide.expected_bool")
            integer = False
        if bounds["min"] is not None and bounds["max"] is not None and bounds["min"] > bounds["max"]:
            self.problem((*at, "min"), "guide.min_above_max")
        when = self.condition(m["when"], (*at, "when"), step_id, earlier) if "when" in m else None
        section = m.get("plan_section")
        if section is not None and section not in PLAN_SECTIONS:
            self.problem(
                (*at, "plan_section"), "guide.bad_choice", value=section, allowed=", ".join(PLAN_SECTIONS)
            )
            section = None
        if qid is None or qtype is None or prompt is None:
            return None
        return Question(
            id=qid,
            step_id=step_id,
            type=qtype,
            prompt=prompt,
            help=help_text,
            required=required,
            choices=tuple(choices),
            min=bounds["min"],
            max=bounds["max"],
            integer=integer,
            when=when,
            plan_section=section,
            other=other,
        )

    def condition(
        self, data: Any, at: tuple[str | int, ...], step_id: str, earlier: dict[str, Question]
    ) -> Condition | None:
        m = self.mapping(data, at, ("question",), CONDITION_OPERATORS)
        if m is None or "question" not in m:
            return None
        ref = str(m["question"])
        key = ref if "." in ref else f"{step_id}.{ref}"
        operators = [op for op in CONDITION_OPERATORS if op in m]
        if len(operators) != 1:
            self.problem(at, "guide.condition_operator", allowed=", ".join(CONDITION_OPERATORS))
            return None
        op = operators[0]
        target = earlier.get(key)
        if target is None and key in self.broken:
            return None
        if target is None:
            self.problem((*at, "question"), "guide.condition_unknown_question", question=ref)
            return None
        value = m[op]
        if target is not None and target.type == "date":  # YAML reads an unquoted 2026-12-03 as a date
            value = [v.isoformat() if isinstance(v, dt.date) else v for v in value] if isinstance(value, list) else (
                value.isoformat() if isinstance(value, dt.date) else value)  # fmt: skip
        values = value if op == "one_of" else [value]
        if op == "one_of" and not isinstance(value, list):
            self.problem((*at, op), "guide.expected_list")
            return None
        if op == "includes" and target.type != "multichoice":
            self.problem((*at, op), "guide.condition_includes")
            return None
        choice_ids = {c.id for c in target.choices}
        for v in values:
            fits = (
                (str(v) in choice_ids)
                if target.type in ("choice", "multichoice")
                else isinstance(v, bool)
                if target.type == "yesno"
                else not isinstance(v, bool) and isinstance(v, int | float)
                if target.type == "number"
                else isinstance(v, str)
            )
            if not fits:
                self.problem((*at, op), "guide.condition_value", value=v, question=ref)
                return None
        if target.type in ("choice", "multichoice"):
            value = [str(v) for v in value] if op == "one_of" else str(value)
        return Condition(question=key, operator=op, value=value)
