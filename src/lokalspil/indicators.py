"""The indicators an area counts its company work by, declared once: the guide's own (companies contacted,
meetings, agreements signed, places offered, young people started, still in a job after three months, went on to
education or an ordinary job), each placed under one of Landsbyggefonden's four indsatsområder for the boligsociale
indsatser 2019–2026, as a board (bestyrelse) reports them.

Source for the four indsatsområder: https://www.lbf.dk/boligsociale-indsatser/ (read 2026-12-06): "Uddannelse og
livschancer", "Beskæftigelse", "Kriminalitetsforebyggelse", "Sammenhængskraft og medborgerskab". Which area an
indicator is reported under is lokalspil's suggestion, not a rule of the fund.

Every indicator is counted from dated records (stage changes, log entries, agreements' signing days, openings'
opening days, placements' start and end days), so a past period's figures stay what they were when today's records
change. `report.py` does the counting; `target set INDICATOR YEAR N` takes an id from here.
"""

from __future__ import annotations

from dataclasses import dataclass

# Landsbyggefonden's indsatsområder 2019–2026, in the fund's order (catalogue keys area.<id>).
AREAS = ("education", "employment", "crime_prevention", "cohesion")


@dataclass(frozen=True)
class Indicator:
    id: str  # what `target set` takes, and the key in the report's JSON
    area: str  # one of AREAS
    # The catalogue key of its label is `indicator.<id>`, of its one-line explanation `indicator.<id>.about`.


INDICATORS: tuple[Indicator, ...] = (
    Indicator("companies_contacted", "employment"),
    Indicator("meetings", "employment"),
    Indicator("agreements_signed", "employment"),
    Indicator("places_offered", "employment"),
    Indicator("young_started", "employment"),
    Indicator("young_started_13_14", "employment"),
    Indicator("young_started_15_17", "employment"),
    Indicator("young_started_18_24", "employment"),
    Indicator("young_started_25_29", "employment"),
    Indicator("in_job_after_3_months", "employment"),
    Indicator("went_on_to_job", "employment"),
    Indicator("went_on_to_education", "education"),
    Indicator("company_events", "cohesion"),
)


def indicator_ids() -> tuple[str, ...]:
    return tuple(i.id for i in INDICATORS)


def by_id(indicator_id: str) -> Indicator | None:
    return next((i for i in INDICATORS if i.id == indicator_id), None)
