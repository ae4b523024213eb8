"""lokalspil: bring local businesses on board (sæt de lokale virksomheder i spil).

A toolkit for coordinators in Danish social housing areas who build partnerships with local companies.
"""

__version__ = "0.1.0"
