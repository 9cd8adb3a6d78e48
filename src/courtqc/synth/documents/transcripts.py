"""The hearing transcript (庭审笔录) of a case that had a hearing: time, place, case number,
cause, the bench, who came, then the clerk's and the judge's lines and the parties' answers,
signed at the foot. Civil, administrative and criminal hearings differ in who speaks."""

from __future__ import annotations

from courtqc.synth.documents.courts import _Courts
from courtqc.synth.documents.paper import Paper, iso, of
from courtqc.synth.documents.records import _Case
from courtqc.synth.documents.text import _ad, _money, _Var, int_to_cn


def transcript(c: _Case, courts: _Courts, v: _Var) -> Paper | None:
    if c.hearing is None:
        return None
    criminal = c.family == "criminal"
    if criminal:
        left, right = of(c, "prosecutor"), of(c, "criminal_defendant")
    elif c.procedure == "second":
        left, right = of(c, "appellant"), of(c, "appellee")
    else:
        left, right = of(c, "plaintiff"), of(c, "defendant")
    if not right:
        return None
    court = courts.court_name(c.court_code)
    sign = courts.signatures(c, v, c.procedure == "second" or v.chance(30), jurors=False)
    panel = [ln for ln in sign if ln.startswith(("审", "人"))][:3]
    clerk = next((ln for ln in sign if ln.startswith("书")), "书记员")
    title = v.pick(("庭 审 笔 录", "庭审笔录", "开庭笔录", "法庭审理笔录"))
    when = v.pick(("上午9时30分", "上午9时", "下午2时", "下午1时30分"))
    lines = [
        title,
        "",
        f"时间：{_ad(c.hearing)}{when}",
        f"地点：{court}第{int_to_cn(1 + v.idx(20))}法庭",
    ]
    lines += [f"案号：{c.case_no}", f"案由：{c.cause or ''}"]
    lines.append("审判人员：" + "、".join(p.replace("　", "") for p in panel))
    lines.append(clerk.replace("　", "").replace("书记员", "书记员：", 1))
    lab_l, lab_r = (
        ("公诉人", "被告人") if criminal
        else ("上诉人", "被上诉人") if c.procedure == "second"
        else ("原告", "被告")
    )  # fmt: skip
    came = []
    for p in left:
        if criminal:
            came.append(f"公诉机关{p.name}")
            continue
        agent = f"及其委托诉讼代理人{p.agents[0][0]}" if p.agents else ""
        came.append(f"{lab_l}{p.name}{agent}")
    came += [f"{lab_r}{p.name}" for p in right]
    lines.append("到庭当事人：" + "；".join(came) + "。")
    lines.append("")
    lines.append("书：请肃静。现在宣布法庭纪律……报告审判长，当事人及其诉讼参与人已到庭，可以开庭。")
    lines.append("审：现在开庭。核对当事人身份。")
    if criminal:
        for p in right:
            lines.append(f"审：被告人{p.name}，是否收到起诉书副本？")
            lines.append("被告人：收到了。")
        lines.append("审：由公诉人宣读起诉书。")
        lines.append("公：（宣读起诉书，略）")
        lines.append("审：被告人对起诉书指控的事实有无异议？")
        lines.append(
            "被告人：" + v.pick(("没有异议。", "没有意见，我认罪。", "有异议，数额不对。"))
        )
    else:
        lines.append(f"审：{lab_l}陈述诉讼请求及事实理由。")
        claim = f"，请求判令被告支付{_money(c.claim, grouped=True)}元" if c.claim else ""
        lines.append(f"原：坚持起诉状的请求{claim}。")
        lines.append(f"审：{lab_r}答辩。")
        lines.append(
            "被："
            + v.pick(("对方所述不属实，请求驳回。", "借款属实，但已部分归还。", "同意调解。"))
        )
        lines.append(
            "审：本案争议焦点为"
            + v.pick(("欠款数额", "合同是否已经解除", "责任如何承担"))
            + "。双方有无补充？"
        )
        lines.append("原：没有。")
    lines.append("审：现在休庭。")
    lines.append("（以下无正文）")
    lines.append(f"{lab_l}（签名）：　　　{lab_r}（签名）：")
    lines += [p.replace("　", "") for p in panel]
    lines.append(clerk)
    truth = {"court": court, "date": iso(c.hearing), "case_no": c.case_no}
    truth["parties"] = ([] if criminal else [p.name for p in left]) + [p.name for p in right]
    if criminal and left:
        truth["prosecutor"] = left[0].name
    return Paper("transcript", "庭审笔录", lines, c.hearing, truth)
