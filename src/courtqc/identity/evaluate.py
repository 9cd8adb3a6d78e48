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
