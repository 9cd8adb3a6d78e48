"""A fresh CMS database for a CDC benchmark: the one setup bench_cdc.py and soak_cdc.py share.

Starts the local PostgreSQL cluster (scripts/pg.sh), drops and creates the named database,
runs the measurement with its DSN and a scratch folder, and removes both afterwards, whatever
happens.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def with_fresh_cms(db_name: str, prefix: str, run: Callable[[str, Path], None]) -> None:
    """`run(dsn, tmp)` on an empty CMS database `db_name` and a temporary folder."""
    from courtqc.cms import db as cmsdb

    r = subprocess.run(
        [str(REPO / "scripts" / "pg.sh"), "start"], capture_output=True, text=True, check=True
    )
    dsn = cmsdb.with_dbname(r.stdout.strip().splitlines()[-1], db_name)
    cmsdb.drop_database(dsn)
    cmsdb.ensure_database(dsn)
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        run(dsn, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # the court, the store, the workload logs
        cmsdb.drop_database(dsn)
