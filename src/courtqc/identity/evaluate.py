"""Pairwise precision and recall of `parties.person_key` against `truth_identities`.

A pair of party rows is predicted "same" when the rows share a person_key and is truly
"same" when they share a truth identity. Precision = true pairs among predicted pairs;
recall = predicted pairs among true pairs. Counted with group sizes (n·(n−1)/2 per group),
so it runs in SQL over millions of rows without listing pairs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb

__all__ = ["PairwiseScores", "pairwise_scores"]


@dataclass(frozen=True)
class PairwiseScores:
    rows: int  # party rows that have a truth identity
    predicted_pairs: int
    true_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return asdict(self) | {
            "precision": round(self.precision, 5),
            "recall": round(self.recall, 5),
            "f1": round(self.f1, 5),
        }


def pairwise_scores(con: duckdb.DuckDBPyConnection) -> PairwiseScores:
    """Scores over the party rows that appear in truth_identities (all of them must have a
    person_key: run resolve_parties first)."""
    missing = con.execute(
        "SELECT count(*) FROM parties p JOIN truth_identities t USING (party_id) WHERE p.person_key IS NULL"
    ).fetchall()[0][0]
    if missing:
        raise ValueError(
            f"{missing} 个当事人没有 person_key，请先运行身份识别 (rows without person_key: run resolve_parties first)"
        )
    rows, pred, true, correct = con.execute(
        """
        WITH j AS (
            SELECT p.person_key AS k, t.identity AS i
            FROM parties p JOIN truth_identities t USING (party_id)
        ),
        pk AS (SELECT count(*) AS n FROM j GROUP BY k),
        ti AS (SELECT count(*) AS n FROM j GROUP BY i),
        both_ AS (SELECT count(*) AS n FROM j GROUP BY k, i)
        SELECT (SELECT count(*) FROM j),
               (SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM pk),
               (SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM ti),
               (SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM both_)
        """
    ).fetchall()[0]
    return PairwiseScores(int(rows), int(pred), int(true), int(correct))


#: The variant classes of the synthetic court (courtqc.synth.people.VARIANT_* bits).
VARIANT_CLASSES: dict[str, int] = {
    "name_space": 1, "id_lower_x": 2, "company_llc": 4, "fullwidth_or_dot": 8, "no_id": 16,
    "id_15_digit": 32, "id_fullwidth": 64, "name_no_dot": 128, "phone_format": 256,
    "address_detail": 512, "company_brackets": 1024, "company_former_name": 2048,
    "company_no_rep": 4096,
}  # fmt: skip


def variant_scores(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Pairwise precision and recall restricted to pairs with at least one row of each variant
    class (synthetic courts only: needs `truth_party_variants`), plus "namesake" — pairs of
    different people with the same normalised name, of which precision is what counts."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _ev AS
        SELECT p.party_id, p.person_key AS k, t.identity AS i, v.variant
        FROM parties p JOIN truth_identities t USING (party_id)
        JOIN truth_party_variants v USING (party_id)
        """
    )
    out: dict[str, dict] = {}
    for name, bit in VARIANT_CLASSES.items():
        # For each row of the class: other rows of its identity (true), of its key
        # (predicted), of both (correct); pairs with two class rows are counted once. Counted
        # from the sizes of the groups a row is in (window counts), not by joining each row to
        # the others of its identity or key: that join's OR made it quadratic at 1M rows.
        rows, pred, true, correct = con.execute(
            f"""
            WITH w AS (
                SELECT variant & {bit} <> 0 AS cl,
                       count(*) OVER (PARTITION BY i) - 1 AS t,
                       CASE WHEN k IS NULL THEN 0
                            ELSE count(*) OVER (PARTITION BY k) - 1 END AS p,
                       CASE WHEN k IS NULL THEN 0
                            ELSE count(*) OVER (PARTITION BY i, k) - 1 END AS b,
                       count(*) FILTER (variant & {bit} <> 0) OVER (PARTITION BY i) - 1 AS t2,
                       CASE WHEN k IS NULL THEN 0 ELSE count(*) FILTER (variant & {bit} <> 0)
                            OVER (PARTITION BY k) - 1 END AS p2,
                       CASE WHEN k IS NULL THEN 0 ELSE count(*) FILTER (variant & {bit} <> 0)
                            OVER (PARTITION BY i, k) - 1 END AS b2
                FROM _ev)
            SELECT count(*), coalesce(sum(p - p2 / 2), 0), coalesce(sum(t - t2 / 2), 0),
                   coalesce(sum(b - b2 / 2), 0)
            FROM w WHERE cl
            """
        ).fetchall()[0]
        s = PairwiseScores(int(rows), int(pred), int(true), int(correct))
        out[name] = s.as_dict()
    con.execute("DROP TABLE _ev")
    return out
