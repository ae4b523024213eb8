"""lokalspil: put the local companies into play.

A toolkit for coordinators in Danish social housing areas who build partnerships with local companies.
"""

__version__ = "0.1.0"
