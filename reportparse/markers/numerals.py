"""Chinese, Arabic, circled and Latin ordinals to integers."""

from __future__ import annotations

_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6, "柒": 7, "捌": 8, "玖": 9,
}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}

#: Characters that may appear in a Chinese numeral.
CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS) + "廿"


def chinese_to_int(s: str) -> int | None:
    """Value of a Chinese numeral such as 一, 十二, 二十, 一百零五, 廿一; None if malformed."""
    if not s:
        return None
    if s[0] == "廿":
        rest = chinese_to_int(s[1:]) if len(s) > 1 else 0
        return None if rest is None or rest > 9 else 20 + rest
    if all(ch in _DIGITS for ch in s) and len(s) > 1:
        # 二〇二四 style: digit by digit (a year, not an ordinal, but well-formed)
        value = 0
        for ch in s:
            value = value * 10 + _DIGITS[ch]
        return value
    total, digit, last_unit = 0, None, 10_000
    for ch in s:
        if ch in _DIGITS:
            if digit is not None and _DIGITS[ch] != 0:
                return None  # two digits in a row: 一二
            digit = _DIGITS[ch] if _DIGITS[ch] != 0 else None
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
    if digit is not None:
        total += digit
    return total or None


def circled_to_int(ch: str) -> int | None:
    """① … ⑳ and ㉑ … ㊿ to 1 … 50; ⑴ … ⒇ to 1 … 20; ㈠ … ㈩ to 1 … 10."""
    cp = ord(ch)
    if 0x2460 <= cp <= 0x2473:
        return cp - 0x2460 + 1
    if 0x3251 <= cp <= 0x325F:
        return cp - 0x3251 + 21
    if 0x32B1 <= cp <= 0x32BF:
        return cp - 0x32B1 + 36
    if 0x2474 <= cp <= 0x2487:
        return cp - 0x2474 + 1
    if 0x3220 <= cp <= 0x3229:
        return cp - 0x3220 + 1
    return None


def ordinal_value(raw: str) -> int | None:
    """Value of an ordinal written in Arabic digits, Chinese numerals, or one Latin letter."""
    s = raw.strip()
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    if len(s) == 1 and "a" <= s.lower() <= "z":
        return ord(s.lower()) - ord("a") + 1
    if len(s) == 1 and circled_to_int(s):
        return circled_to_int(s)
    return chinese_to_int(s)
