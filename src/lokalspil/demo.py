"""`lokalspil demo [DIR]`: a whole, clearly fictional workspace to try lokalspil on, made with the real commands'
own functions: a company list written as Danish Excel writes it and imported by the importer, guide answers for
the first three steps and for every section of the action plan, contact persons, a log with follow-ups, two agreements, and the action plan and a batch of
invitation letters as PDF. It lives in DIR and never touches the user's own workspace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from sqlite3 import Connection
from typing import TYPE_CHECKING

from lokalspil.errors import LokalspilError
from lokalspil.files import make_folder

if TYPE_CHECKING:
    from lokalspil.companies import Company

DEMO_DIR = "lokalspil-demo"
AREA = "Lærkeparken"
WORKSPACE = {
    "area": AREA,
    "organisation": "Boligselskabet Eksempel (fiktivt)",
    "municipality": "Fiktiv Kommune",
    "coordinator": "Sara Eksempel",
    "email": "sara@example.org",
    "phone": "70 00 00 00",
    "language": "da",
}

# Fictional companies: the kinds of local businesses a coordinator meets, with made-up names (no CVR numbers, so
# none can be mistaken for a real company).
TRADES = [
    ("Bageri", "107120", "Fremstilling af brød og friske bagerivarer"),
    ("Malerfirma", "433400", "Maler- og glarmesterforretninger"),
    ("Tømrer", "433200", "Tømrer- og bygningssnedkervirksomhed"),
    ("Supermarked", "471120", "Supermarkeder"),
    ("Autoværksted", "452010", "Almindelig reparation og vedligeholdelse af motorkøretøjer"),
    ("Frisør", "960210", "Frisørsaloner"),
    ("Café", "561010", "Restauranter"),
    ("Rengøring", "812100", "Almindelig rengøring i bygninger"),
    ("Cykelværksted", "952900", "Reparation af andre husholdningsartikler"),
    ("Blomster", "477610", "Detailhandel med blomster"),
    ("VVS", "432200", "VVS- og blikkenslagerforretninger"),
    ("Elinstallatør", "432100", "El-installation"),
    ("Kiosk", "471900", "Anden detailhandel fra ikke-specialiserede forretninger"),
    ("Anlægsgartner", "813000", "Landskabspleje"),
]
NAMES = [
    "Solsikken", "Lærken", "Kornblomsten", "Bøgen", "Engen", "Kilden", "Mosen", "Rønnebær", "Svalen", "Hjørnet",
    "Torvet", "Stjernen", "Vinden", "Havnen", "Åen", "Skoven", "Bakken", "Lyngen", "Ørnen", "Ankeret",
]  # fmt: skip
STREETS = ["Lærkevej", "Solsikkevej", "Stationsvej", "Hovedgaden", "Centertorvet", "Engvej", "Skolevej"]
FORMS = ["ApS", "A/S", "I/S", ""]
COMPANIES = 40

ANSWERS = {
    "formaal.maal": (
        "Flere unge fra Lærkeparken skal have deres første fritidsjob eller praktikplads hos virksomheder i "
        "nærområdet, så de får erfaring, en anbefaling og et netværk, de ikke har i dag."
    ),
    "formaal.indsatsomraade": "beskaeftigelse",
    "formaal.delaftale": "Flere unge fra området i fritidsjob, praktik og uddannelse.",
    "formaal.periode": "2026-2029",
    "formaal.aldersgrupper": "13-14, 15-17",
    "formaal.maalgruppe": (
        "Unge fra Lærkeparken i 7.-10. klasse, som ikke har haft et fritidsjob og ikke kender nogen, der kan "
        "hjælpe dem til det første."
    ),
    "formaal.antal-unge": "25",
    "formaal.timer-om-ugen": "6",
    "formaal.budget": "ja",
    "formaal.budget-beloeb": "15.000",
    "formaal.ejer": "Projektlederen i den boligsociale indsats",
    "formaal.partnere": "jobcenter, skole, klub-ssp, drift",
    "formaal.partnerbidrag": (
        "Jobcentret: hjælper de unge over 18 videre til job og uddannelse.\n"
        "Skolen: finder elever til erhvervspraktik og fortæller forældrene om tilbuddet.\n"
        "Klub og SSP: forbereder de unge og følger dem den første dag.\n"
        "Boligorganisationens drift: lommepengejob med ejendomsfunktionærerne."
    ),
    "formaal.succes": (
        "20 unge har haft et fritidsjob eller en praktik, 8 virksomheder er faste samarbejdspartnere, og "
        "virksomhederne selv fortæller andre om samarbejdet."
    ),
    "kortlaeg.postnumre": "2860, 2880",
    "kortlaeg.kilder": "cvr, beboere, leverandoerer, centret",
    "kortlaeg.brancher": "Detailhandel, bagerier, caféer, værksteder og de håndværkere, der arbejder i området.",
    "kortlaeg.prioritering": "afstand, kendskab, opgaver",
    "kortlaeg.antal-kontakt": "15",
    "kortlaeg.socialoekonomiske": "ja",
    "kortlaeg.reklamebeskyttelse-tjekket": "ja",
    "kontakt.samarbejdsformer": "fritidsjob, lommepengejob, virksomhedsbesoeg, mentor",
    "kontakt.regler-unge": "ja",
    "kontakt.motiver": "rekruttering, omdoemme, kunder",
    "kontakt.kanal": "besoeg",
    "kontakt.foerste-spoergsmaal": (
        "Vil I tage imod to unge fra Lærkeparken til et virksomhedsbesøg på en time, så de kan se, hvad I laver?"
    ),
    "kontakt.pladser": "4",
    "kontakt.skriftlig-aftale": "ja",
    "drift.aktiviteter": (
        "Virksomhedsbesøg for 8 unge hos Autoværksted Hjørnet; klubmedarbejderen; marts 2027\n"
        "Jobmesse i beboerhuset med 10 virksomheder; projektlederen; maj 2027\n"
        "Sommerjob med ejendomsfunktionærerne; driftslederen; juni 2027"
    ),
    "drift.risici": (
        "Virksomhederne har travlt op til jul: vi lægger besøg og jobmesse i foråret.\n"
        "De unge dukker ikke op: klubben forbereder dem og følger dem den første dag.\n"
        "Relationerne forsvinder, hvis projektlederen stopper: driften får dem overdraget løbende."
    ),
    "forankring.evaluering": (
        "Vi tæller unge i job og praktik hvert kvartal og fremlægger tallene for bestyrelsen. Til evalueringen "
        "spørger vi virksomhederne og de unge, hvad de fik ud af det."
    ),
}

# The area's targets (måltal): indicator, year (this year + N), target, baseline.
TARGETS = [
    ("companies_contacted", 0, 15, "0"), ("companies_contacted", 1, 25, None),
    ("agreements_signed", 0, 4, "0"), ("agreements_signed", 1, 8, None),
    ("young_started", 0, 10, "2"), ("young_started", 1, 25, None),
    ("in_job_after_3_months", 1, 12, None), ("places_offered", 0, 10, "5"), ("meetings", 0, 8, "3"),
]  # fmt: skip


def dated_answers(day: dt.date) -> dict[str, str]:
    """The demo's answers that are dates, counted from the demo's day."""
    return {
        "kortlaeg.liste-klar": (day + dt.timedelta(days=14)).isoformat(),
        "kontakt.startdato": (day + dt.timedelta(days=21)).isoformat(),
        "forankring.evalueringsdato": (day + dt.timedelta(days=200)).isoformat(),
    }


@dataclass
class Demo:
    folder: Path
    database: Path
    company_list: Path
    plan: Path
    letters: Path
    report: Path | None = None
    companies: int = 0
    placements: int = 0
    letters_written: int = 0
    commands: list[str] = field(default_factory=list)


def write_company_list(path: Path, count: int = COMPANIES, seed: int = 2015) -> None:
    """The demo's company list as Danish Excel saves 'CSV (semikolonsepareret)': Windows-1252, `;`, CRLF."""
    rng = Random(seed)
    used: set[str] = set()
    lines = ["Navn;Adresse;Postnr.;By;Branchekode;Branche;Antal ansatte;E-mail;Telefon;Reklamebeskyttet"]
    while len(lines) <= count:
        trade, code, industry = rng.choice(TRADES)
        short = f"{trade} {rng.choice(NAMES)}"
        if short in used:  # not 'Bageri Lærken' and 'Bageri Lærken ApS' both
            continue
        used.add(short)
        name = f"{short} {rng.choice(FORMS)}".strip()
        postcode, city = rng.choice([("2860", "Søborg"), ("2880", "Bagsværd")])
        slug = (
            name.lower().split()[0].replace("æ", "ae").replace("ø", "oe").replace("å", "aa").replace("é", "e")
        )
        lines.append(
            ";".join([
                name, f"{rng.choice(STREETS)} {rng.randint(1, 120)}", postcode, city, code, industry,
                rng.choice(["1-4", "5-9", "10-19", "20-49"]), f"kontakt@{slug}{len(lines)}.example.org",
                f"70 {len(lines):02d} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                "Ja" if rng.random() < 0.1 else "",
            ])
        )  # fmt: skip
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def make_demo(
    folder: Path, *, today: dt.date | None = None, progress: Callable[[str], None] | None = None
) -> Demo:
    """Build the demo workspace in `folder` (which must not hold one already) and render its documents."""
    from lokalspil.activities import log_activity
    from lokalspil.agreements import add_agreement
    from lokalspil.answers import parse_answer, record_guide_use, store_answers
    from lokalspil.companies import find_company, list_companies, set_stage
    from lokalspil.contacts import add_contact
    from lokalspil.documents import make_letters, render_plan, write_rendered
    from lokalspil.guide_files import resolve_guide
    from lokalspil.imports import Reading, import_companies
    from lokalspil.targets import set_target
    from lokalspil.workspace import check_field, connect, save_workspace

    say = progress or (lambda _: None)
    day = today or dt.date.today()
    db = folder / "lokalspil.db"
    if db.exists():
        raise LokalspilError("demo.exists", path=db)
    make_folder(folder)
    demo = Demo(
        folder, db, folder / "virksomheder.csv", folder / "handlingsplan.pdf", folder / "invitationer.pdf"
    )
    save_workspace(db, {k: check_field(k, v) for k, v in WORKSPACE.items()})
    say("demo.step.list")
    write_company_list(demo.company_list)
    with connect(db) as conn:
        report = import_companies(
            conn, demo.company_list, Reading(rejects=folder / "afviste.csv"), tag="demo"
        )
        demo.companies = report.new
        say("demo.step.guide")
        guide = resolve_guide("saet-virksomheder-i-spil")
        record_guide_use(conn, guide)
        store_answers(
            conn,
            guide,
            [
                (guide.question(k), parse_answer(guide.question(k), v))
                for k, v in {**ANSWERS, **dated_answers(day)}.items()
            ],
        )
        say("demo.step.records")
        companies = sorted(list_companies(conn), key=lambda c: c.id)  # in the list's order: ids 1, 2, 3, ...
        people = [("Anna Eksempel", "Indehaver"), ("Jonas Prøvesen", "Butikschef"), ("Mette Demo", "Værkfører"),
                  ("Ali Fiktiv", "Daglig leder"), ("Lise Opdigtet", "HR-ansvarlig")]  # fmt: skip
        for company, (name, role) in zip(companies[:5], people, strict=False):
            add_contact(
                conn, company, {"name": name, "role": role, "email": f"{name.split()[0].lower()}@example.org"}
            )
        stages = ["meeting", "meeting", "contacted", "contacted", "contacted", "agreement", "active"]
        for company, stage in zip(companies[:7], stages, strict=False):
            set_stage(conn, company, stage)
        log_activity(conn, companies[0], "Møde med indehaveren om to fritidsjob efter skole.",
                     kind="meeting", date=(day - dt.timedelta(days=6)).isoformat(),
                     next_action="Send et udkast til aftale om to fritidsjob.",
                     follow_up=(day + dt.timedelta(days=3)).isoformat(), today=day)  # fmt: skip
        log_activity(conn, companies[1], "Ringede og aftalte et virksomhedsbesøg for seks unge.", kind="call",
                     date=(day - dt.timedelta(days=2)).isoformat(),
                     next_action="Bekræft dato og program for besøget.",
                     follow_up=(day + dt.timedelta(days=10)).isoformat(), today=day)  # fmt: skip
        log_activity(conn, companies[2], "Sendte en mail med vores tilbud.", kind="email",
                     date=(day - dt.timedelta(days=12)).isoformat(),
                     follow_up=(day - dt.timedelta(days=1)).isoformat(), today=day)  # fmt: skip
        add_agreement(conn, find_company(conn, str(companies[6].id)), {
            "kind": "fritidsjob", "places": "2", "start": (day + dt.timedelta(days=14)).isoformat(),
            "end": (day + dt.timedelta(days=200)).isoformat(), "status": "signed", "participants": "2",
        })  # fmt: skip
        add_agreement(conn, find_company(conn, str(companies[5].id)), {
            "kind": "virksomhedsbesoeg", "places": "6", "start": (day + dt.timedelta(days=20)).isoformat(),
            "status": "draft",
        })  # fmt: skip
        for indicator, year, target, baseline in TARGETS:  # the goals the plan puts before the board
            set_target(conn, indicator, str(day.year + year), str(target), baseline)
        say("demo.step.outcomes")
        demo.placements = _outcomes(conn, companies, day)
    say("demo.step.report")
    demo.report = folder / "rapport.pdf"
    _write_report(db, demo.report, day)
    say("demo.step.plan")
    write_rendered([render_plan(db, "pdf", None, day)], "pdf", demo.plan)
    say("demo.step.letters")
    batch = make_letters(db, "invitation", [], stage="candidate", fmt="pdf", combine=demo.letters, today=day)
    demo.letters_written = len(batch.companies)
    at = f'--db "{db}"'
    demo.commands = [
        f"lokalspil {at} status",
        f"lokalspil {at} company list",
        f"lokalspil {at} agenda",
        f"lokalspil {at} guide",
        f"lokalspil {at} plan",
        f"lokalspil {at} opening list",
        f"lokalspil {at} report --year {day.year}",
    ]
    return demo


# The year's outcomes: openings at five of the companies and young people starting, stopping and going on over the
# twelve months before the demo's day, as (days before the day, company index, kind, title, places, age bands).
OPENINGS = [
    (330, 6, "fritidsjob", "Fritidsjob i butikken efter skole", 2, ["15-17"]),
    (270, 3, "fritidsjob", "Opfyldning og kasse, weekend", 3, ["15-17", "18-24"]),
    (200, 0, "erhvervspraktik", "En uges praktik i bageriet", 2, ["13-14", "15-17"]),
    (120, 10, "laereplads", "Læreplads som VVS-installatør", 1, ["18-24"]),
    (45, 13, "lommepengejob", "Lommepengejob med anlægsgartneren", 4, ["13-14"]),
]
# (days before the day, opening index, age band, school status, days it lasted or None, outcome, reason)
PLACEMENTS = [
    (320, 0, "15-17", "in_school", None, None, None),
    (300, 0, "15-17", "finished_9th", 90, "stopped", "school"),
    (260, 1, "18-24", "neither", 150, "job", None),
    (250, 1, "15-17", "in_school", None, None, None),
    (190, 2, "13-14", "in_school", 5, "completed", None),
    (190, 2, "15-17", "in_school", 5, "completed", None),
    (110, 3, "18-24", "in_education", 60, "education", None),
    (40, 4, "13-14", "in_school", None, None, None),
    (40, 4, "13-14", "in_school", None, None, None),
]


def _outcomes(conn: Connection, companies: list[Company], day: dt.date) -> int:
    """Openings and placements (never named), made with the commands' own functions."""
    from lokalspil.openings import add_opening
    from lokalspil.placements import add_placement, end_placement

    openings = []
    for before, index, kind, title, places, ages in OPENINGS:
        openings.append(add_opening(conn, companies[index], {
            "kind": kind, "title": title, "places": str(places), "age_bands": ",".join(ages),
            "opened": (day - dt.timedelta(days=before)).isoformat(),
        }))  # fmt: skip
    for before, which, age, school, lasted, outcome, reason in PLACEMENTS:
        opening = openings[which]
        start = day - dt.timedelta(days=before)
        placement = add_placement(conn, companies[OPENINGS[which][1]], {
            "opening_id": opening.id, "age_band": age, "school": school, "start": start.isoformat(),
        })  # fmt: skip
        if lasted is not None and outcome is not None:
            end = (start + dt.timedelta(days=lasted)).isoformat()
            end_placement(conn, placement, outcome, reason, end)
    return len(PLACEMENTS)


def _write_report(db: Path, path: Path, day: dt.date) -> None:
    """The year's report by quarter, as PDF."""
    from lokalspil.documents.report import save_report
    from lokalspil.report import build_report, report_range
    from lokalspil.workspace import connect

    first, last, by = report_range(day.year, None, None, "quarter")
    with connect(db) as conn:
        report = build_report(conn, first, last, by, today=day)
    save_report(db, report, "pdf", path, None)
