"""Thematic reports (决策参考): findings, trends, charts, masked case lists and recommendations
on one social problem, for one court's tree and one period — HTML, or PDF through WeasyPrint,
with static SVG charts drawn by matplotlib.

Each topic is a small recipe over the canonical schema and the governance models' alerts
(`TOPICS`): the headline figures, a monthly trend, the split by court, the cases to look at
(party names masked), and recommendations whose wording depends on what the figures show.
Topics: tax-evasion risk (`tax`), financial and illegal fund-raising risk (`fundraising`),
petition risk (`petition`).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from courtqc.clock import court_time, utcnow_s
from courtqc.errors import InvalidInput, NotFound
from courtqc.indicators.periods import Period, parse_period
from courtqc.services import masks, store
from courtqc.web.visibility import CourtTree


@dataclass(frozen=True)
class Topic:
    id: str
    zh: str
    # SQL over cases c (already limited to the court tree and the period): which cases concern
    # the topic. Parameters: none.
    case_filter: str
    alert_models: tuple[str, ...]
    recommend: Callable[[dict], list[str]]
    schedule: str  # crontab: when the scheduled report is made


def _tax_reco(f: dict) -> list[str]:
    out = [
        "与税务机关建立民间借贷利息收入、司法拍卖成交信息的常态化推送（已上线推送模型 tax_private_lending_interest、tax_judicial_auction）。"
    ]
    if f["alerts"]:
        out.append(
            f"本期职业放贷人等模型发现 {f['alerts']} 条线索，建议移送税务机关核查利息收入纳税情况。"
        )
    if f["growth"] is not None and f["growth"] > 0.1:
        out.append(f"民间借贷案件较上期增长 {f['growth']:.0%}，建议关注放贷主体集中的区域。")
    return out


def _fund_reco(f: dict) -> list[str]:
    out = [
        "将非法集资刑事案件与委托理财合同纠纷涉诉企业定期推送地方金融管理部门（推送模型 illegal_fundraising）。"
    ]
    if f["alerts"]:
        out.append(
            f"本期集资参与人另案起诉等模型发现 {f['alerts']} 条线索，建议与刑事案件并案审查，防止重复受偿。"
        )
    if f["top"]:
        out.append(f"涉诉最多的企业为 {f['top']}，建议列为重点监测对象。")
    return out


def _petition_reco(f: dict) -> list[str]:
    out = ["对改判、发回重审及终结本次执行案件开展判后答疑和执行回访，减少涉诉信访。"]
    if f["total"]:
        out.append(
            f"本期存在信访风险的案件 {f['total']} 件，建议由审管办逐案评估风险等级并落实包案责任。"
        )
    if f["growth"] is not None and f["growth"] > 0:
        out.append(f"风险案件较上期增长 {f['growth']:.0%}，建议在院务会专题研究。")
    return out


TOPICS: dict[str, Topic] = {
    "tax": Topic(
        "tax", "偷逃税风险",
        "(c.cause_name = '民间借贷纠纷' OR c.case_id IN (SELECT case_id FROM enforcement_actions WHERE kind = 'auction'))",
        ("professional_lender", "false_lending_ring"), _tax_reco, "0 6 5 * *",
    ),
    "fundraising": Topic(
        "fundraising", "金融与非法集资风险",
        "(c.cause_name IN ('委托理财合同纠纷', '非法吸收公众存款', '集资诈骗', '非法吸收公众存款罪', '集资诈骗罪') "
        "OR c.case_id IN (SELECT case_id FROM sentences WHERE regexp_matches(charges, '非法吸收公众存款|集资诈骗')))",
        ("fundraising_victim_contract_suit",), _fund_reco, "0 6 6 * *",
    ),
    "petition": Topic(
        "petition", "涉诉信访风险",
        "(c.closing_method IN ('modified', 'remanded', 'termination_current') "
        "OR c.case_id IN (SELECT origin_case_id FROM appeal_results WHERE result IN ('modified', 'partly_modified', 'remanded')) "
        "OR c.cause_name IN ('追索劳动报酬纠纷', '劳动合同纠纷'))",
        ("repeated_termination", "termination_too_early", "time_limit_overdue"), _petition_reco, "0 6 7 * *",
    ),
}  # fmt: skip


def _svg(draw: Callable) -> str:
    """A matplotlib figure as inline SVG (CJK font from the system's Noto CJK)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "Noto Serif CJK SC", "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.fonttype"] = "none"
    fig, ax = plt.subplots(figsize=(7, 2.8))
    try:
        draw(ax)
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg")
    finally:
        plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]


def _prev(p: Period) -> Period:
    days = (p.end - p.start).days
    return Period(f"{p.label}-prev", p.start - dt.timedelta(days=days), p.start)


@dataclass
class Report:
    report_id: str
    topic: str
    court: str
    period: str
    title: str
    summary: dict
    html: str


def build(
    con: duckdb.DuckDBPyConnection, topic: str, court: str, period: str, *, by: str = "cli"
) -> Report:
    """Compute and store one report; returns it (HTML included)."""
    if topic not in TOPICS:
        raise InvalidInput(f"未知的专题 {topic} (unknown topic; one of {', '.join(TOPICS)})")
    t = TOPICS[topic]
    try:
        p = parse_period(period)
    except ValueError as e:
        raise InvalidInput(str(e)) from None
    store.ensure(con)
    tree = CourtTree.load(con)
    if court not in tree:
        raise NotFound(f"法院 {court} 不存在 (no such court)")
    courts = tree.descendants(court)
    ph = ", ".join("?" * len(courts))
    base = f"FROM cases c WHERE c.court_code IN ({ph}) AND {t.case_filter}"

    def count(q: Period) -> int:
        return con.execute(
            f"SELECT count(*) {base} AND c.filing_date >= ? AND c.filing_date < ?",
            [*courts, q.start, q.end],
        ).fetchone()[0]

    total, before = count(p), count(_prev(p))
    growth = (total - before) / before if before else None
    monthly = con.execute(
        f"""SELECT strftime(date_trunc('month', c.filing_date), '%Y-%m') m, count(*) {base}
            AND c.filing_date >= ? AND c.filing_date < ? GROUP BY 1 ORDER BY 1""",
        [*courts, p.start - dt.timedelta(days=365), p.end],
    ).fetchall()
    by_court = con.execute(
        f"""SELECT co.name, count(*) n, sum(c.claim_amount) amt {base.replace("FROM cases c", "FROM cases c JOIN courts co ON co.court_code = c.court_code")}
            AND c.filing_date >= ? AND c.filing_date < ? GROUP BY 1 ORDER BY 2 DESC LIMIT 12""",
        [*courts, p.start, p.end],
    ).fetchall()
    top_ent = con.execute(
        f"""SELECT p.name, count(DISTINCT c.case_id) n FROM cases c
            JOIN case_parties cp ON cp.case_id = c.case_id AND cp.role IN ('defendant', 'respondent')
            JOIN parties p ON p.party_id = cp.party_id AND p.kind = 'legal'
            WHERE c.court_code IN ({ph}) AND {t.case_filter} AND c.filing_date >= ? AND c.filing_date < ?
            GROUP BY 1 ORDER BY 2 DESC LIMIT 5""",
        [*courts, p.start, p.end],
    ).fetchall()
    has_alerts = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'alerts'"
    ).fetchone()[0]
    alerts, cases = 0, []
    mph = ", ".join("?" * len(t.alert_models))
    if has_alerts:
        alerts = con.execute(
            f"""SELECT count(*) FROM alerts a JOIN cases c ON c.case_id = a.case_id
                WHERE a.model_id IN ({mph}) AND c.court_code IN ({ph})
                  AND c.filing_date >= ? AND c.filing_date < ?""",
            [*t.alert_models, *courts, p.start, p.end],
        ).fetchone()[0]
    case_rows = con.execute(
        f"""SELECT c.case_no, co.name, c.cause_name, c.filing_date, c.status, c.claim_amount,
                   (SELECT string_agg(p.name, '、' ORDER BY cp.seq) FROM case_parties cp
                      JOIN parties p ON p.party_id = cp.party_id WHERE cp.case_id = c.case_id
                      AND cp.role IN ('defendant', 'respondent', 'criminal_defendant')) AS who,
                   (SELECT bool_or(p.kind = 'natural') FROM case_parties cp
                      JOIN parties p ON p.party_id = cp.party_id WHERE cp.case_id = c.case_id
                      AND cp.role IN ('defendant', 'respondent', 'criminal_defendant')) AS natural
            FROM cases c JOIN courts co ON co.court_code = c.court_code
            WHERE c.court_code IN ({ph}) AND {t.case_filter} AND c.filing_date >= ? AND c.filing_date < ?
            ORDER BY c.claim_amount DESC NULLS LAST, c.case_no LIMIT 20""",
        [*courts, p.start, p.end],
    ).fetchall()
    for no, cname, cause, filed, status, amt, who, _nat in case_rows:
        names = [
            masks.mask_name(n) if len(n) <= 4 else n  # people masked; companies named
            for n in (who or "").split("、") if n
        ]  # fmt: skip
        cases.append(
            {"case_no": no, "court": cname, "cause": cause, "filing_date": filed.isoformat(),
             "status": "未结" if status == "pending" else "已结",
             "amount": float(amt) if amt is not None else None, "respondents": "、".join(names)}
        )  # fmt: skip
    figures = {
        "total": total, "previous": before, "growth": growth, "alerts": alerts,
        "top": top_ent[0][0] if top_ent else None,
    }  # fmt: skip
    recommendations = t.recommend(figures)
    court_name = tree.name.get(court, court)
    title = f"{court_name}{p.label}“{t.zh}”专题决策参考"

    def trend(ax):  # type: ignore[no-untyped-def]
        ax.plot([m for m, _ in monthly], [n for _, n in monthly], marker="o", color="#3b6fb6")
        ax.set_title("月度收案趋势")
        ax.tick_params(axis="x", labelrotation=60, labelsize=7)

    def split(ax):  # type: ignore[no-untyped-def]
        names = [n.replace("上海市", "").replace("人民法院", "") for n, _, _ in by_court]
        ax.barh(names[::-1], [n for _, n, _ in by_court][::-1], color="#c0504d")
        ax.set_title("各法院案件数")
        ax.tick_params(axis="y", labelsize=7)

    charts = [_svg(trend) if monthly else "", _svg(split) if by_court else ""]
    summary = {
        "topic": topic, "topic_zh": t.zh, "court": court, "period": p.label,
        "figures": figures, "by_court": [{"court": n, "cases": k, "amount": float(a or 0)} for n, k, a in by_court],
        "monthly": [{"month": m, "cases": n} for m, n in monthly],
        "top_enterprises": [{"name": n, "cases": k} for n, k in top_ent],
        "recommendations": recommendations, "cases": cases,
    }  # fmt: skip
    at = utcnow_s()
    text = _html(title, summary, charts, f"{court_time(at):%Y年%m月%d日 %H:%M}")
    rid = f"{topic}-{court}-{p.label}-{at:%Y%m%dT%H%M%S}-{secrets.token_hex(2)}"
    con.execute(
        "INSERT INTO service_reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [rid, topic, court, p.label, at, by, title, json.dumps(summary, ensure_ascii=False), text],
    )
    return Report(rid, topic, court, p.label, title, summary, text)


def _money(v: float | None) -> str:
    return "" if v is None else f"{v:,.0f}"


def _html(title: str, s: dict, charts: list[str], made: str) -> str:
    f = s["figures"]
    e = html.escape
    growth = "—" if f["growth"] is None else f"{f['growth']:+.0%}"
    rows = "".join(
        f"<tr><td>{e(c['case_no'])}</td><td>{e(c['court'].replace('上海市', ''))}</td><td>{e(c['cause'] or '')}</td>"
        f"<td>{c['filing_date']}</td><td>{c['status']}</td><td>{_money(c['amount'])}</td>"
        f"<td>{e(c['respondents'])}</td></tr>"
        for c in s["cases"]
    )
    tops = (
        "".join(f"<li>{e(t['name'])}：{t['cases']} 件</li>" for t in s["top_enterprises"])
        or "<li>无</li>"
    )
    recos = "".join(f"<li>{e(r)}</li>" for r in s["recommendations"])
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>
@page {{ size: A4; margin: 18mm 16mm; }}
body {{ font-family: "Noto Sans CJK SC", sans-serif; font-size: 10pt; line-height: 1.55; max-width: 900px; margin: auto; }}
h1 {{ font-size: 17pt; text-align: center; }} h2 {{ font-size: 12.5pt; border-left: 4px solid #3b6fb6; padding-left: 6px; }}
.kpi {{ display: flex; gap: 12px; }} .kpi div {{ border: 1px solid #ccc; padding: 6px 12px; border-radius: 4px; }}
.kpi b {{ display: block; font-size: 15pt; }}
table {{ border-collapse: collapse; width: 100%; font-size: 8.5pt; }} td, th {{ border: 1px solid #aaa; padding: 2px 4px; }}
svg {{ max-width: 100%; height: auto; }} .small {{ color: #555; font-size: 8.5pt; }}
</style></head><body>
<h1>{e(title)}</h1>
<p class="small">生成时间 {made}；数据范围：{e(s["court"])} 及下级法院，{e(s["period"])}；当事人姓名已脱敏。</p>
<h2>一、主要发现</h2>
<div class="kpi"><div>本期相关案件<b>{f["total"]}</b></div><div>上期<b>{f["previous"]}</b></div>
<div>增减<b>{growth}</b></div><div>模型线索<b>{f["alerts"]}</b></div></div>
<h2>二、趋势</h2>{charts[0]}
<h2>三、分布</h2>{charts[1]}
<p>涉诉最多的单位：</p><ul>{tops}</ul>
<h2>四、建议</h2><ol>{recos}</ol>
<h2>五、重点案件（按标的额，前 20 件）</h2>
<table><tr><th>案号</th><th>法院</th><th>案由</th><th>立案</th><th>状态</th><th>标的额（元）</th><th>被告/被执行人</th></tr>{rows}</table>
</body></html>"""


def write(report_html: str, out: Path) -> Path:
    """Write the report as .html or .pdf (by the file's suffix)."""
    if out.suffix.lower() == ".pdf":
        from courtqc.services.letters import pdf

        out.write_bytes(pdf(report_html))
    elif out.suffix.lower() in (".html", ".htm"):
        out.write_text(report_html, encoding="utf-8")
    else:
        raise InvalidInput(f"输出文件应为 .pdf 或 .html (output must be .pdf or .html): {out}")
    return out


def listing(
    con: duckdb.DuckDBPyConnection, courts: frozenset[str] | None = None, limit: int = 100
) -> list[dict]:
    store.ensure(con)
    where, params = "", []
    if courts is not None:
        where = f"WHERE court_code IN ({', '.join('?' * len(courts))})" if courts else "WHERE FALSE"
        params = sorted(courts)
    cur = con.execute(
        f"SELECT report_id, topic, court_code, period, generated_at, generated_by, title "
        f"FROM service_reports {where} ORDER BY generated_at DESC LIMIT {int(limit)}",
        params,
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def get(con: duckdb.DuckDBPyConnection, report_id: str) -> tuple[str, str]:
    """(court_code, html) of a stored report."""
    store.ensure(con)
    row = con.execute(
        "SELECT court_code, html FROM service_reports WHERE report_id = ?", [report_id]
    ).fetchone()
    if row is None:
        raise NotFound(f"没有报告 {report_id} (no such report)")
    return row
