"""Importing company lists (CSV, TSV, XLSX) as Danish offices really export them.

Each row is checked with the same rules as `company add` (lokalspil.companies.clean_company). A row without a name
or with an invalid CVR is rejected and written to the rejects file with its reason; a bad postcode, e-mail and the
like is left empty with a warning. Rows match existing companies by CVR, else by name and postcode; a match takes
the row's non-empty values and keeps its contacts, log, agreements, stage and tags.

The whole import is one transaction (an error or Ctrl-C leaves the workspace as it was); a dry run rolls it back.
Rows are staged in a temporary table as they are read, then written in CVR order with one upsert: memory stays flat
however long the file, and the unique index is filled in key order instead of at random.
"""

from lokalspil.imports.companies import import_companies
from lokalspil.imports.contacts import import_contacts
from lokalspil.imports.reading import Reading, Report

__all__ = ["Reading", "Report", "import_companies", "import_contacts"]
