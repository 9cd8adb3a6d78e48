"""OCR-like noise for the papers of a case's life, at a documented rate (issue 18).

A scanned paper comes back from OCR with stray blanks, punctuation of the other width,
look-alike characters and a page footer in the middle. `NOISY_PERCENT` of the papers the
synthetic court writes are noisy; in a noisy paper:

==========================  =====================================================  ========
what                        how                                                    rate
==========================  =====================================================  ========
stray blank                 a blank after a Chinese character                      2 %
punctuation width           ，：（）；。 read as , : ( ) ; . or back                   25 %
look-alike                  已→己, 未→末, 的→旳, 人民法院/检察院→入民…            15 %
page footer                 第 1 页 共 2 页 / - 1 - / 1/2 on a line of its own      every one
==========================  =====================================================  ========

Names, numbers and dates are not protected: blanks fall inside them as they do in a scan, and
extraction must read through them. The noise is drawn from the paper's own `_Var` (seeded by
the seed and the case), so a court is the same every time it is generated.
"""

from __future__ import annotations

import random
import re

NOISY_PERCENT = 30
SPACE_RATE = 0.02
PUNCT_RATE = 0.25
LOOKALIKE_RATE = 0.15
_LOOKALIKE = {
    "已": "己",
    "未": "末",
    "的": "旳",
    "人民法院": "入民法院",
    "人民检察院": "入民检察院",
}
_PUNCT = {"，": ",", "：": ":", "（": "(", "）": ")", "；": ";", ",": "，", ":": "："}
_PUNCT_RE = re.compile("[，：（）；,:]")
_LOOK_RE = re.compile("人民法院|人民检察院|[已未的]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FOOTERS = ("第 1 页 共 2 页", "- 1 -", "1/2")


def ocr_noise(text: str, seed: int) -> str:
    """The text as an OCR pass might return it (rates in the module's table)."""
    rnd = random.Random(seed)
    text = _PUNCT_RE.sub(
        lambda m: _PUNCT[m.group(0)] if rnd.random() < PUNCT_RATE else m.group(0), text
    )
    text = _LOOK_RE.sub(
        lambda m: _LOOKALIKE[m.group(0)] if rnd.random() < LOOKALIKE_RATE else m.group(0), text
    )
    cjk = [m.end() for m in _CJK.finditer(text)]
    k = int(len(cjk) * SPACE_RATE + rnd.random())
    if k:
        cuts = sorted(rnd.sample(cjk, min(k, len(cjk))))
        parts, last = [], 0
        for at in cuts:
            parts += [text[last:at], " "]
            last = at
        parts.append(text[last:])
        text = "".join(parts)
    lines = text.split("\n")
    if len(lines) > 8:
        lines.insert(len(lines) // 2, rnd.choice(_FOOTERS))
    return "\n".join(lines)
