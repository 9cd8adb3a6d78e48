"""Rendering speed of the synthetic court's documents (courtqc.synth.documents).

    .venv/bin/python bench/bench_documents.py --cases 200000          # self-built store
    .venv/bin/python bench/bench_documents.py --store court.duckdb    # a generated store
    .venv/bin/python bench/bench_documents.py --papers --cases 20000  # papers of a case's life

--papers (issue 18) generates a court with `courtqc.synth.generate` and reports what the
papers of a case's life add to it (the generator's `papers` stage beside the whole run), then
scores extraction on the labelled mixed set of that court (`labelled_set`, --per-mille of its
closed cases: their papers and closing documents, 30 % with OCR-like noise): kind accuracy,
round trip of every rendered value (eval/papers.py) and papers per CPU-second.

The self-built store is made with set-based SQL in the mix of closings the generator aims at
(civil judgments with principal + interest, mediations, withdrawals, dismissals, criminal
judgments, appeals, 终本 rulings, pending cases), 2-3 parties per case and agents on half.
Baseline, measured in the same run on the same store: writing one minimal document per
closed case (court, title, case number, date) with a single INSERT ... SELECT — the cost of
the store itself, with no per-document Python. The report gives both and their ratio.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import duckdb

from courtqc.domain.courts import COURTS
from courtqc.schema import connect
from courtqc.synth.documents import render_documents

_BUILD = """
INSERT INTO judges
SELECT row_number() OVER (), c.court_code, 1, '法官' || (i % 97)::VARCHAR,
       CASE WHEN i % 5 = 0 THEN 'clerk' WHEN i % 5 = 1 THEN 'juror'
            WHEN i % 5 = 2 THEN 'assistant_judge' ELSE 'judge' END, TRUE
FROM courts c, range(40) t(i);

INSERT INTO law_firms SELECT i, '上海第' || i::VARCHAR || '律师事务所', NULL FROM range(1, 201) t(i);
INSERT INTO lawyers SELECT i, '律师' || i::VARCHAR, 1 + i % 200, NULL FROM range(1, 2001) t(i);

-- m: which closing this case gets (0..99)
CREATE TEMP TABLE plan AS
SELECT i AS case_id, CAST(hash(i * 7919) % 100 AS BIGINT) AS m, 2019 + (i % 6) AS yr FROM range(1, $n + 1) t(i);

INSERT INTO cases (case_id, case_no, year, court_code, type_code, seq, family, procedure,
                   trial_procedure, cause_name, filing_date, closing_date, closing_method, status,
                   current_node, dept_id, presiding_judge_id, claim_amount, origin_case_id,
                   origin_relation)
SELECT case_id,
       '（' || yr || '）沪0115' || tc || case_id::VARCHAR || '号', yr, '沪0115', tc, case_id,
       fam, proc, CASE WHEN m % 2 = 0 THEN 'simple' ELSE 'ordinary' END,
       CASE WHEN fam = 'criminal' THEN '盗窃罪' WHEN fam = 'administrative' THEN '行政处罚'
            WHEN m % 3 = 0 THEN '买卖合同纠纷' ELSE '民间借贷纠纷' END,
       make_date(yr, 1 + m % 12, 1 + m % 28), make_date(yr, 1 + m % 12, 1 + m % 28) + 60,
       meth, CASE WHEN meth IS NULL THEN 'pending' ELSE 'closed' END, 'closing', 1,
       1 + (case_id % 40), 10000 + (case_id % 500) * 1000,
       CASE WHEN proc = 'second' OR fam = 'enforcement' THEN greatest(case_id - 1, 1) END,
       CASE WHEN proc = 'second' THEN 'appeal' WHEN fam = 'enforcement' THEN 'enforcement' END
FROM (
  SELECT *,
    CASE WHEN m < 30 THEN 'civil' WHEN m < 40 THEN 'civil' WHEN m < 46 THEN 'civil'
         WHEN m < 48 THEN 'civil' WHEN m < 60 THEN 'criminal' WHEN m < 63 THEN 'civil'
         WHEN m < 65 THEN 'criminal' WHEN m < 73 THEN 'enforcement' WHEN m < 75 THEN 'administrative'
         ELSE 'civil' END AS fam,
    CASE WHEN m BETWEEN 60 AND 64 THEN 'second' WHEN m BETWEEN 65 AND 72 THEN 'enforcement'
         ELSE 'first' END AS proc,
    CASE WHEN m < 30 THEN 'judgment' WHEN m < 40 THEN 'mediation' WHEN m < 46 THEN 'withdrawal'
         WHEN m < 48 THEN 'dismissal' WHEN m < 60 THEN 'judgment' WHEN m < 65 THEN 'upheld'
         WHEN m < 73 THEN 'termination_current' WHEN m < 75 THEN 'judgment'
         WHEN m < 85 THEN 'enforced_in_full' END AS meth,
    CASE WHEN m BETWEEN 48 AND 59 THEN '刑初' WHEN m BETWEEN 60 AND 62 THEN '民终'
         WHEN m BETWEEN 63 AND 64 THEN '刑终' WHEN m BETWEEN 65 AND 72 THEN '执'
         WHEN m BETWEEN 73 AND 74 THEN '行初' ELSE '民初' END AS tc
  FROM plan
);

INSERT INTO appeal_results
SELECT case_id, origin_case_id, 'upheld', NULL, closing_date FROM cases WHERE procedure = 'second';

INSERT INTO parties
SELECT i, CASE WHEN i % 4 = 0 THEN 'legal' ELSE 'natural' END,
       CASE WHEN i % 4 = 0 THEN '上海某某' || i::VARCHAR || '贸易有限公司' ELSE '张' || i::VARCHAR END,
       NULL, DATE '1960-01-01' + (i % 15000)::INTEGER, CASE WHEN i % 2 = 0 THEN 'male' ELSE 'female' END,
       '汉族', '上海市浦东新区某路' || (i % 999)::VARCHAR || '号', NULL, NULL,
       CASE WHEN i % 4 = 0 THEN '王' || i::VARCHAR END, NULL
FROM range(1, $n * 2 + 2) t(i);
INSERT INTO parties VALUES (0, 'authority', '上海市浦东新区人民检察院', NULL, NULL, NULL, NULL,
                            NULL, NULL, NULL, NULL, NULL);

INSERT INTO case_parties
SELECT case_id, case_id * 2,
       CASE WHEN family = 'criminal' AND procedure = 'first' THEN 'criminal_defendant'
            WHEN procedure = 'second' THEN 'appellant' WHEN family = 'enforcement' THEN 'applicant'
            ELSE 'plaintiff' END, 1
FROM cases;
INSERT INTO case_parties
SELECT case_id, case_id * 2 + 1,
       CASE WHEN procedure = 'second' THEN 'appellee' WHEN family = 'enforcement' THEN 'respondent'
            ELSE 'defendant' END, 1
FROM cases WHERE family <> 'criminal';
INSERT INTO case_parties SELECT case_id, 0, 'prosecutor', 1 FROM cases WHERE family = 'criminal';

INSERT INTO case_agents
SELECT case_id, case_id * 2, 1 + case_id % 2000, '律师' || (1 + case_id % 2000)::VARCHAR, 'lawyer'
FROM cases WHERE case_id % 2 = 0;

INSERT INTO sentences
SELECT case_id, case_id * 2, '盗窃', 'fixed_term', 6 + case_id % 30, NULL, 1000 * (1 + case_id % 9),
       claim_amount, filing_date - 20, 20, filing_date - 20,
       CAST(filing_date - 20 + to_months(6 + case_id % 30) - INTERVAL 1 DAY AS DATE), NULL, NULL
FROM cases WHERE family = 'criminal';

INSERT INTO civil_outcomes
SELECT case_id, 1, case_id * 2 + 1, case_id * 2, 'principal', claim_amount, NULL, NULL, NULL, NULL,
       filing_date - 400, CASE WHEN year(closing_date) < 2022 THEN 253 WHEN year(closing_date) < 2024 THEN 260 ELSE 264 END
FROM cases WHERE family = 'civil' AND closing_method IN ('judgment', 'mediation');
INSERT INTO civil_outcomes
SELECT case_id, 2, case_id * 2 + 1, case_id * 2, 'interest', NULL, claim_amount, filing_date - 300,
       '按照全国银行间同业拆借中心公布的一年期贷款市场报价利率的四倍', 15.4, filing_date - 400,
       CASE WHEN year(closing_date) < 2022 THEN 253 WHEN year(closing_date) < 2024 THEN 260 ELSE 264 END
FROM cases WHERE family = 'civil' AND closing_method = 'judgment' AND cause_name = '民间借贷纠纷';

INSERT INTO events
SELECT row_number() OVER (), case_id, 'hearing', filing_date + 30, 1, NULL FROM cases;

INSERT INTO enforcement_actions
SELECT row_number() OVER (), case_id, k, filing_date + d, NULL, NULL
FROM cases, (VALUES ('notice', 1), ('online_search', 3), ('consumption_restriction', 20)) v(k, d)
WHERE family = 'enforcement';
INSERT INTO payments
SELECT case_id, case_id, 'in', case_id * 2 + 1, 1000, filing_date + 40
FROM cases WHERE family = 'enforcement' AND case_id % 3 = 0;
"""

_BASELINE = """
INSERT INTO documents
SELECT row_number() OVER (ORDER BY c.case_id), c.case_id, 'judgment', '民事判决书',
       ct.name || chr(10) || '民事判决书' || chr(10) || c.case_no || chr(10) || strftime(c.closing_date, '%Y年%m月%d日'),
       c.closing_date
FROM cases c JOIN courts ct USING (court_code)
WHERE c.status = 'closed' AND c.closing_method <> 'enforced_in_full'
"""


def build_store(con: duckdb.DuckDBPyConnection, cases: int) -> None:
    for c in COURTS:
        con.execute(
            "INSERT INTO courts VALUES (?, ?, ?, ?, ?, ?, ?)",
            [c.code, c.name, c.level, c.kind, c.parent, c.district, c.division_code],
        )
    for stmt in _BUILD.replace("$n", str(cases)).split(";\n"):
        if stmt.strip():
            con.execute(stmt)


def papers(cases: int, seed: int, per_mille: int) -> None:
    """Generation cost of the papers and extraction on the labelled mixed set."""
    import sys
    import tempfile
    from pathlib import Path

    from courtqc.synth.documents.papers import labelled_set
    from courtqc.synth.generate import generate

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))
    from papers import score  # eval/papers.py

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "court.duckdb"
        stats = generate(path, cases, seed, progress=False)
        load = os.getloadavg()[0]
        con = duckdb.connect(str(path))
        n_papers = con.execute("SELECT count(DISTINCT doc_id) FROM truth_documents").fetchall()[0][
            0
        ]
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores; load average {load:.1f}")
        print(
            f"court: {cases:,} cases, seed {seed}: generated in {stats.seconds:.1f} s, of which the "
            f"papers stage {stats.stage_seconds['papers']:.2f} s for {n_papers:,} papers "
            f"({stats.stage_seconds['papers'] / stats.seconds:.1%})"
        )
        t0 = time.perf_counter()
        docs = labelled_set(con, seed, per_mille)
        con.close()
        print(f"labelled mixed set: {len(docs):,} documents in {time.perf_counter() - t0:.1f} s")
    res = score(docs)
    print(f"kinds: {res['kinds']}; kind accuracy {res['kind_accuracy']:.4f}")
    for k, (r, t) in res["per_kind"].items():
        print(f"  {k:28s} {r:5d}/{t:<5d}")
    r, t = res["papers_whole"]
    print(f"round trip: {res['value_recall']:.4f} of rendered values; {r}/{t} papers whole")
    for f, (r, t) in res["values"].items():
        print(f"  {f:16s} {r:5d}/{t:<5d}")
    print(f"extraction speed: {res['papers_per_cpu_second']:,.0f} papers per CPU-second")
    for e in res["errors"][:10]:
        print("  miss:", e)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", action="store_true", help="papers of a case's life (issue 18)")
    ap.add_argument("--per-mille", type=int, default=100, help="--papers: cases in the set")
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--store", help="a generated store (DuckDB file) to render instead")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    if args.papers:
        papers(args.cases, args.seed, args.per_mille)
        return

    if args.store:
        con = duckdb.connect(args.store)
    else:
        con = connect(":memory:")
        t0 = time.perf_counter()
        build_store(con, args.cases)
        print(f"built store: {args.cases:,} cases in {time.perf_counter() - t0:.1f} s")
    con.execute(f"SET threads = {args.threads}")
    con.execute("DELETE FROM documents")

    t0 = time.perf_counter()
    con.execute(_BASELINE)
    base_s = time.perf_counter() - t0
    base_n = con.execute("SELECT count(*) FROM documents").fetchall()[0][0]
    con.execute("DELETE FROM documents")

    t0, c0 = time.perf_counter(), time.process_time()
    n = render_documents(con, seed=args.seed, progress=False)
    render_s, render_cpu = time.perf_counter() - t0, time.process_time() - c0
    chars = con.execute("SELECT avg(length(text)) FROM documents").fetchall()[0][0]
    kinds = con.execute(
        "SELECT title, count(*) FROM documents GROUP BY title ORDER BY 2 DESC"
    ).fetchall()

    machine = f"{platform.machine()}, {os.cpu_count()} cores, threads={args.threads}"
    print(f"machine: {machine}")
    print(f"baseline (SQL-only minimal docs): {base_n:,} docs in {base_s:.2f} s")
    print(
        f"render_documents: {n:,} docs in {render_s:.2f} s = {n / render_s:,.0f} docs/s, "
        f"{render_s / max(n, 1) * 1e6:.0f} µs/doc, avg {chars:.0f} chars; "
        f"CPU {render_cpu:.2f} s = {render_cpu / max(n, 1) * 1e6:.0f} µs/doc"
    )
    print(f"load average: {os.getloadavg()[0]:.1f} (shared machine: wall time inflates with it)")
    print(f"ratio render / baseline: {render_s / base_s:.1f}x")
    print("kinds:", ", ".join(f"{t} {k:,}" for t, k in kinds))


if __name__ == "__main__":
    main()
