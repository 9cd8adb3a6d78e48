"""Cost of governance at intake on the shared Applier (docs/GOVERNANCE.md, "Measured"):
20,000 party rows (simcms tb_dsr) applied in 40 batches of 500, with and without
standardisation, clean and messy values; best of 3. Run: .venv/bin/python bench/bench_governance.py"""

from __future__ import annotations

import time
from datetime import date

import duckdb

from courtqc.domain.idnumber import id18_to_15, make_id_number
from courtqc.ingest.apply import Applier, Change
from courtqc.ingest.mapping import load_mapping

N, BATCH = 20_000, 500


class NoGovernance:
    def mapped_row(self, mapped: list, row: dict) -> list:
        return mapped

    def flush(self, con: duckdb.DuckDBPyConnection, source: str) -> int:
        return 0


def rows(n: int, messy: bool) -> list[dict]:
    out = []
    for i in range(n):
        idn = make_id_number("310115", date(1950 + i % 50, 1 + i % 12, 1 + i % 28), i % 100, True)
        out.append(
            {
                "dsrbs": i, "ajbs": i, "dsrlx": "1", "mc": "李 四" if messy else "李四",
                "zjlx": "01", "zjhm": id18_to_15(idn) if messy and i % 3 == 0 else idn,
                "csrq": "19800102", "xb": "1", "mz": "01", "dz": "浦东新区1号",
                "lxdh": "+86 138-1234-5678" if messy else "13812345678", "fddbr": None,
                "ssdw": "01", "xh": 1,
            }
        )  # fmt: skip
    return out


def main() -> None:
    for messy in (False, True):
        for governed in (False, True):
            best = float("inf")
            for _ in range(3):
                con = duckdb.connect(":memory:")
                applier = Applier(con, load_mapping())
                if not governed:
                    applier.intake = NoGovernance()  # type: ignore[assignment]
                rs = rows(N, messy)
                t = time.perf_counter()
                for b in range(0, N, BATCH):
                    applier.apply(
                        [Change("tb_dsr", "I", r) for r in rs[b : b + BATCH]], source="bench"
                    )
                best = min(best, time.perf_counter() - t)
            print(
                f"messy={messy} governance={governed}: {best:.2f} s ({best / N * 1e6:.0f} us/row)"
            )


if __name__ == "__main__":
    main()
