"""The schedule inside the long-running server: each enabled push model at its crontab, and
each thematic-report topic monthly, run by APScheduler's background scheduler (not a loop of our
own). A push job runs only if its body has a receiver; a job that is still running when its next
time comes is not started twice (max_instances 1, coalesce).

Jobs take the store's writer lock (courtqc.web.db.Store.lock) and a cursor of their own.
"""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from courtqc.services import push, pushmodel, reports, store

log = logging.getLogger("courtqc.services")


def _push_job(app_store, model_id: str) -> None:  # type: ignore[no-untyped-def]
    with app_store.lock, app_store.cursor() as con:
        store.ensure(con)
        m = pushmodel.find(model_id)
        if push.receiver(con, m.spec.body) is None:
            return
        for r in push.run(con, [m], by="scheduler"):
            log.info(
                "push %s: %d new rows, batch %s, delivered %s",
                r.model_id,
                r.new_rows,
                r.batch_id,
                r.delivered,
            )


def _report_job(app_store, topic: str) -> None:  # type: ignore[no-untyped-def]
    from courtqc.clock import court_today

    today = court_today()
    month = (
        f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"  # the month before
    )
    with app_store.lock, app_store.cursor() as con:
        root = con.execute(
            "SELECT court_code FROM courts WHERE parent_code IS NULL LIMIT 1"
        ).fetchone()
        if root:
            reports.build(con, topic, root[0], month, by="scheduler")


def start(app_store) -> BackgroundScheduler:  # type: ignore[no-untyped-def]
    """A started scheduler with every push and report job (see the module docstring)."""
    sched = BackgroundScheduler(timezone="Asia/Shanghai")
    for m in pushmodel.builtin():
        if m.spec.enabled:
            sched.add_job(
                _push_job, CronTrigger.from_crontab(m.spec.schedule.cron, timezone=m.spec.schedule.timezone),
                args=[app_store, m.id], id=f"push:{m.id}", max_instances=1, coalesce=True,
            )  # fmt: skip
    for t in reports.TOPICS.values():
        sched.add_job(
            _report_job, CronTrigger.from_crontab(t.schedule, timezone="Asia/Shanghai"),
            args=[app_store, t.id], id=f"report:{t.id}", max_instances=1, coalesce=True,
        )  # fmt: skip
    sched.start()
    return sched


def jobs(sched: BackgroundScheduler) -> list[dict]:
    return [
        {"id": j.id, "next_run": j.next_run_time.isoformat() if j.next_run_time else None}
        for j in sched.get_jobs()
    ]
