"""All terminal I/O: the Rich consoles, prompts, tables and pictures, and the walk's terminal side.

The library returns data; this package shows it. Nothing else imports Rich or reads from the keyboard (a
ruff rule bans Rich elsewhere). Callers write `from lokalspil import console` and `console.show_companies(...)`:
the package's API is the names listed in `__all__` below, whichever module they live in:

- base: the consoles `out` and `err`, the SafeConsole they are, plain messages, JSON, progress on stderr
- pictures: a progress bar, the pipeline funnel, a date as Danes write it
- prompts: questions, yes or no, the question before sensitive data is stored
- guides: a guide's progress and answers; walk: the guide walk at a terminal
- records: companies, contacts, agreements, agenda, search, history, status, the home screen, the demo
- outcomes: openings, placements, targets
- documents: the plan, letters, templates; report: the report's table and charts
- care: import reports, the doctor, GDPR lists
- rules: the rules for young workers

The consoles exist once, in base. `console.out` and `console.err` are looked up there when asked for, so a
script that swaps them (`base.out = recorder`, as docs/screenshots.py does) swaps them everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lokalspil.console import base
from lokalspil.console.base import (
    SafeConsole,
    error,
    interactive,
    print_json,
    print_raw,
    say,
    steps,
    success,
    warn,
    working,
)
from lokalspil.console.care import (
    confirm_import,
    import_progress,
    show_checkup,
    show_import,
    show_mapping,
    show_mentions,
    show_untouched,
)
from lokalspil.console.documents import (
    show_copied,
    show_letters,
    show_markdown,
    show_template_source,
    show_templates,
)
from lokalspil.console.guides import show_guide, show_guide_list, show_guide_progress, show_problems
from lokalspil.console.outcomes import show_card_outcomes, show_openings, show_placements, show_targets
from lokalspil.console.pictures import date_text, funnel, progress_bar
from lokalspil.console.prompts import (
    CONFIRM_WORDS,
    ask,
    ask_date,
    ask_valid,
    check_sensitive,
    confirm,
    confirm_destructive,
    follow_up_date,
)
from lokalspil.console.records import (
    show_agenda,
    show_agreements,
    show_companies,
    show_company_card,
    show_contacts,
    show_demo,
    show_history,
    show_hits,
    show_home,
    show_status,
)
from lokalspil.console.report import show_report
from lokalspil.console.rules import show_rule_warnings, show_rules
from lokalspil.console.walk import TerminalWalk

if TYPE_CHECKING:
    from lokalspil.console.base import err, out
else:

    def __getattr__(name: str) -> Any:
        """`out` and `err`, as base holds them now."""
        if name in ("out", "err"):
            return getattr(base, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CONFIRM_WORDS",
    "SafeConsole",
    "TerminalWalk",
    "ask",
    "ask_date",
    "ask_valid",
    "check_sensitive",
    "confirm",
    "confirm_destructive",
    "confirm_import",
    "date_text",
    "err",
    "error",
    "follow_up_date",
    "funnel",
    "import_progress",
    "interactive",
    "out",
    "print_json",
    "print_raw",
    "progress_bar",
    "say",
    "show_agenda",
    "show_agreements",
    "show_card_outcomes",
    "show_checkup",
    "show_companies",
    "show_company_card",
    "show_contacts",
    "show_copied",
    "show_demo",
    "show_guide",
    "show_guide_list",
    "show_guide_progress",
    "show_history",
    "show_hits",
    "show_home",
    "show_import",
    "show_letters",
    "show_mapping",
    "show_markdown",
    "show_mentions",
    "show_openings",
    "show_placements",
    "show_problems",
    "show_report",
    "show_rule_warnings",
    "show_rules",
    "show_status",
    "show_targets",
    "show_template_source",
    "show_templates",
    "show_untouched",
    "steps",
    "success",
    "warn",
    "working",
]
