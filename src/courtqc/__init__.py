"""courtqc: court trial supervision and management.

Scenario models run at CMS workflow nodes and as rolling reviews over a canonical
judicial store (DuckDB by default). See docs/ARCHITECTURE.md for how the packages fit.
"""

__version__ = "0.1.0"
