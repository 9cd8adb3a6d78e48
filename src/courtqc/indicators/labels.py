"""Chinese labels for the codes that appear in drill-down reasons and overviews."""

from __future__ import annotations

FAMILY_ZH: dict[str, str] = {
    "criminal": "刑事",
    "civil": "民事",
    "commercial": "商事",
    "administrative": "行政",
    "enforcement": "执行",
    "bankruptcy": "破产",
    "ip": "知识产权",
    "maritime": "海事",
    "financial": "金融",
    "state_compensation": "国家赔偿",
}

PROCEDURE_ZH: dict[str, str] = {
    "first": "一审",
    "second": "二审",
    "retrial": "再审",
    "retrial_review": "再审审查",
    "enforcement": "执行",
    "bankruptcy": "破产",
    "special": "特别程序",
    "preservation": "保全",
    "other": "其他",
}

TRIAL_PROCEDURE_ZH: dict[str, str] = {
    "ordinary": "普通",
    "simple": "简易",
    "small_claims": "小额诉讼",
    "fast_track": "速裁",
}

CLOSING_ZH: dict[str, str] = {
    "judgment": "判决",
    "mediation": "调解",
    "withdrawal": "撤诉",
    "dismissal": "驳回起诉",
    "ruling": "裁定",
    "transfer": "移送",
    "enforced_in_full": "执行完毕",
    "termination_current": "终结本次执行",
    "termination": "终结执行",
    "settlement": "和解",
    "voluntary_performance": "自动履行",
    "upheld": "维持",
    "modified": "改判",
    "partly_modified": "部分改判",
    "remanded": "发回重审",
    "withdrawn": "撤回",
    "dismissed": "驳回",
}

REASON_ZH: dict[str, str] = {
    "new_evidence": "出现新证据",
    "fact_error": "认定事实错误",
    "law_error": "适用法律错误",
    "procedure_error": "程序违法",
    "unclear_facts": "事实不清",
    "other": "其他",
}

REVIEW_ZH: dict[str, str] = {"no_error": "无差错", "flawed": "瑕疵", "error": "差错"}


def zh(table: dict[str, str], code: str | None) -> str:
    if code is None:
        return "—"
    return table.get(code, code)
