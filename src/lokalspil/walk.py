"""The guide walk: where to start, what to ask next, and what each typed line means.

The walk is a cursor over one step's questions. `Walk.handle(line)` takes what the user typed (an answer, or one of
the navigation words) and stores an accepted answer at once. `run_walk` drives a whole session through a `WalkIO`:
the terminal (lokalspil.console) or a test's script. Nothing here touches a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from sqlite3 import Connection
from typing import TYPE_CHECKING, Any, Protocol

from lokalspil import answers as store
from lokalspil.database import now
from lokalspil.errors import InvalidValue
from lokalspil.guides import OTHER, ChecklistItem, Guide, Question, Step
from lokalspil.messages import t

if TYPE_CHECKING:
    from lokalspil.overview import Records

BACK = frozenset({"<", "/tilbage", "/back"})
SKIP = frozenset({">", "/spring", "/skip"})
HELP = frozenset({"?", "/hjælp", "/hjaelp", "/help"})
LEAVE = frozenset({"/forlad", "/leave", "/næste", "/next"})
CLEAR = frozenset({"/slet", "/clear"})


class Outcome(Enum):
    ACCEPTED = "accepted"  # a new answer, stored
    KEPT = "kept"  # Enter on an answered question: the stored answer stands
    SKIPPED = "skipped"  # an optional question passed over
    INVALID = "invalid"  # not stored; `reason` says why; ask again
    BACK = "back"  # moved to the previous question
    AT_START = "at_start"  # back from the first question: nothing earlier in this step
    HELP = "help"  # show the question's help; ask again
    LEAVE = "leave"  # leave the step's questions
    CLEARED = "cleared"  # the stored answer removed
    OTHER_TEXT = "other_text"  # Andet was picked: ask for its text (`other_for` holds the choices so far)


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    reason: str = ""
    value: Any = None


class Walk:
    """A walk through one guide, with its stored answers and checklist."""

    def __init__(self, db: Connection, guide: Guide) -> None:
        self.db = db
        self.guide = guide
        self.answers = store.stored_answers(db, guide.id)
        self.ticked = store.ticked_items(db, guide.id)
        self.last_step = store.last_step_worked(db, guide.id)
        self.step: Step | None = None
        self.current: Question | None = None
        self._history: list[Question] = []
        self.other_for: list[Any] | None = None  # the choices picked with Andet, while its text is asked for

    # -- where we are --

    def progress(self) -> store.GuideProgress:
        return store.measure_progress(self.guide, self.answers, self.ticked, self.last_step)

    def stored_value(self, question: Question) -> Any:
        a = self.answers.get(question.key)
        return None if a is None or a.skipped else a.value

    def _asked(self, step: Step) -> list[Question]:
        values = store.values_of(self.answers)
        return [q for q in step.questions if store.applies(q, values)]

    def asked(self) -> list[Question]:
        """The current step's questions that apply, given the answers so far."""
        return self._asked(self.step) if self.step else []

    def refresh(self) -> None:
        """Read the stored answers again: another walk on the same workspace may have stored some meanwhile."""
        self.answers = store.stored_answers(self.db, self.guide.id)
        self.ticked = store.ticked_items(self.db, self.guide.id)
        self.last_step = store.last_step_worked(self.db, self.guide.id)

    def start_step(self, step_ref: str | None) -> Step | None:
        """The step asked for, else the step the user left (or the next unfinished one); None when every step is
        done."""
        if step_ref:
            return self.guide.step(step_ref)
        return self.progress().resume_step()

    def begin(self, step: Step, *, revisit: bool = False) -> Question | None:
        """Enter a step at its first unanswered question, or (revisiting a finished step) at its first question."""
        self.step = step
        self._history = []
        self.other_for = None
        asked = self._asked(step)
        pending = [q for q in asked if q.key not in self.answers]
        self.current = pending[0] if pending else (asked[0] if revisit and asked else None)
        # The questions before the current one (all of them when the step goes straight to its checklist): `<`
        # goes back through them.
        self._history = asked[: asked.index(self.current)] if self.current is not None else list(asked)
        return self.current

    def _advance(self) -> None:
        assert self.step is not None and self.current is not None
        asked = self._asked(self.step)
        later = self.step.questions[self.step.questions.index(self.current) + 1 :]
        self._history.append(self.current)
        self.current = next((q for q in later if q in asked), None)

    def records_for(self, step: Step) -> Records | None:
        """The counts of companies, agreements and follow-ups a step asks to show, from the same workspace."""
        if not step.records:
            return None
        from lokalspil.overview import records_overview

        return records_overview(self.db)

    # -- what the user typed --

    def handle(self, line: str) -> Result:
        q = self.current
        assert q is not None, "no current question"
        if self.other_for is not None:
            return self._other_text(q, line)
        word = line.strip().lower()
        if word in HELP:
            return Result(Outcome.HELP)
        if word in BACK:
            if not self._history:
                return Result(Outcome.AT_START)
            self.current = self._history.pop()
            return Result(Outcome.BACK)
        if word in LEAVE:
            self.current = None
            return Result(Outcome.LEAVE)
        if word in CLEAR:
            if q.required:
                store.clear_answer(self.db, self.guide, q)
                self.answers.pop(q.key, None)
            else:
                store.store_skip(self.db, self.guide, q)
                self.answers[q.key] = store.Stored(None, True, now())
                self._advance()
            return Result(Outcome.CLEARED)
        if word in SKIP or not line.strip():
            if self.stored_value(q) is not None:
                self._advance()
                return Result(Outcome.KEPT)
            if q.required:  # and if '>' was typed, say that it passes over optional questions only
                return Result(
                    Outcome.INVALID, t("walk.required_no_skip" if line.strip() else "walk.required")
                )
            store.store_skip(self.db, self.guide, q)
            self.answers[q.key] = store.Stored(None, True, now())
            self._advance()
            return Result(Outcome.SKIPPED)
        if q.other:
            try:
                picked = store.pick_choices(q, line.strip())
            except InvalidValue:
                picked = []  # parse_answer says why below
            if OTHER in picked:
                self.other_for = picked
                return Result(Outcome.OTHER_TEXT)
        try:
            value = store.parse_answer(q, line)
        except InvalidValue as e:
            return Result(Outcome.INVALID, str(e))
        return self._store(q, value)

    def _other_text(self, q: Question, line: str) -> Result:
        """The text for Andet; Enter or `<` returns to the question."""
        assert self.other_for is not None
        if not line.strip() or line.strip().lower() in BACK:
            self.other_for = None
            return Result(Outcome.INVALID, t("value.other_text_missing"))
        try:
            value = store.with_other(q, self.other_for, line)
        except InvalidValue as e:
            return Result(Outcome.INVALID, str(e))
        self.other_for = None
        return self._store(q, value)

    def _store(self, q: Question, value: Any) -> Result:
        store.store_answer(self.db, self.guide, q, value)
        self.answers[q.key] = store.Stored(value, False, now())
        self._advance()
        return Result(Outcome.ACCEPTED, value=value)

    def toggle(self, line: str) -> Result:
        """Tick or untick checklist items of the current step by their numbers ('1, 3'). The keys of the questions
        work here too: `<` goes back to the step's last question, `>` or /forlad goes on, `?` asks for help."""
        assert self.step is not None
        items = self.step.checklist
        word = line.strip().lower()
        if word in BACK:
            if not self._history or self._history[-1] not in self.step.questions:
                return Result(Outcome.AT_START)
            self.current = self._history.pop()
            return Result(Outcome.BACK)
        if word in SKIP or word in LEAVE:
            return Result(Outcome.LEAVE)
        if word in HELP:
            return Result(Outcome.HELP)
        chosen: list[ChecklistItem] = []
        for part in line.replace(";", ",").replace(" ", ",").split(","):
            if not part.strip():
                continue
            if not part.strip().isdigit() or not 1 <= int(part) <= len(items):
                return Result(
                    Outcome.INVALID, t("walk.bad_item_number", value=part.strip(), count=len(items))
                )
            chosen.append(items[int(part) - 1])
        for item in chosen:
            done = item.key not in self.ticked
            store.set_ticked(self.db, self.guide, item.step_id, item.id, done)
            (self.ticked.add if done else self.ticked.discard)(item.key)
        return Result(Outcome.ACCEPTED)


class WalkIO(Protocol):
    """What the walk needs from a terminal."""

    def show_overview(self, progress: store.GuideProgress) -> None: ...
    def show_step(self, step: Step, records: Records | None) -> None: ...
    def ask(self, walk: Walk, question: Question) -> str: ...
    def show_result(self, walk: Walk, question: Question, result: Result) -> None: ...
    def ask_checklist(self, walk: Walk, step: Step) -> str: ...
    def show_checklist_note(self, result: Result) -> None: ...
    def confirm_next(self, step: Step) -> bool: ...
    def show_done(self, progress: store.GuideProgress, finished: bool) -> None: ...


def run_walk(walk: Walk, io: WalkIO, step_ref: str | None = None) -> None:
    """Walk from the step asked for (or the first unfinished one) through the unfinished steps after it, until the
    guide is done or the user stops.

    Ctrl-C and end of input propagate (KeyboardInterrupt, EOFError); every accepted answer is already stored.
    """
    step = walk.start_step(step_ref)  # a step that does not exist is refused before anything is shown
    progress = walk.progress()
    io.show_overview(progress)
    if step is None:
        io.show_done(progress, finished=True)
        return
    revisit = step_ref is not None
    while step is not None:
        io.show_step(step, walk.records_for(step))
        question = walk.begin(step, revisit=revisit)
        while True:
            left = False
            while question is not None:
                walk.refresh()
                result = walk.handle(io.ask(walk, question))
                io.show_result(walk, question, result)
                left = result.outcome is Outcome.LEAVE  # /forlad leaves the step, checklist and all
                question = walk.current
            if left or not step.checklist:
                break
            back = False
            while line := io.ask_checklist(walk, step).strip():
                result = walk.toggle(line)
                if result.outcome is Outcome.LEAVE:
                    break
                if result.outcome is Outcome.BACK:
                    back = True
                    break
                if result.outcome is not Outcome.ACCEPTED:
                    io.show_checklist_note(result)
            if not back:
                break
            question = walk.current  # `<` in the checklist: back to the step's last question
        progress = walk.progress()
        step = next((s.step for s in progress.steps[step.number :] if not s.finished), None)
        if step is not None and not io.confirm_next(step):
            break
        revisit = False
    io.show_done(walk.progress(), finished=walk.progress().first_unfinished() is None)
