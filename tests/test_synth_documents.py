"""The synthetic court's documents: layout, truth preserved, determinism."""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pytest

from courtqc.domain.cnnum import format_cn_date, int_to_cn
from courtqc.domain.courts import COURTS
from courtqc.schema import connect
from courtqc.synth.documents import FIELD_SOURCES, render_documents

D = dt.date


def _case(con, case_id, case_no, court, type_code, family, procedure, tp, cause, filing, closing,
          method, claim=None, origin=None, relation=None, status="closed"):  # fmt: skip
    con.execute(
        "INSERT INTO cases (case_id, case_no, year, court_code, type_code, seq, family, procedure, "
        "trial_procedure, cause_name, filing_date, closing_date, closing_method, status, "
        "current_node, dept_id, presiding_judge_id, claim_amount, origin_case_id, origin_relation) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'closing', 1, 1, ?, ?, ?)",
        [case_id, case_no, filing.year, court, type_code, case_id, family, procedure, tp, cause,
         filing, closing, method, status, claim, origin, relation],
    )  # fmt: skip


def _party(con, pid, kind, name, **kw):
    cols = ["party_id", "kind", "name", *kw]
    con.execute(
        f"INSERT INTO parties ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [pid, kind, name, *kw.values()],
    )


def _role(con, case_id, pid, role, seq=1):
    con.execute("INSERT INTO case_parties VALUES (?, ?, ?, ?)", [case_id, pid, role, seq])


@pytest.fixture()
def store() -> duckdb.DuckDBPyConnection:
    con = connect(":memory:")
    for c in COURTS:
        con.execute(
            "INSERT INTO courts VALUES (?, ?, ?, ?, ?, ?, ?)",
            [c.code, c.name, c.level, c.kind, c.parent, c.district, c.division_code],
        )
    con.execute("INSERT INTO departments VALUES (1, '沪0115', '民事审判第一庭', 'civil')")
    judges = [(1, "王审判", "judge"), (2, "李法官", "judge"), (3, "赵陪审", "juror"),
              (4, "钱书记", "clerk"), (5, "孙助理", "assistant_judge")]  # fmt: skip
    for jid, name, title in judges:
        for court, off in (("沪0115", 0), ("沪03", 100), ("沪01", 200)):
            con.execute(
                "INSERT INTO judges VALUES (?, ?, 1, ?, ?, TRUE)", [jid + off, court, name, title]
            )
    con.execute("INSERT INTO law_firms VALUES (1, '上海申江律师事务所', NULL)")
    con.execute("INSERT INTO lawyers VALUES (1, '周律师', 1, NULL)")

    _party(con, 1, "authority", "上海市浦东新区人民检察院")
    _party(con, 2, "natural", "张 三", gender="male", birth_date=D(1985, 3, 5),
           ethnicity="汉族", address="上海市浦东新区张杨路1号")  # fmt: skip
    _party(con, 3, "natural", "李四", gender="female", birth_date=D(1990, 7, 1),
           ethnicity="汉族", address="上海市浦东新区世纪大道2号")  # fmt: skip
    _party(con, 4, "legal", "ＡＢＣ贸易有限公司", address="上海市浦东新区东方路3号",
           legal_rep="王五")  # fmt: skip
    _party(con, 5, "natural", "赵六", gender="male", birth_date=D(1970, 1, 2), ethnicity="回族")
    _party(con, 6, "authority", "上海市浦东新区市场监督管理局", legal_rep="陈局长")

    # 1. criminal first instance: theft, fixed term with custody
    _case(con, 1, "（2023）沪0115刑初101号", "沪0115", "刑初", "criminal", "first", "simple",
          "盗窃罪", D(2023, 2, 1), D(2023, 3, 10), "judgment", "12000")  # fmt: skip
    _role(con, 1, 1, "prosecutor")
    _role(con, 1, 2, "criminal_defendant")
    con.execute("INSERT INTO case_agents VALUES (1, 2, 1, '周律师', 'lawyer')")
    con.execute(
        "INSERT INTO sentences VALUES (1, 2, '盗窃', 'fixed_term', 18, NULL, 5000, 12000, "
        "DATE '2023-01-05', 0, DATE '2023-01-05', DATE '2024-07-04', NULL, NULL, "
        "NULL, NULL, NULL, NULL)"
    )
    con.execute(
        "INSERT INTO events VALUES (1, 1, 'hearing', TIMESTAMP '2023-03-01 09:00', 1, NULL)"
    )
    # 2. civil loan judgment: principal + interest, late clause article 260
    _case(con, 2, "（2023）沪0115民初202号", "沪0115", "民初", "civil", "first", "simple",
          "民间借贷纠纷", D(2023, 1, 10), D(2023, 4, 20), "judgment", "100000")  # fmt: skip
    _role(con, 2, 3, "plaintiff")
    _role(con, 2, 4, "defendant")
    con.execute("INSERT INTO case_agents VALUES (2, 3, 1, '周律师', 'lawyer')")
    con.execute(
        "INSERT INTO civil_outcomes VALUES "
        "(2, 1, 4, 3, 'principal', 100000, NULL, NULL, NULL, NULL, DATE '2021-02-01', 260),"
        "(2, 2, 4, 3, 'interest', NULL, 100000, DATE '2021-03-01', "
        "'按照全国银行间同业拆借中心公布的一年期贷款市场报价利率的四倍', 15.4, DATE '2021-02-01', 260)"
    )
    # 3. civil judgment with the late clause omitted (planted), partly supported
    _case(con, 3, "（2024）沪0115民初303号", "沪0115", "民初", "civil", "first", "ordinary",
          "买卖合同纠纷", D(2024, 1, 10), D(2024, 5, 20), "judgment", "80000")  # fmt: skip
    _role(con, 3, 4, "plaintiff")
    _role(con, 3, 5, "defendant")
    con.execute(
        "INSERT INTO civil_outcomes VALUES "
        "(3, 1, 5, 4, 'principal', 60000, NULL, NULL, NULL, NULL, NULL, NULL)"
    )
    # 4. civil judgment citing a wrong article (253 in 2024)
    _case(con, 4, "（2024）沪0115民初404号", "沪0115", "民初", "civil", "first", "simple",
          "民间借贷纠纷", D(2024, 2, 1), D(2024, 4, 1), "judgment", "50000")  # fmt: skip
    _role(con, 4, 3, "plaintiff")
    _role(con, 4, 5, "defendant")
    con.execute(
        "INSERT INTO civil_outcomes VALUES "
        "(4, 1, 5, 3, 'principal', 50000, NULL, NULL, NULL, NULL, NULL, 253)"
    )
    # 5. mediation
    _case(con, 5, "（2023）沪0115民初505号", "沪0115", "民初", "civil", "first", "simple",
          "民间借贷纠纷", D(2023, 5, 1), D(2023, 5, 20), "mediation", "30000")  # fmt: skip
    _role(con, 5, 3, "plaintiff")
    _role(con, 5, 2, "defendant")
    con.execute(
        "INSERT INTO civil_outcomes VALUES "
        "(5, 1, 2, 3, 'principal', 30000, NULL, NULL, NULL, NULL, NULL, NULL)"
    )
    # 6. withdrawal, 7. dismissal
    _case(con, 6, "（2023）沪0115民初606号", "沪0115", "民初", "civil", "first", "simple",
          "民间借贷纠纷", D(2023, 6, 1), D(2023, 6, 15), "withdrawal", "20000")  # fmt: skip
    _role(con, 6, 3, "plaintiff")
    _role(con, 6, 5, "defendant")
    _case(con, 7, "（2023）沪0115民初707号", "沪0115", "民初", "civil", "first", "ordinary",
          "合同纠纷", D(2023, 7, 1), D(2023, 8, 15), "dismissal", "20000")  # fmt: skip
    _role(con, 7, 3, "plaintiff")
    _role(con, 7, 4, "defendant")
    # 8. administrative judgment
    _case(con, 8, "（2023）沪0115行初808号", "沪0115", "行初", "administrative", "first",
          "ordinary", "行政处罚", D(2023, 3, 1), D(2023, 8, 1), "judgment")  # fmt: skip
    _role(con, 8, 4, "plaintiff")
    _role(con, 8, 6, "defendant")
    # 9. civil appeal upheld (origin = case 3)
    _case(con, 9, "（2024）沪03民终909号", "沪03", "民终", "civil", "second", None,
          "买卖合同纠纷", D(2024, 6, 10), D(2024, 8, 20), "upheld", None, 3, "appeal")  # fmt: skip
    _role(con, 9, 5, "appellant")
    _role(con, 9, 4, "appellee")
    con.execute("INSERT INTO appeal_results VALUES (9, 3, 'upheld', NULL, DATE '2024-08-20')")
    # 10. criminal appeal modified (origin = case 1)
    _case(con, 10, "（2023）沪03刑终1010号", "沪03", "刑终", "criminal", "second", None,
          "盗窃罪", D(2023, 4, 1), D(2023, 5, 10), "modified", None, 1, "appeal")  # fmt: skip
    _role(con, 10, 2, "appellant")
    con.execute(
        "INSERT INTO appeal_results VALUES (10, 1, 'modified', 'law_error', DATE '2023-05-10')"
    )
    con.execute(
        "INSERT INTO sentences VALUES (10, 2, '盗窃', 'fixed_term', 12, NULL, 3000, 12000, "
        "DATE '2023-01-05', 0, DATE '2023-01-05', DATE '2024-01-04', NULL, NULL, "
        "NULL, NULL, NULL, NULL)"
    )
    # 11. enforcement closed 终本 (origin = case 2)
    _case(con, 11, "（2023）沪0115执1111号", "沪0115", "执", "enforcement", "enforcement", None,
          "民间借贷纠纷", D(2023, 6, 1), D(2023, 10, 1), "termination_current", "100000", 2,
          "enforcement")  # fmt: skip
    _role(con, 11, 3, "applicant")
    _role(con, 11, 4, "respondent")
    con.execute(
        "INSERT INTO enforcement_actions VALUES (1, 11, 'notice', DATE '2023-06-02', NULL, NULL),"
        "(2, 11, 'online_search', DATE '2023-06-05', NULL, NULL),"
        "(3, 11, 'consumption_restriction', DATE '2023-07-01', NULL, NULL)"
    )
    con.execute("INSERT INTO payments VALUES (1, 11, 'in', 4, 1500, DATE '2023-08-01')")
    # 14. criminal, two defendants: a person on probation and a company (unit crime)
    _case(con, 14, "（2024）沪0115刑初1414号", "沪0115", "刑初", "criminal", "first", "ordinary",
          "非法吸收公众存款罪", D(2024, 3, 1), D(2024, 6, 3), "judgment", "5000000")  # fmt: skip
    _role(con, 14, 1, "prosecutor")
    _role(con, 14, 3, "criminal_defendant", 1)
    _role(con, 14, 4, "criminal_defendant", 2)
    _role(con, 14, 5, "victim")
    con.execute(
        "INSERT INTO sentences VALUES "
        "(14, 3, '非法吸收公众存款', 'fixed_term', 36, 48, 100000, 5000000, DATE '2023-11-02', 30, "
        "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
        "(14, 4, '非法吸收公众存款', 'fine_only', NULL, NULL, 500000, 5000000, NULL, NULL, "
        "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"
    )
    # 12. pending and 13. enforced in full: no document
    _case(con, 12, "（2024）沪0115民初1212号", "沪0115", "民初", "civil", "first", "simple",
          "民间借贷纠纷", D(2024, 6, 1), None, None, "1000", status="pending")  # fmt: skip
    _case(con, 13, "（2023）沪0115执1313号", "沪0115", "执", "enforcement", "enforcement", None,
          None, D(2023, 6, 1), D(2023, 7, 1), "enforced_in_full", "1000")  # fmt: skip
    return con


def _docs(con) -> dict[int, tuple[str, str, str, dt.date]]:
    rows = con.execute("SELECT case_id, kind, title, text, issue_date FROM documents").fetchall()
    return {r[0]: r[1:] for r in rows}


def _has_date(text: str, d: dt.date) -> bool:
    return f"{d.year}年{d.month}月{d.day}日" in text or format_cn_date(d) in text


def test_kinds_and_titles(store):
    assert render_documents(store, seed=1, progress=False) == 12
    docs = _docs(store)
    assert {cid: (k, t) for cid, (k, t, _, _) in docs.items()} == {
        1: ("judgment", "刑事判决书"),
        2: ("judgment", "民事判决书"),
        3: ("judgment", "民事判决书"),
        4: ("judgment", "民事判决书"),
        5: ("mediation", "民事调解书"),
        6: ("ruling", "民事裁定书"),
        7: ("ruling", "民事裁定书"),
        8: ("judgment", "行政判决书"),
        9: ("judgment", "民事判决书"),
        10: ("judgment", "刑事判决书"),
        11: ("ruling", "执行裁定书"),
        14: ("judgment", "刑事判决书"),
    }


def test_every_document_names_case_court_parties_and_date(store):
    render_documents(store, seed=1, progress=False)
    facts = store.execute(
        "SELECT c.case_id, c.case_no, ct.name, c.closing_date, "
        "list(p.name) FILTER (WHERE cp.role <> 'victim') "
        "FROM cases c JOIN courts ct USING (court_code) "
        "LEFT JOIN case_parties cp USING (case_id) LEFT JOIN parties p USING (party_id) "
        "GROUP BY ALL"
    ).fetchall()
    docs = _docs(store)
    for cid, case_no, court, closing, names in facts:
        if cid not in docs:
            continue
        text = docs[cid][2]
        lines = text.split("\n")
        assert court in lines[:3] and case_no in lines[:4], (cid, lines[:4])
        for name in names:
            assert name in text, (cid, name)
        assert format_cn_date(closing) in text
        assert docs[cid][3] == closing


def test_criminal_sentence_wording(store):
    render_documents(store, seed=3, progress=False)
    text = _docs(store)[1][2]
    assert "公诉机关上海市浦东新区人民检察院。" in text
    assert "被告人张 三，男，" in text
    assert "辩护人周律师，上海申江律师事务所律师。" in text
    m = re.search(
        r"被告人张 三犯盗窃罪，判处有期徒刑一年六个月，并处罚金人民币(五千元|5000元)。", text
    )
    assert m, text
    assert "羁押一日折抵刑期一日，即自" in text
    assert _has_date(text, D(2023, 1, 5)) and _has_date(text, D(2024, 7, 4))
    assert "《中华人民共和国刑法》第二百六十四条" in text
    assert "上海市第三中级人民法院" in text  # appeal court (the appeal case's court)
    assert "审判员王审判" in text.replace("　", "")
    # the appeal judgment states the new term and its own end date
    appeal = _docs(store)[10][2]
    assert "撤销上海市浦东新区人民法院（2023）沪0115刑初101号刑事判决" in appeal
    assert "判处有期徒刑一年，" in appeal and _has_date(appeal, D(2024, 1, 4))
    assert "本判决为终审判决。" in appeal


def test_probation_and_unit_defendant(store):
    render_documents(store, seed=2, progress=False)
    text = _docs(store)[14][2]
    assert re.search(
        r"一、被告人李四犯非法吸收公众存款罪，判处有期徒刑三年，缓刑四年，"
        r"并处罚金人民币(十万元|100000元)。（缓刑考验期限，从判决确定之日起计算。",
        text,
    ), text
    assert re.search(
        r"二、被告单位ＡＢＣ贸易有限公司犯非法吸收公众存款罪，判处罚金人民币(五十万元|500000元)。",
        text,
    )
    assert "被告单位ＡＢＣ贸易有限公司，住所地" in text and "诉讼代表人王五。" in text
    assert "第一百七十六条" in text and "第七十二条第一款" in text
    assert "现羁押于" not in text


def test_civil_items_interest_and_late_clause(store):
    render_documents(store, seed=1, progress=False)
    docs = _docs(store)
    loan = docs[2][2]
    assert "被告ＡＢＣ贸易有限公司" in loan and "法定代表人" in loan and "王五" in loan
    assert re.search(r"偿还原告李四借款本金100,?000元及利息（以100,?000元为基数，自2021年3月1日起"
                     r"按照全国银行间同业拆借中心公布的一年期贷款市场报价利率的四倍计算至实际清偿之日止）", loan)  # fmt: skip
    assert "《中华人民共和国民事诉讼法》第二百六十条" in loan
    assert re.search(r"案件受理费2300元，减半收取计1150元，由被告ＡＢＣ贸易有限公司负担。", loan)
    # omitted clause stays omitted; partial support adds the dismissal of other claims
    sale = docs[3][2]
    assert "加倍支付迟延履行期间的债务利息" not in sale
    assert "驳回原告ＡＢＣ贸易有限公司的其他诉讼请求" in sale
    assert "上诉于上海市第三中级人民法院" in sale
    # a wrong article is shown as the table has it
    wrong = docs[4][2]
    assert "《中华人民共和国民事诉讼法》第二百五十三条" in wrong
    assert "第二百六十四条" not in wrong


def test_rulings_mediation_enforcement_admin(store):
    render_documents(store, seed=1, progress=False)
    docs = _docs(store)
    assert "当事人自愿达成如下协议" in docs[5][2] and "本调解书" in docs[5][2]
    assert "准许原告李四撤诉。" in docs[6][2]
    assert "第一百四十八条第一款" in docs[6][2]
    assert "驳回原告李四的起诉。" in docs[7][2]
    assert "第一百二十二条、第一百五十七条第一款第三项" in docs[7][2]
    assert "驳回原告ＡＢＣ贸易有限公司的诉讼请求。" in docs[8][2]
    assert re.search(r"\n(法定代表人|负责人)：?陈局长。\n", docs[8][2])
    upheld = docs[9][2]
    assert "上诉人（原审被告）：赵六" in upheld or "上诉人（原审被告）赵六" in upheld
    assert "驳回上诉，维持原判。" in upheld and "本判决为终审判决。" in upheld
    assert "（2024）沪0115民初303号" in upheld
    enf = docs[11][2]
    assert "终结本次执行程序。" in enf
    assert "（2023）沪0115民初202号民事判决书" in enf
    assert "已执行到位款项1500元" in enf
    assert "于2023年7月1日对被执行人ＡＢＣ贸易有限公司采取限制消费措施" in enf


def test_deterministic_and_seed_varies_wording(store):
    render_documents(store, seed=7, progress=False)
    first = _docs(store)
    store.execute("DELETE FROM documents")
    render_documents(store, seed=7, progress=False)
    assert _docs(store) == first
    variants = set()
    for seed in range(8):
        store.execute("DELETE FROM documents")
        render_documents(store, seed=seed, progress=False)
        variants.add(_docs(store)[2][2])
    assert len(variants) > 1


def test_doc_ids_continue_after_existing_rows(store):
    store.execute("INSERT INTO documents VALUES (41, 1, 'indictment', '起诉书', 'x', NULL)")
    render_documents(store, seed=1, progress=False)
    ids = [r[0] for r in store.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()]
    assert ids == [41, *range(42, 54)]


def test_preservation_ruling_is_numbered_after_the_suit(store):
    """A 执保 case stemming from the suit: the suit's documents gain its preservation ruling,
    numbered 之一 (之二 for a second), dated the 执保 filing day, written after the judgment."""
    con = store
    for cid, no, day, amount in ((15, "（2023）沪0115执保15号", D(2023, 1, 12), "100000"),
                                 (16, "（2023）沪0115执保16号", D(2023, 2, 20), "30000")):  # fmt: skip
        _case(con, cid, no, "沪0115", "执保", "enforcement", "preservation", None,
              "民间借贷纠纷", day, day, "enforced_in_full", amount, 2, "preservation")  # fmt: skip
        _role(con, cid, 3, "applicant")
        _role(con, cid, 4, "respondent")
    assert render_documents(store, seed=1, progress=False) == 14
    rows = store.execute(
        "SELECT doc_id, kind, title, text, issue_date FROM documents WHERE case_id = 2 ORDER BY doc_id"
    ).fetchall()
    assert [(r[1], r[2]) for r in rows] == [("judgment", "民事判决书"), ("ruling", "民事裁定书"),
                                            ("ruling", "民事裁定书")]  # fmt: skip
    first, second = rows[1][3], rows[2][3]
    assert "（2023）沪0115民初202号之一" in first.split("\n")[:4]
    assert "（2023）沪0115民初202号之二" in second.split("\n")[:4]
    assert (rows[1][4], rows[2][4]) == (D(2023, 1, 12), D(2023, 2, 20))
    assert "冻结被告ＡＢＣ贸易有限公司名下银行存款100000元" in first
    assert "申请费1020元" in first  # 30 + 1 % of 99,000
    assert "第一百零三条、第一百零五条、第一百零六条第一款" in first  # 民事诉讼法 2021
    assert "本院于2023年1月10日立案" in first and "二〇二三年一月十二日" in first
    assert "申请费320元" in second


def test_field_sources_name_real_columns(store):
    columns = {
        f"{t}.{c}"
        for t, c in store.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
        ).fetchall()
    }
    for field_name, source in FIELD_SOURCES.items():
        for ref in re.findall(r"\b([a-z_]+\.[a-z_]+)\b", source):
            assert ref in columns, (field_name, ref)


# --- on the synthetic court itself ------------------------------------------------------------


# the closing documents; the papers of a case's life (indictments, notices …, written for a
# sample of cases after them) are tests/test_synth_papers.py's
CLOSING = "d.kind IN ('judgment', 'ruling', 'mediation')"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    from courtqc import synth

    path = tmp_path_factory.mktemp("court") / "court.duckdb"
    synth.generate(path, cases=2000, seed=1)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def test_generated_closed_judgments_and_mediations_have_documents(generated):
    missing = generated.execute(
        "SELECT c.case_id, c.case_no, c.family, c.procedure, c.closing_method "
        "FROM cases c LEFT JOIN documents d USING (case_id) "
        "WHERE c.status = 'closed' AND d.doc_id IS NULL "
        "AND c.case_id NOT IN (SELECT case_id FROM truth_case_sources) AND ("
        "  (c.procedure = 'first' AND c.closing_method IN ('judgment', 'mediation', 'withdrawal', 'dismissal')"
        "   AND c.family IN ('criminal', 'civil', 'commercial', 'ip', 'maritime', 'financial', 'administrative')"
        "   AND NOT (c.family = 'criminal' AND c.closing_method <> 'judgment'))"
        "  OR (c.family = 'enforcement' AND c.closing_method = 'termination_current'))"
    ).fetchall()
    assert missing == []
    # a case has one closing document, plus its preservation rulings (之N), one per 执保 case
    # (counted by the 之N number in each ruling's heading: a suit still pending when its 执保
    # case was filed has its rulings but no closing document yet)
    extra = generated.execute(
        "SELECT d.case_id, count(*) FILTER (WHERE strpos(d.text, c.case_no || '之') > 0), "
        "       any_value(p.n) FROM documents d JOIN cases c USING (case_id) "
        "LEFT JOIN (SELECT origin_case_id AS case_id, count(*) AS n FROM cases "
        "           WHERE origin_relation = 'preservation' GROUP BY 1) p USING (case_id) "
        f"WHERE {CLOSING} GROUP BY d.case_id HAVING count(*) > 1"
    ).fetchall()
    assert extra and all(n == p for _, n, p in extra), [x for x in extra if x[1] != x[2]][:5]


def test_generated_documents_carry_the_case_facts(generated):
    rows = generated.execute(
        "SELECT d.case_id, d.text, c.case_no, ct.name, "
        "  (SELECT list(p.name) FROM case_parties cp JOIN parties p USING (party_id) "
        "   WHERE cp.case_id = c.case_id AND cp.role <> 'victim') "
        "FROM documents d JOIN cases c USING (case_id) JOIN courts ct USING (court_code) "
        # report-scenario cases carry short texts (courtqc.synth.scenarios), not this layout
        f"WHERE c.case_id NOT IN (SELECT case_id FROM truth_case_sources) AND {CLOSING}"
    ).fetchall()
    assert len(rows) > 300
    follow_ups = 0
    for cid, text, case_no, court, names in rows:
        head = text.split("\n")[:4]
        follow_up = [h for h in head if h.startswith(case_no + "之")]
        follow_ups += bool(follow_up)
        assert court in head and (case_no in head or follow_up), (cid, head)
        for name in names or []:
            assert name in text, (cid, name)
    assert follow_ups > 0
    terms = generated.execute(
        "SELECT s.case_id, s.term_start, s.term_end, d.text FROM sentences s "
        f"JOIN documents d USING (case_id) WHERE {CLOSING} AND s.term_start IS NOT NULL "
        "AND s.term_end IS NOT NULL AND coalesce(s.probation_months, 0) = 0 "
        "AND s.principal_penalty IN ('fixed_term', 'criminal_detention', 'public_surveillance')"
    ).fetchall()
    assert terms, "no criminal document with a term to check"
    for cid, start, end, text in terms:
        assert _has_date(text, start) and _has_date(text, end), cid


def test_generated_late_clause_follows_the_table(generated):
    rows = generated.execute(
        "SELECT d.case_id, d.text, max(o.late_clause_article) FROM documents d "
        "JOIN civil_outcomes o USING (case_id) JOIN cases c USING (case_id) "
        "WHERE d.kind = 'judgment' AND c.procedure = 'first' AND c.family <> 'administrative' "
        "GROUP BY ALL"
    ).fetchall()
    for cid, text, article in rows:
        has = "加倍支付迟延履行期间的债务利息" in text
        if article is None:
            assert not has, cid
        else:
            assert has and f"《中华人民共和国民事诉讼法》第{int_to_cn(article)}条" in text, cid


def test_generated_documents_have_no_template_holes(generated):
    holes = re.compile(
        r"None|\bnan\b|（）|于起|自起|(人民币|费|款|本金|租金|标的为|利息)元|[，。；、]{2}"
    )
    for cid, text in generated.execute("SELECT case_id, text FROM documents").fetchall():
        m = holes.search(text)
        assert m is None, (cid, text[max(0, m.start() - 40) : m.end() + 40])
