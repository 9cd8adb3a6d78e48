"""The message-queue intake under kills, like CDC's kill test: a workload is published while the
consumer is SIGKILLed twice and the broker (a private one: COURTQC_MQ_PORT / COURTQC_MQ_DATA)
is SIGKILLed and restarted once; after a last run the store holds every message once — the
same canonical rows as the workload applied once without any kill — every moved case was
checked exactly once, and every broken message is in the dead letters."""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import random
import shutil
import signal
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from tests.support.cdc import courtqc_cmd, subprocess_env
from tests.support.mq import kill_broker, private_broker, restart_broker

AS_OF = "2026-06-30"
COUNT, RATE, SEED = 400, 60, 5
TABLES = {
    "events": "event_id",
    "documents": "doc_id",
    "registry_population": "id_number",
    "registry_enterprises": "uscc",
    "registry_enterprise_shareholders": "uscc, seq",
    "registry_enterprise_names": "uscc, name",
}


class StderrTail:
    """A process's stderr, read line by line by a thread. Reading it with select() and
    readline() instead loses lines: the text wrapper buffers every line that has arrived,
    select() then sees an empty pipe, and a line already read waits for the next one."""

    def __init__(self, proc: subprocess.Popen):
        self.proc, self.lines, self.seen = proc, queue.Queue(), ""
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stderr:
            self.lines.put(line)
        self.lines.put(None)  # end of the stream

    def wait_for(self, text: str, timeout: float = 300) -> str:
        """Lines up to and including the first that holds `text`."""
        start, deadline = len(self.seen), time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=min(left, 1.0))
            except queue.Empty:
                continue
            assert line is not None, f"exited {self.proc.wait()}:\n{self.seen}"
            self.seen += line
            if text in line:
                return self.seen[start:]
        raise AssertionError(f"{text!r} not seen in {timeout} s:\n{self.seen}")

    def rest(self) -> str:
        """Everything after the process has ended."""
        self.proc.wait()
        while (line := self.lines.get(timeout=60)) is not None:
            self.seen += line
        return self.seen


@pytest.mark.slow
def test_sigkill_consumer_and_broker_during_a_workload_loses_and_duplicates_nothing(
    cms_court: Path, tmp_path: Path
) -> None:
    from courtqc.cms import mqsim
    from courtqc.ingest import mq
    from courtqc.ingest.mapping import load_mapping

    hub, clean, log = tmp_path / "hub.duckdb", tmp_path / "clean.duckdb", tmp_path / "wl.json"
    shutil.copy(cms_court, hub)
    shutil.copy(cms_court, clean)
    env = subprocess_env()
    rng = random.Random(3)
    with private_broker() as (url, benv):
        env["COURTQC_MQ_URL"] = url
        consumer = courtqc_cmd(
            "ingest", "mq", "--db", str(hub), "--queue", "killme", "--prefetch", "40",
            "--model", "dead_party", "--as-of", AS_OF,
        )  # fmt: skip
        publisher = subprocess.Popen(
            courtqc_cmd("mq", "publish", "--court", str(cms_court), "--queue", "killme",
                        "--count", str(COUNT), "--rate", str(RATE), "--seed", str(SEED),
                        "--invalid-share", "0.03", "--duplicate-share", "0.05", "--log", str(log)),
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        logs = []
        try:
            # 1. the consumer, killed while consuming
            proc = subprocess.Popen(consumer, env=env, stderr=subprocess.PIPE, text=True)
            tail = StderrTail(proc)
            tail.wait_for("consuming killme")
            time.sleep(rng.uniform(1.0, 2.5))
            os.kill(proc.pid, signal.SIGKILL)
            logs.append(tail.rest())
            # 2. another consumer; the broker killed under it and under the publisher, restarted
            proc = subprocess.Popen(consumer, env=env, stderr=subprocess.PIPE, text=True)
            tail = StderrTail(proc)
            tail.wait_for("consuming killme")
            time.sleep(rng.uniform(0.5, 1.5))
            kill_broker(benv)
            time.sleep(1.0)
            restart_broker(benv)
            # it reconnects by itself, then is killed too
            tail.wait_for("reconnected")
            time.sleep(rng.uniform(0.5, 1.5))
            os.kill(proc.pid, signal.SIGKILL)
            logs.append(tail.rest())
            out, err = publisher.communicate(timeout=300)
            assert publisher.returncode == 0, err
            published = json.loads(out)
            # 3. a last run to the end of the queue
            r = subprocess.run([*consumer, "--until-idle", "2"], env=env, capture_output=True,
                               text=True, timeout=300)  # fmt: skip
            assert r.returncode == 0, r.stderr
            final = json.loads(r.stdout)
            dead = mq.dead_letters(url, "killme")
            depths = mq.queue_depths(url, "killme")
        finally:
            if publisher.poll() is None:
                publisher.kill()
    assert all("Traceback" not in x for x in logs), logs
    assert depths["killme"] == 0

    wl = json.loads(log.read_text(encoding="utf-8"))
    con = duckdb.connect(str(hub))
    # nothing lost: every valid message applied, under its id (the key: once)
    stored = Counter(
        r[0] for r in con.execute("SELECT message_id FROM ingest_mq_messages").fetchall()
    )
    assert set(stored) == set(wl["applied"]) and max(stored.values()) == 1
    # every broken one dead-lettered (at least once: a kill may repeat a dead letter)
    assert len({d["body"] for d in dead}) == len(wl["dead"]) and all(d["reason"] for d in dead)

    # the same canonical rows as the workload applied once, with no kill, straight to a store
    plan = mqsim.plan(cms_court, count=COUNT, seed=SEED, invalid_share=0.03)
    ref = duckdb.connect(str(clean))
    applier = mq.MessageApplier(ref, load_mapping("mq"), "killme")
    ref.execute("BEGIN")
    applier.apply([p.body for p in plan.messages])
    ref.execute("COMMIT")
    for table, key in TABLES.items():
        q = f"SELECT * FROM {table} ORDER BY {key}"
        assert con.execute(q).fetchall() == ref.execute(q).fetchall(), table
    q = "SELECT case_id, current_node FROM cases ORDER BY case_id"
    assert con.execute(q).fetchall() == ref.execute(q).fetchall()
    ref.close()

    # every move checked exactly once, at the nodes a model binds
    from courtqc.engine.node import NodeChecker
    from courtqc.models.library import builtin_models

    checker = NodeChecker(con, [m for m in builtin_models() if m.id == "dead_party"],
                          as_of=dt.date.fromisoformat(AS_OF), record=False)  # fmt: skip
    expected = Counter((c, n) for c, n in wl["moves"] if checker.models_for(n))
    checker.close()
    checks = con.execute("SELECT case_id, node, status FROM ingest_node_checks").fetchall()
    assert Counter((c, n) for c, n, _ in checks) == expected
    assert {s for *_, s in checks} == {"done"}
    con.close()
    print(
        f"\nmq kill test: {published['published']} published ({published['duplicates']} twice, "
        f"{published['republished']} again after the broker's kill), {len(stored)} applied, "
        f"{len(dead)} dead letters ({len(wl['dead'])} broken), {sum(expected.values())} checks; "
        f"last run: {final}"
    )
