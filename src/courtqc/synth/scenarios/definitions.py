"""The scenarios' ground truth, computed from the written data by the definitions of
docs/ANOMALIES.md (``TRUTH_SQL``), with the real identities (truth_identities)."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from courtqc.identity.normalize import id_number_sql
from courtqc.synth.scenarios.specs import (
    AS_OF,
    SCENARIOS,
)

_ID = id_number_sql("p.id_number")  # the number as the population register writes it
_SENT = "unnest(string_split(d.text, '。'))"
_EXEC = """EXISTS (SELECT 1 FROM case_parties ep JOIN truth_identities et USING (party_id)
                  JOIN cases e ON e.case_id = ep.case_id
                  WHERE ep.role = 'respondent' AND e.type_code IN ('执', '执恢')
                    AND et.identity = {who} AND e.filing_date <= c.closing_date
                    AND (e.status = 'pending' OR e.closing_method = 'termination_current'))"""
_PRICE = "TRY_CAST(regexp_extract(d.text, '转让价款为人民币(\\d+)元', 1) AS DECIMAL(18,2))"
_VALUE = "TRY_CAST(regexp_extract(d.text, '市场价值为人民币(\\d+)元', 1) AS DECIMAL(18,2))"

#: The definitions of docs/ANOMALIES.md for these scenarios: (case_id, party_id) rows, computed
#: from the data with the real identities. ``_rsc_rep``: company identity → identity of its
#: legal representative where that person is a party.
TRUTH_SQL: dict[str, str] = {
    "ecommerce_platform_liability": f"""
        SELECT DISTINCT c.case_id, NULL::BIGINT FROM cases c JOIN documents d USING (case_id),
        (SELECT {_SENT} AS s) x
        WHERE c.cause_name IN ('信息网络买卖合同纠纷', '网络购物合同纠纷', '产品责任纠纷')
          AND d.kind = 'judgment' AND x.s LIKE '%电子商务平台经营者%' AND x.s LIKE '%承担连带责任%'
          AND x.s NOT LIKE '%不予支持%' AND x.s NOT LIKE '%知道或者应当知道%'""",
    "trademark_crime_probation": """
        SELECT DISTINCT s.case_id, s.party_id FROM sentences s JOIN documents d USING (case_id)
        WHERE s.charges LIKE '%假冒注册商标%' AND s.probation_months IS NOT NULL
          AND d.kind = 'judgment'
          AND regexp_matches(d.text, '因侵犯知识产权被行政处罚|以侵犯知识产权为业|防疫物资|抗灾|拒不交出违法所得')""",
    "reconciliation_wrong_article": """
        SELECT DISTINCT c.case_id, NULL::BIGINT FROM cases c JOIN documents d USING (case_id)
        WHERE c.family = 'criminal' AND d.kind = 'judgment' AND d.issue_date >= DATE '2018-10-26'
          AND d.text LIKE '%刑事和解%'
          AND regexp_matches(d.text, '刑事诉讼法》[^《。]*第二百七十[七八九]条')""",
    "unfair_competition_interpretation": """
        SELECT DISTINCT c.case_id, NULL::BIGINT FROM cases c JOIN documents d USING (case_id)
        LEFT JOIN cases o ON o.case_id = c.origin_case_id
        WHERE d.kind = 'judgment' AND c.cause_name LIKE '%不正当竞争%'
          AND ((d.text LIKE '%法释〔2007〕2号%' AND d.issue_date >= DATE '2022-03-20'
                AND NOT (c.procedure = 'retrial' AND o.closing_date < DATE '2022-03-20'))
            OR (d.text LIKE '%法释〔2022〕9号%' AND d.issue_date < DATE '2022-03-20'))""",
    "appraisal_audit_idling": """
        SELECT case_id, NULL::BIGINT FROM events
        WHERE node IN ('appraisal', 'audit') AND note LIKE '%退回%'
        GROUP BY case_id HAVING count(*) >= 2""",
    "repeated_remand": """
        SELECT c.case_id, NULL::BIGINT FROM cases c JOIN cases r ON r.case_id = c.origin_case_id
        WHERE c.procedure = 'second' AND c.closing_method = 'remanded'
          AND r.origin_relation = 'remand_retrial'""",
    "suspension_idling": """
        SELECT c.case_id, NULL::BIGINT FROM cases c JOIN events s ON s.case_id = c.case_id
        WHERE c.status = 'pending' AND s.node = 'suspension'
          AND s.occurred_at < DATE '{as_of}' - INTERVAL 365 DAY
          AND NOT EXISTS (SELECT 1 FROM events r WHERE r.case_id = c.case_id
                          AND r.node = 'resumption' AND r.occurred_at > s.occurred_at)
        GROUP BY c.case_id""",
    "false_sales_contract": f"""
        SELECT DISTINCT c.case_id, dp.party_id FROM cases c
        JOIN case_parties pp ON pp.case_id = c.case_id AND pp.role = 'plaintiff'
        JOIN parties p ON p.party_id = pp.party_id JOIN registry_enterprises pe ON pe.uscc = p.uscc
        JOIN case_parties dp ON dp.case_id = c.case_id AND dp.role = 'defendant'
        JOIN parties q ON q.party_id = dp.party_id JOIN registry_enterprises qe ON qe.uscc = q.uscc
        JOIN truth_identities dt ON dt.party_id = dp.party_id
        WHERE c.cause_name = '买卖合同纠纷' AND c.closing_method = 'mediation'
          AND c.closing_date - c.filing_date <= 30 AND pe.legal_rep = qe.legal_rep
          AND {_EXEC.format(who="dt.identity")}""",
    "gift_disguised_as_sale": f"""
        SELECT DISTINCT c.case_id, dp.party_id FROM cases c JOIN documents d USING (case_id)
        JOIN case_parties dp ON dp.case_id = c.case_id AND dp.role = 'defendant'
        JOIN truth_identities dt ON dt.party_id = dp.party_id
        WHERE c.cause_name = '房屋买卖合同纠纷' AND d.kind = 'judgment'
          AND {_PRICE} < 0.3 * {_VALUE} AND {_EXEC.format(who="dt.identity")}""",
    "house_sale_underpriced": f"""
        SELECT DISTINCT c.case_id, dp.party_id FROM cases c JOIN documents d USING (case_id)
        JOIN case_parties dp ON dp.case_id = c.case_id AND dp.role = 'defendant'
        WHERE c.cause_name = '房屋买卖合同纠纷' AND d.kind = 'judgment'
          AND {_PRICE} < 0.7 * {_VALUE}""",
    "factoring_disguised_loan": """
        SELECT DISTINCT c.case_id, NULL::BIGINT FROM cases c
        JOIN case_parties a ON a.case_id = c.case_id AND a.role = 'defendant'
        JOIN parties pa ON pa.party_id = a.party_id JOIN registry_enterprises ea ON ea.uscc = pa.uscc
        JOIN case_parties b ON b.case_id = c.case_id AND b.role = 'defendant' AND b.party_id <> a.party_id
        JOIN parties pb ON pb.party_id = b.party_id JOIN registry_enterprises eb ON eb.uscc = pb.uscc
        WHERE c.cause_name = '保理合同纠纷' AND ea.legal_rep = eb.legal_rep""",
    "plate_rental_disguised": """
        SELECT DISTINCT c.case_id, NULL::BIGINT FROM cases c JOIN documents d USING (case_id)
        WHERE c.cause_name IN ('租赁合同纠纷', '车辆租赁合同纠纷') AND d.kind = 'judgment'
          AND d.text LIKE '%登记于原告名下%' AND d.text LIKE '%购车款由被告支付%'""",
    "fundraising_mass_lending": """
        WITH suits AS (
            SELECT c.case_id, c.filing_date, pp.party_id, coalesce(r.rep_identity, t.identity) AS boss
            FROM cases c JOIN case_parties pp ON pp.case_id = c.case_id AND pp.role = 'plaintiff'
            JOIN parties p ON p.party_id = pp.party_id AND p.kind = 'legal'
            JOIN truth_identities t ON t.party_id = pp.party_id
            LEFT JOIN _rsc_rep r ON r.identity = t.identity
            WHERE c.cause_name = '民间借贷纠纷' AND c.procedure = 'first'),
        convicted AS (
            SELECT DISTINCT t.identity FROM sentences s JOIN cases k USING (case_id)
            JOIN truth_identities t ON t.party_id = s.party_id
            WHERE s.charges LIKE '%非法吸收公众存款%' OR s.charges LIKE '%集资诈骗%')
        SELECT a.case_id, a.party_id FROM suits a JOIN suits b ON a.boss = b.boss
            AND b.filing_date BETWEEN a.filing_date - 365 AND a.filing_date + 365
        WHERE a.boss IN (SELECT identity FROM convicted)
        GROUP BY a.case_id, a.party_id HAVING count(DISTINCT b.case_id) >= 5""",
    "methadone_diversion": """
        SELECT DISTINCT c.case_id, cp.party_id FROM cases c JOIN documents d USING (case_id)
        JOIN case_parties cp ON cp.case_id = c.case_id AND cp.role = 'criminal_defendant'
        WHERE c.family = 'criminal' AND d.kind = 'judgment' AND d.text LIKE '%美沙酮%'
          AND regexp_matches(c.cause_name, '毒品|麻醉药品')""",
    "rural_collective_assets": """
        SELECT DISTINCT c.case_id, cp.party_id FROM cases c JOIN documents d USING (case_id)
        JOIN case_parties cp ON cp.case_id = c.case_id AND cp.role = 'criminal_defendant'
        WHERE c.family = 'criminal' AND d.kind = 'judgment'
          AND c.cause_name IN ('职务侵占罪', '贪污罪', '挪用资金罪', '挪用公款罪')
          AND regexp_matches(d.text, '村集体|村民委员会|村经济合作社')""",
    "yin_yang_equity_transfer": """
        SELECT DISTINCT c.case_id, NULL::BIGINT FROM cases c JOIN documents d USING (case_id)
        WHERE c.cause_name = '股权转让纠纷' AND d.kind = 'judgment'
          AND TRY_CAST(regexp_extract(d.text, '实际转让价款为(\\d+)元', 1) AS DECIMAL(18,2))
            > TRY_CAST(regexp_extract(d.text, '备案的《股权转让协议》载明转让价款为(\\d+)元', 1) AS DECIMAL(18,2))""",
    "executive_pay_after_leaving": """
        SELECT DISTINCT c.case_id, cp.party_id FROM cases c JOIN documents d USING (case_id)
        JOIN case_parties cp ON cp.case_id = c.case_id AND cp.role = 'plaintiff'
        JOIN parties p ON p.party_id = cp.party_id AND p.kind = 'natural'
        WHERE c.cause_name IN ('劳动合同纠纷', '劳动争议') AND d.kind = 'judgment'
          AND c.claim_amount >= 500000
          AND regexp_matches(d.text, '原任被告[^，。]*(总经理|副总经理|董事|监事|总监|财务负责人)')""",
    "transfer_idling": """
        WITH s AS (
            SELECT c.case_id, c.filing_date, c.closing_date, c.closing_method, c.cause_name,
                   pp.party_id, pt.identity AS pi, dt.identity AS di
            FROM cases c
            JOIN case_parties pp ON pp.case_id = c.case_id AND pp.role = 'plaintiff'
            JOIN truth_identities pt ON pt.party_id = pp.party_id
            JOIN case_parties dp ON dp.case_id = c.case_id AND dp.role = 'defendant'
            JOIN truth_identities dt ON dt.party_id = dp.party_id
            WHERE c.procedure = 'first')
        SELECT DISTINCT b.case_id, b.party_id FROM s a JOIN s b
            ON a.pi = b.pi AND a.di = b.di AND a.cause_name = b.cause_name AND a.case_id <> b.case_id
        WHERE a.closing_method = 'transfer' AND b.closing_method = 'transfer'
          AND b.filing_date > a.closing_date AND b.filing_date <= a.closing_date + 365""",
    "fine_missing_mandatory": """
        SELECT DISTINCT s.case_id, s.party_id FROM sentences s
        WHERE list_has_any(string_split(s.charges, ';'), ['盗窃', '贪污', '受贿', '介绍卖淫'])
          AND s.principal_penalty IN ('fixed_term', 'criminal_detention', 'public_surveillance')
          AND coalesce(s.fine_yuan, 0) = 0""",
    "recidivist_probation": """
        SELECT DISTINCT s.case_id, s.party_id FROM sentences s JOIN documents d USING (case_id)
        WHERE s.probation_months IS NOT NULL AND d.kind = 'judgment'
          AND regexp_matches(d.text, '系累犯|构成累犯') AND d.text NOT LIKE '%不构成累犯%'""",
    "enforcement_suspension_idling": """
        SELECT c.case_id, NULL::BIGINT FROM cases c JOIN events s ON s.case_id = c.case_id
        WHERE c.status = 'pending' AND c.family = 'enforcement' AND s.node = 'enf_suspension'
          AND s.occurred_at < DATE '{as_of}' - INTERVAL 365 DAY
          AND NOT EXISTS (SELECT 1 FROM events r WHERE r.case_id = c.case_id
                          AND r.node = 'enf_resumption' AND r.occurred_at > s.occurred_at)
        GROUP BY c.case_id""",
    "public_notice_without_service": """
        SELECT DISTINCT n.case_id, NULL::BIGINT FROM events n
        WHERE n.node = 'public_notice_service'
          AND NOT EXISTS (SELECT 1 FROM events e WHERE e.case_id = n.case_id
                          AND e.node = 'service' AND e.occurred_at < n.occurred_at)""",
    "bankruptcy_claim_wrong_defendant": """
        SELECT DISTINCT c.case_id, cp.party_id FROM cases c
        JOIN case_parties cp ON cp.case_id = c.case_id AND cp.role = 'defendant'
        JOIN parties p ON p.party_id = cp.party_id
        WHERE c.cause_name = '破产债权确认纠纷' AND p.name LIKE '%管理人'""",
    "termination_too_early": """
        SELECT case_id, NULL::BIGINT FROM cases
        WHERE family = 'enforcement' AND closing_method = 'termination_current'
          AND closing_date < filing_date + INTERVAL 90 DAY""",
    "party_died_during_case": f"""
        SELECT DISTINCT c.case_id, p.party_id FROM cases c
        JOIN case_parties cp ON cp.case_id = c.case_id JOIN parties p ON p.party_id = cp.party_id
        JOIN registry_population r ON r.id_number = {_ID}
        WHERE p.kind = 'natural' AND r.death_date >= c.filing_date
          AND (c.closing_date IS NULL OR r.death_date < c.closing_date)""",
    "judgment_exceeds_claims": """
        SELECT c.case_id, NULL::BIGINT FROM cases c JOIN civil_outcomes o USING (case_id)
        WHERE c.closing_method = 'judgment' AND c.claim_amount > 0 AND o.kind = 'principal'
        GROUP BY c.case_id, c.claim_amount HAVING sum(o.amount_yuan) > c.claim_amount""",
}


def compute_truth(con: duckdb.DuckDBPyConnection, rep: pa.Table) -> dict[str, set[tuple]]:
    """(case_id, party_id) per report scenario, from the data."""
    con.register("_rsc_rep_src", rep)
    con.execute("CREATE OR REPLACE TEMP TABLE _rsc_rep AS SELECT * FROM _rsc_rep_src")
    con.unregister("_rsc_rep_src")
    out = {}
    for s in SCENARIOS:
        sql = TRUTH_SQL[s].replace("{as_of}", AS_OF.isoformat())
        out[s] = {(int(a), None if b is None else int(b)) for a, b in con.execute(sql).fetchall()}
    con.execute("DROP TABLE IF EXISTS _rsc_rep")
    return out
