"""Resident population of Shanghai's districts (常住人口), for litigation per 10,000 residents.

Figures: Seventh National Population Census, census day 2020-11-01, as published in
上海市第七次全国人口普查主要数据公报（第二号）(Shanghai Statistics Bureau, 2021-05-18), table of
resident population by district. Transcribed by hand: they sum to 24,870,937 against the
bulletin's city total of 24,870,895, so one district figure is off by 42 people; re-check
against the bulletin before relying on a single district's figure to the person.
"""

from __future__ import annotations

SOURCE = "上海市第七次全国人口普查主要数据公报（第二号），2020-11-01 常住人口"
CENSUS_YEAR = 2020

# district -> residents
DISTRICT_RESIDENTS: dict[str, int] = {
    "浦东新区": 5681512,
    "黄浦区": 662030,
    "徐汇区": 1113078,
    "长宁区": 693051,
    "静安区": 975707,
    "普陀区": 1239842,
    "虹口区": 757498,
    "杨浦区": 1242548,
    "闵行区": 2653489,
    "宝山区": 2235218,
    "嘉定区": 1834258,
    "金山区": 822776,
    "松江区": 1909713,
    "青浦区": 1271424,
    "奉贤区": 1140872,
    "崇明区": 637921,
}
