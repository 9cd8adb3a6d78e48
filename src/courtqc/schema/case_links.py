"""How each case-data table hangs on a case: the one map that scoping decisions read.

Three places need to know which rows belong to which case, and so to which court: a CMS event
may write only its own case's rows (courtqc.ingest.event_scope), a user's model SQL sees only
its court tree's rows (courtqc.engine.scoped), and node mode copies one case's rows into its
context (courtqc.engine.context). They all derive their table lists from `CASE_LINKS`, so a new
table is placed once, here: the schema's list of tables models may read is this map's keys.

How a row reaches a case (`Link.reach`):

- `case`: the `cases` table itself (its `case_id`, its `court_code`);
- `case_id`: a per-case table, by its `case_id` column;
- `appeal`: `appeal_results`, by its `case_id` (the appeal) or its `origin_case_id` (the case
  reviewed);
- `party`: `parties`, through the per-case tables' party columns (`Link.party_columns`);
- `register`: the population, housing-fund and enterprise registers, through the parties' ID
  numbers or credit codes (`Link.key_column`);
- `reference`: no case at all (courts, departments, judges, causes, law firms, lawyers,
  district population): read whole, never written by an event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Reach = Literal["case", "case_id", "appeal", "party", "register", "reference"]


@dataclass(frozen=True)
class Link:
    """How one table's rows reach a case."""

    reach: Reach
    #: Columns holding the party_id of a party in the row's case (per-case tables).
    party_columns: tuple[str, ...] = ()
    #: Registers: the column matched with the parties' normalised ID number or credit code.
    key_column: str | None = None


# Every table a scenario model may read, in the schema's order (CASE_DATA_TABLES is its keys).
CASE_LINKS: dict[str, Link] = {
    "courts": Link("reference"),
    "departments": Link("reference"),
    "judges": Link("reference"),
    "causes": Link("reference"),
    "cases": Link("case"),
    "parties": Link("party"),
    "case_parties": Link("case_id", party_columns=("party_id",)),
    "law_firms": Link("reference"),
    "lawyers": Link("reference"),
    "case_agents": Link("case_id", party_columns=("party_id",)),
    "events": Link("case_id"),
    "documents": Link("case_id"),
    "info_points": Link("case_id"),
    "sentences": Link("case_id", party_columns=("party_id",)),
    "civil_outcomes": Link("case_id", party_columns=("payer_party_id", "payee_party_id")),
    "appeal_results": Link("appeal"),
    "quality_reviews": Link("case_id"),
    "enforcement_actions": Link("case_id"),
    "payments": Link("case_id", party_columns=("party_id",)),
    "registry_population": Link("register", key_column="id_number"),
    "registry_enterprises": Link("register", key_column="uscc"),
    "registry_enterprise_shareholders": Link("register", key_column="uscc"),
    "registry_enterprise_names": Link("register", key_column="uscc"),
    "registry_housing_fund": Link("register", key_column="id_number"),
    "district_population": Link("reference"),
}

assert all(
    (link.reach == "register") == (link.key_column is not None) for link in CASE_LINKS.values()
), "a register needs the column its rows are found by, and only a register has one"


def tables_reaching(*reach: Reach) -> tuple[str, ...]:
    """The tables that reach a case in one of these ways, in the schema's order."""
    return tuple(t for t, link in CASE_LINKS.items() if link.reach in reach)


#: Tables whose rows carry their case's `case_id` (the case row, per-case tables, appeals).
CASE_ID_TABLES: tuple[str, ...] = tables_reaching("case", "case_id", "appeal")
#: Per-case tables (by `case_id` alone).
PER_CASE_TABLES: tuple[str, ...] = tables_reaching("case_id")
#: Registers, reached through the parties' ID numbers and credit codes.
REGISTER_TABLES: tuple[str, ...] = tables_reaching("register")
#: Reference data: no case, read whole.
REFERENCE_TABLES: tuple[str, ...] = tables_reaching("reference")
#: Where a party is linked to a case: table -> its columns holding a party_id.
PARTY_LINKS: dict[str, tuple[str, ...]] = {
    t: link.party_columns for t, link in CASE_LINKS.items() if link.party_columns
}
