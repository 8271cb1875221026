"""The lint code registry: every code ``reportparse check`` can report, in one place.

A code is a letter prefix and three digits: ``D`` decoding, ``N`` noise, ``H``
headings. Each rule has a kebab-case name and documents what it finds, why it
matters and an example. Codes are stable: a retired code is never reused.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One lint rule: its code, name and documentation."""

    code: str
    name: str
    what: str
    why: str
    example: str
    default: bool = True  # checked unless deselected; False: only when selected by code or prefix


RULES: tuple[Rule, ...] = (
    Rule("D101", "undecodable-bytes",
         "Bytes that are not valid in the detected encoding; each was replaced by U+FFFD.",
         "Replaced bytes are lost text. A wrong guess or a damaged file is the usual cause.",
         "a download cut off inside a character, or a file damaged in transfer; fix with --encoding "
         "if the guess was wrong, else by re-saving the file"),
    Rule("D102", "implausible-text",
         "The decoded text is full of characters a Chinese report does not use (kana, Cyrillic, private use).",
         "The detected encoding is probably wrong, and the whole text is garbled.",
         "a Japanese EUC-JP file read as GB18030; fix with --encoding"),
    Rule("D103", "mixed-encodings",
         "Some lines are GB18030 and the others UTF-8: each line was read in the encoding it is valid in.",
         "A file pasted together from two sources; no single --encoding reads it, so check the seams.",
         "a UTF-8 report with a GBK paragraph pasted in"),
    Rule("N101", "noise-in-paragraph",
         "Page furniture (a page number, a running header) found inside a sentence and cut out.",
         "The text was extracted across a page break; check that the sentence reads right.",
         "我们进一步加强第 2 页 共 4 页队伍建设。", default=False),
    Rule("H101", "ordinal-gap",
         "A heading number skips one or more numbers of its sequence.",
         "A missing heading is usually a lost line or a numbering mistake.",
         "四、… followed by 六、…"),
    Rule("H102", "duplicate-ordinal",
         "A heading repeats the number of the heading before it in its sequence.",
         "Two headings with one number are a numbering mistake or a duplicated block.",
         "（二）… followed by （二）…"),
    Rule("H103", "sequence-start",
         "A sequence of headings starts at a number other than 1.",
         "The start of the sequence is missing, or the text is an excerpt.",
         "第三章 … as the first chapter"),
    Rule("H104", "out-of-order",
         "A line starts with a marker that goes back in the open sequence, so it was not taken for a heading.",
         "Headings out of order are a numbering mistake or blocks pasted in the wrong place.",
         "一、… 三、… 二、…"),
    Rule("H105", "mixed-punctuation",
         "Headings of one sequence use different punctuation after the number.",
         "GB/T 9704 uses one form per level; mixed forms suggest merged documents or typos.",
         "1、… beside 2.…"),
    Rule("H106", "doubled-punctuation",
         "A heading marker has its punctuation twice.",
         "A typo that some readers and converters do not take for a heading.",
         "二、、主要做法"),
    Rule("H107", "level-against-gbt-order",
         "A heading is nested under a heading that GB/T 9704 ranks below it.",
         "GB/T 9704 orders levels 一、 > （一） > 1. > （1）; an inverted order confuses readers.",
         "（一）… containing 一、…", default=False),
    Rule("H108", "empty-section",
         "A short heading (at most 20 characters, no sentence punctuation) with neither text nor "
         "sub-headings, in a sequence of three or more whose other headings all have some; not the last one.",
         "Its content was probably lost, or the heading is a stray line. A numbered item that is a "
         "sentence of its own (（一）是本案当事人的近亲属的；) is a list item, not an empty section.",
         "（二）组织保障 directly followed by （三）资金保障, when （一） and （三） have text"),
    Rule("H109", "long-heading",
         "A heading title longer than 40 characters with no sentence punctuation in it (off by default: "
         "long list items without commas are common in laws).",
         "A heading and its text have probably run together (a lost line break or full stop). A long "
         "title that is a sentence with commas is the text of a list item, not a long heading.",
         "1. 今年以来我们坚持以人民为中心的发展思想持续深化改革扩大开放推动经济社会高质量发展取得了显著成效",
         default=False),
    Rule("H110", "inline-heading",
         "A heading found inside a line, after the end of a sentence (one finding per line).",
         "A line break was lost in extraction; the text before it belongs to another block.",
         "……取得明显成效。二、存在问题"),
)

BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
