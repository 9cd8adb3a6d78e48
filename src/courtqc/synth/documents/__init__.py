"""Render the synthetic court's closing documents in the layout real courts use.

One `documents` row per closed case that ends with a document:

=====================  ==========================================  ============================
case                   closing (cases.closing_method /              document (kind, title)
                       appeal_results.result)
=====================  ==========================================  ============================
criminal, first        judgment                                    judgment, 刑事判决书
criminal, second       upheld / remanded / withdrawn               ruling, 刑事裁定书
criminal, second       modified / partly_modified                  judgment, 刑事判决书
civil*, first          judgment                                    judgment, 民事判决书
civil*, first          mediation                                   mediation, 民事调解书
civil*, first          withdrawal (准许撤诉) / dismissal (驳回起诉)  ruling, 民事裁定书
civil*, second         upheld / modified / partly_modified         judgment, 民事判决书
civil*, second         remanded / withdrawn / dismissed            ruling, 民事裁定书
administrative         as civil (判决 / 裁定, no mediation)          行政判决书 / 行政裁定书
enforcement            termination_current (终本)                  ruling, 执行裁定书
=====================  ==========================================  ============================

(civil* = the civil, commercial, ip, maritime and financial families.) Other closings
(enforced in full, transfer, bankruptcy ...) get no document here.

Follow-up rulings (之N): a closed civil first instance whose plaintiff had property preserved
during the suit (a 执保 case with ``origin_relation = 'preservation'`` pointing at it) also gets
the preservation ruling, 民事裁定书 numbered with the suit's number and 之一, 之二 … in the order
the 执保 cases were filed, dated the 执保 filing day, written right after the closing document.
A criminal case tried separately (分案) is a case of its own whose case_no carries the 之N.

Truth is preserved: every name, number, date and amount in a document is read from the
canonical tables (FIELD_SOURCES lists where each comes from), so extraction can be checked by
a round trip. Where the tables carry a planted defect (a wrong late-interest article, an
omitted late-interest clause, a wrong sentence end date, an interest rate over the cap) the
document shows exactly that defect. The prose between the values (facts, reasons, defences)
is boilerplate in the courts' style, varied deterministically from the seed and case id.

Speed: the inputs are read with a handful of set-based queries per chunk of cases, dates
travel as day numbers and amounts as text (both cheap to hand to Python), and documents are
inserted through pyarrow a chunk at a time.

Layout of the package, one module per family of documents (each imports only the ones above
it):

==============  ===============================================================================
sources         FIELD_SOURCES and NOT_IN_TABLES (where each rendered value comes from)
text            formatting helpers, role labels, law-version dates, ``_Var`` (the choices)
records         the rows read from the store, a chunk of cases at a time
courts          courts and judges: names, appeal court, signature lines
paragraphs      the shared pieces: heading, party paragraphs, numbered items
civil           civil and administrative first instance (judgment, mediation, ruling)
appeal          civil and administrative second instance
criminal        criminal first and second instance
enforcement     the 终本 ruling
preservation    the follow-up preservation rulings (之N)
render          which document each case gets, and ``render_documents``
paper           the papers of a case's life (issue 18): ``Paper`` (kind, lines, truth), shared bits
noise           OCR-like noise at a documented rate
prosecution     the indictment (起诉书)
transcripts     the hearing transcript (庭审笔录)
petitions       appeal petition, enforcement application, power of attorney, 行政起诉状
notices         acceptance / response / evidence / fee notices, summons, payment order
enforcement_papers  the 变更追加 ruling and the 执行完毕 结案通知书
papers          which case gets which paper, ``render_papers``, ``labelled_set``
pleading_texts  how each element of the seven element-trial types is written
pleadings       complaint, defence and evidence list with known elements (``pleadings``)
court_pleadings the element-trial cases' pleadings in the court, ``truth_elements``
==============  ===============================================================================
"""

from courtqc.synth.documents.criminal import CHARGE_ARTICLES
from courtqc.synth.documents.render import CHUNK_CASES, CIVIL_FAMILIES, render_documents
from courtqc.synth.documents.sources import FIELD_SOURCES, NOT_IN_TABLES
from courtqc.synth.documents.text import format_duration, int_to_cn

__all__ = [
    "CHARGE_ARTICLES",
    "CHUNK_CASES",
    "CIVIL_FAMILIES",
    "FIELD_SOURCES",
    "NOT_IN_TABLES",
    "format_duration",
    "int_to_cn",
    "render_documents",
]
