"""企业涉诉信息说明函: the enterprise litigation summary as a letter — HTML ready for print and a
PDF (WeasyPrint) — with a verification code anyone can check at the public endpoint
`GET /api/services/letters/{code}` (it answers whether the code is real, for which enterprise,
when issued and the hash of what was certified; nothing more).
"""

from __future__ import annotations

import hashlib
import html
import json
import secrets

import duckdb

from courtqc.clock import court_time, utcnow_s
from courtqc.errors import NotFound, Unavailable
from courtqc.services import channels

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed back

_CSS = """
@page { size: A4; margin: 22mm 20mm; }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 11pt; line-height: 1.6; }
h1 { text-align: center; font-size: 18pt; letter-spacing: 4pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 12pt; }
td, th { border: 1px solid #555; padding: 3pt 6pt; text-align: left; }
.code { font-family: monospace; font-size: 12pt; }
.foot { margin-top: 24pt; text-align: right; }
.small { font-size: 9pt; color: #444; }
"""


def new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _rows(d: dict) -> str:
    if not d:
        return "<tr><td colspan=2>无</td></tr>"
    return "".join(f"<tr><td>{html.escape(str(k))}</td><td>{v}</td></tr>" for k, v in d.items())


def render(summary: dict, code: str, court_name: str, issued_to: str, issued_at_text: str) -> str:
    e = summary["enforcement"]
    listings = (
        "、".join(
            f"{x['listed_date']}（{html.escape(x['court'])}）" for x in e["dishonest_listings"]
        )
        or "无"
    )
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>企业涉诉信息说明函</title><style>{_CSS}</style></head><body>
<h1>企业涉诉信息说明函</h1>
<p>{html.escape(issued_to)}：</p>
<p>应贵单位查询，经{html.escape(court_name)}所辖法院审判、执行数据检索，截至 {html.escape(summary["as_of"])}，
{html.escape(summary["enterprise"])}（统一社会信用代码 {html.escape(summary["uscc"])}）涉诉情况如下：</p>
<h3>一、诉讼案件（共 {summary["cases"]} 件）</h3>
<table><tr><th>诉讼地位</th><th>案件数</th></tr>{_rows(summary["by_role"])}</table>
<table><tr><th>案由</th><th>案件数</th></tr>{_rows(summary["by_cause"])}</table>
<table><tr><th>标的金额</th><th>案件数</th></tr>{_rows(summary["by_amount_band"])}</table>
<table><tr><th>审理状态</th><th>案件数</th></tr>{_rows(summary["by_status"])}</table>
<h3>二、执行情况</h3>
<table>
<tr><td>作为被执行人的执行案件</td><td>{e["as_debtor"]}</td></tr>
<tr><td>其中未结</td><td>{e["pending"]}</td></tr>
<tr><td>终结本次执行程序</td><td>{e["terminated_for_now"]}</td></tr>
<tr><td>纳入失信被执行人名单</td><td>{listings}</td></tr>
</table>
<p>特此说明。本函仅说明上述数据检索结果，不涉及具体案情，不作为其他用途的证明。</p>
<p class="foot">{html.escape(court_name)}<br>{html.escape(issued_at_text)}</p>
<p class="small">验证码 <span class="code">{code}</span>：任何人可在本平台 /api/services/letters/{code}
核验本函的真实性与出具日期。</p>
</body></html>"""


def issue(
    con: duckdb.DuckDBPyConnection,
    summary: dict,
    *,
    court_code: str,
    court_name: str,
    issued_to: str,
) -> tuple[str, str]:
    """Store and return (code, html) of a new letter for `summary`."""
    code = new_code()
    at = utcnow_s()
    text = render(summary, code, court_name, issued_to, f"{court_time(at):%Y年%m月%d日}")
    content_hash = hashlib.sha256(channels.canonical(summary)).hexdigest()
    con.execute(
        "INSERT INTO service_letters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [code, summary["uscc"], summary["enterprise"], at, issued_to, court_code, content_hash,
         json.dumps(summary, ensure_ascii=False), text],
    )  # fmt: skip
    return code, text


def _row(con: duckdb.DuckDBPyConnection, code: str) -> tuple:
    row = con.execute(
        "SELECT code, enterprise, uscc, issued_at, court_code, content_hash, html "
        "FROM service_letters WHERE code = ?",
        [code.strip().upper()],
    ).fetchone()
    if row is None:
        raise NotFound("验证码不存在 (no letter with this verification code)")
    return row


def verify(con: duckdb.DuckDBPyConnection, code: str) -> dict:
    """What the public may learn from a code: that the letter is real, for whom, when."""
    code_, ent, uscc, at, court, h, _ = _row(con, code)
    return {
        "valid": True,
        "code": code_,
        "enterprise": ent,
        "uscc": uscc,
        "issued_at": court_time(at).isoformat(),
        "court_code": court,
        "content_sha256": h,
    }


def html_of(con: duckdb.DuckDBPyConnection, code: str) -> str:
    return _row(con, code)[6]


PDF_LIBS = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


def pdf(text: str) -> bytes:
    """The letter (or any report page) as PDF.

    WeasyPrint loads Pango and HarfBuzz from the system when it is imported; where they are
    missing (a machine set up without scripts/install_browser.sh) the PDF is refused with what
    to install, and the HTML version still serves."""
    try:
        from weasyprint import HTML
    except (OSError, ImportError) as e:
        raise Unavailable(
            "生成 PDF 需要系统库 Pango 与 HarfBuzz，可先使用 HTML 版本；安装方法：apt-get install "
            f"{PDF_LIBS}（或运行 scripts/install_browser.sh） (PDF needs the Pango and HarfBuzz "
            f"system libraries, which WeasyPrint could not load; install the Debian packages {PDF_LIBS})"
        ) from e
    return HTML(string=text).write_pdf()
