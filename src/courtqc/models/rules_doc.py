"""The part of docs/MODELS.md that `courtqc models doc` writes from text, not from the library:
what the SQL checker refuses, how YAML is loaded, and how versions and the lifecycle work. It
lives beside the code it describes (sqlcheck, yamlload, definition, lifecycle)."""

RULES_MD = """\
## Validation: what the SQL checker refuses and why (模型校验)

Every model is validated before it runs (`courtqc models validate`, `POST /api/models/validate`,
a workshop save or draft backtest): its YAML, its fields, its SQL, the SQL's binding on the
schema, and the message's placeholders. Problems are named as `file:line: field: message`;
the command exits 2, the API answers with the list. Source: `src/courtqc/models/sqlcheck.py`,
`src/courtqc/models/yamlload.py`; the attacks tried are `tests/security/sql_escape_corpus.yaml`
(over 160 refused queries, most of them shown to run on a real store without the checker, and
the allowed-and-safe ones).

**The SQL must be one read-only SELECT over the tables a model may read** — the canonical case
data, the law reference tables (`ref_*`) and the operator library. Refused, with the reason:

| what | why |
|---|---|
| any statement but one query: INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, COPY, EXPORT, ATTACH, INSTALL/LOAD, PRAGMA, SET / SET VARIABLE, USE, CALL, DESCRIBE, SHOW, SUMMARIZE, PIVOT as a statement; also nested (`WITH x AS (DELETE ...)`, `FROM (DESCRIBE users)`) | a model reads; it never writes, changes the session or inspects the catalog |
| a table outside the list: users, sessions, api_keys, audit_log, alerts, feedback, model_states, workshop_models, truth_anomalies, truth_identities, quarantine ... | platform data, credentials and ground truth are not case data |
| a qualified name (`main.cases`, `information_schema.tables`, `pg_catalog.pg_class`) and catalog views (`duckdb_tables`, `pg_tables`, `sqlite_master`) | another database or schema, or the catalog |
| a replacement scan: `FROM 'file.csv'`, `FROM "x.parquet"`, `FROM some_python_variable` | DuckDB would read a file or a variable of the process |
| a table name with characters outside ASCII (`ｕsers`, Cyrillic `а`, a zero-width space) | look-alikes of an allowed name |
| table functions other than the operator macros (`read_csv`, `glob`, `query`, `query_table`, `range`, `duckdb_*()`, `pragma_*`) | they read files, the catalog, or run SQL given as a string |
| functions that read files, the environment, settings, variables or the catalog, or change the session: `getenv`, `getvariable`, `current_setting`, `current_database`, `version`, `nextval`, `setseed`, `write_log`, `json_execute_serialized_sql`, `pg_*`, `has_*_privilege`, `sleep_ms` ..., also as methods (`'x'.getvariable()`) | the same, through a scalar |
| more than 50,000 characters, brackets nested over 64 deep, an expression tree over 200 deep | checked before the parser recurses: 5,000 nested parentheses are a clear refusal, not a RecursionError |

**CTEs are resolved by scope.** A table name is a CTE reference only where sqlglot's scope
resolution (`sqlglot.optimizer.scope`) finds a CTE of that name visible at that place; a
forbidden table stays forbidden whatever CTE of the same name exists elsewhere in the query
(`SELECT ... FROM (WITH truth_anomalies AS (...) ...) s, truth_anomalies`), and a CTE's own body
does not see itself unless it is `WITH RECURSIVE`. Names match as DuckDB matches them: ASCII
letters case-insensitively, quoted or not. The SQL that runs is sqlglot's print of the checked
tree, with comments dropped and every CTE renamed (`cte1_hits`, the original name kept as the
alias), so a reference the checker took for a CTE can only bind to that CTE in DuckDB, or fail.

Allowed and safe (they read only allowed tables; the scoped runtime keeps them in the user's
courts): CTEs, recursive CTEs (bounded by the time budget), `FROM`-first syntax, `USING SAMPLE`,
`PIVOT` inside a query, lambdas, window functions, `current_date` / `now()`, `unnest` and
`VALUES` of literals, operator table macros.

**YAML is loaded safely.** Anchors and aliases (`&a`, `*a`, `<<: *a`) are refused at the first
one, with its line: a "billion laughs" file or a self-referencing alias answers at once. Files
are capped at 256 KiB and 40 levels of nesting, checked on the parser's events before a tree is
built. Only plain YAML types are built (no `!!python/...` or other tags); duplicate keys, keys
that are not plain values, and values YAML cannot build (a 5,000-digit number, `2024-13-45`)
are named with their line. Bytes are decoded one way: UTF-8 (BOM or not), UTF-16/32 with a
BOM, else GB18030 (GBK files load); NUL bytes mean a binary file (or UTF-16 without a BOM),
refused naming the file.

**Who may validate.** `POST /api/models/validate` is for the roles that work on drafts — those
that may backtest one (modeller, 审管办 supervisor, administrator, which include every role that
may save one): a judge, division head or court leader gets 403. Request bodies are capped in
front of every endpoint (`src/courtqc/web/limits.py`: 1 MiB, 4 MiB for CMS events, 413; JSON
nested over 32 levels, 422; `COURTQC_MAX_BODY_BYTES`, `COURTQC_MAX_JSON_DEPTH`).

## Condition trees: relative dates and labels (条件构建：相对日期与字段名称)

A condition-tree model (`logic.conditions`, compiled by `src/courtqc/models/conditions.py`)
may compare a **relative date** instead of a field: `{days_since: filing_date, op: gt, value:
365}` reads 立案日期距今 > 365 天 and holds where the whole days from the row's filing date to
the run's day exceed 365. It compiles to `date_diff('day', CAST(s."filing_date" AS DATE),
as_of())`.

- **The run's day is `as_of()`**, the macro every engine session has
  (`courtqc.operators.install`), the same day the built-in time-limit operators count to:
  the day a review or backtest is made for (`--as-of`, the backtest's `as_of`, by default the
  data's latest day), and in node mode the node checker's day (the data's latest day when it
  starts, or `--as-of`). Never the wall clock inside a run: a backtest as of a past day counts
  to that day.
- It takes the number ops (`eq ne gt ge lt le in not_in between is_null not_null`) and whole
  days as values (or a `{ref: ...}` to a number field). A relative date on a field the subject
  does not have, or on a field that is not a DATE or TIMESTAMP, is refused with the field named
  (`logic.conditions.where.all.0.days_since: cases.status 不是日期字段…`), before anything runs.
- It is part of the logic, so of the version hash; it round-trips through YAML as written.

The builder shows **words, not codes**: `src/courtqc/models/labels.yaml` labels every field of
every subject a model may read and every operator, in Chinese and English, and
`GET /api/models/meta` serves it as `labels` (with each subject's date fields as `dates`). A
test (`tests/test_models.py`) fails when a field has no label, so a new column comes with its
words.

The YAML a model is served with (`GET /api/models/{id}`) says the state the lifecycle gives
its current version (`src/courtqc/models/yamlstate.py`): only the top-level `state:` line is
rewritten, so a promoted workshop model no longer shows the `state: modelling` it was saved
with beside a history that says otherwise.

## Versions and the lifecycle (版本与生命周期)

A model's version (`model_version` on every alert, `version` in the API) is a hash of
everything that decides what it does or what a judge sees: logic, nodes, applies_to, severity,
message and message_en, title, category, description (shown with every alert), legal basis,
time budget, context and owner court. Only three fields are left out (`COSMETIC_FIELDS`): the
author's revision number `version`, the declared `state` (only promotion changes state) and
`scenarios` (backtest labels, never shown to a judge). The parsed values are hashed, not the
text, so YAML layout, comments and key order are not a change; a field added to the definition
later is covered unless it is named in `COSMETIC_FIELDS`.

- **A change of behaviour is a new version, and a new version starts in 建模 (modelling)**,
  whatever state the old one was in: a workshop save always starts there, and in the library a
  version the store has no state for starts there as soon as the lifecycle has seen any other
  version of that model (whatever its file declares). Only promotion (`courtqc models
  promote`, `POST /api/models/{id}/promote`) moves it on, step by step and by role. The old
  version keeps its own history; its alerts keep its version.
- **Saving a definition again that was live before** (switching back after a change) makes it
  the current version in modelling again: it is not live until it is promoted.
- **A cosmetic re-save** (only `version`, `state`, `scenarios`, layout or comments changed)
  keeps the version and its state; the stored text is replaced.
- A model that the lifecycle has never seen in a store runs in the state its file declares:
  the built-in library ships its reviewed models live.
- Changing what the hash covers (as this release did) gives every model a new version: in a
  store whose lifecycle already held a model, that model is back in modelling until promoted.

### Verification and optimisation (核验反馈与优化完善)

The report's last two steps (docs/BRIEF.md §2.5) are gates on a live version, decided on the
judges' answers to its pushed alerts (the latest answer on an alert counts; review-mode and
shadow alerts are not pushed and do not count; other versions' answers do not count).

- **核验反馈 (verify)**: `POST /api/models/{id}/verify` (the roles that may take a model live:
  审管办, court leaders of the owner court's tree, administrators), or on the command line
  `courtqc models verify --db D --model M [--by NAME] [--note TEXT]` — the same function
  (`courtqc.models.lifecycle.verify`); exit 0 when passed, 2 when failed or refused, the message
  Chinese first. The thresholds are data: `src/courtqc/models/verification.yaml` — `default`
  (at least 20 answered alerts, a helpful rate of at least 60 %), overridden field by field by
  model category and then by model id; a court's own policy file replaces it through the
  setting `COURTQC_VERIFICATION_FILE` (docs/CONFIG.md).
  - not live: refused (409);
  - fewer answered alerts than `min_answered`: refused (409), the message naming both
    thresholds, Chinese first; the version stays live and keeps collecting answers;
  - a helpful rate under `min_helpful_rate`: **failed** — the version goes to 优化完善
    (`optimising`) at once, never left live; its history note carries the figures;
  - otherwise **passed**: it stays live, and a history entry records the figures. A live model
    may be verified again at any time (e.g. every quarter).
- **优化完善 (optimising)**: the version pushes nothing and runs neither at nodes nor in review
  (only backtests). Promotion cannot take it back to live or modelling; only a failed
  verification puts a model there (promote refuses `optimising`). The ways out: retire it, or
  save a **new version** made from the feedback (the workshop shows the judges' reasons,
  masked, from the user's own courts, to the roles that act on them — modellers, 审管办,
  leaders, administrators; others see the counts: `GET /api/models/{id}/feedback`). The new
  version starts in 建模, its history saying it replaces the failed one, and goes through
  rollout, embedding test and live again; its answers start from zero.
"""
