"""The Shanghai court tree (docs/DOMAIN.md §2.3) with levels, parents and districts.

Codes are the case-number court codes (法院代字). 沪0151 (崇明) is unverified in the
reference but consistent with the division code 310151; we keep it with that note.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Court:
    code: str
    name: str
    level: str  # high | intermediate | specialised | basic
    kind: str  # general | maritime | ip | financial | railway
    parent: str | None
    district: str | None = None  # administrative district served (basic courts)
    division_code: str | None = None  # 行政区划代码 of the district


HIGH = Court("沪", "上海市高级人民法院", "high", "general", None)

# Basic courts by intermediate court. docs/DOMAIN.md gives no jurisdiction table for the
# intermediate courts; this split (沪01 west and south-west, 沪02 centre and north, 沪03
# Pudong and the railway court) is our ASSUMPTION, kept in one place so a court can correct
# it. Supervision scope follows this parent link.
_BASIC = [
    ("沪0101", "上海市黄浦区人民法院", "黄浦区", "310101", "沪02"),
    ("沪0104", "上海市徐汇区人民法院", "徐汇区", "310104", "沪01"),
    ("沪0105", "上海市长宁区人民法院", "长宁区", "310105", "沪01"),
    ("沪0106", "上海市静安区人民法院", "静安区", "310106", "沪02"),
    ("沪0107", "上海市普陀区人民法院", "普陀区", "310107", "沪02"),
    ("沪0109", "上海市虹口区人民法院", "虹口区", "310109", "沪02"),
    ("沪0110", "上海市杨浦区人民法院", "杨浦区", "310110", "沪02"),
    ("沪0112", "上海市闵行区人民法院", "闵行区", "310112", "沪01"),
    ("沪0113", "上海市宝山区人民法院", "宝山区", "310113", "沪02"),
    ("沪0114", "上海市嘉定区人民法院", "嘉定区", "310114", "沪01"),
    ("沪0115", "上海市浦东新区人民法院", "浦东新区", "310115", "沪03"),
    ("沪0116", "上海市金山区人民法院", "金山区", "310116", "沪01"),
    ("沪0117", "上海市松江区人民法院", "松江区", "310117", "沪01"),
    ("沪0118", "上海市青浦区人民法院", "青浦区", "310118", "沪01"),
    ("沪0120", "上海市奉贤区人民法院", "奉贤区", "310120", "沪01"),
    ("沪0151", "上海市崇明区人民法院", "崇明区", "310151", "沪02"),
]

COURTS: list[Court] = [
    HIGH,
    Court("沪01", "上海市第一中级人民法院", "intermediate", "general", "沪"),
    Court("沪02", "上海市第二中级人民法院", "intermediate", "general", "沪"),
    Court("沪03", "上海市第三中级人民法院", "intermediate", "general", "沪"),
    Court("沪72", "上海海事法院", "specialised", "maritime", "沪"),
    Court("沪73", "上海知识产权法院", "specialised", "ip", "沪"),
    Court("沪74", "上海金融法院", "specialised", "financial", "沪"),
    Court("沪7101", "上海铁路运输法院", "basic", "railway", "沪03"),
    *[Court(c, n, "basic", "general", p, d, dc) for c, n, d, dc, p in _BASIC],
]

BY_CODE: dict[str, Court] = {c.code: c for c in COURTS}
BY_NAME: dict[str, Court] = {c.name: c for c in COURTS}


def descendants(code: str) -> list[str]:
    """Codes of the court and every court below it in the tree (what it supervises)."""
    out = [code]
    for c in COURTS:
        if c.parent == code:
            out.extend(descendants(c.code))
    return out


def basic_courts() -> list[Court]:
    return [c for c in COURTS if c.level == "basic"]
