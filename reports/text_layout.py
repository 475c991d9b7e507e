"""Measuring and wrapping label text without a browser.

The radar's labels are placed in Python (for the SVG shown without JavaScript and in the
PDF), so text widths come from a table of DejaVu Sans advance widths rather than from a
rendering engine. Both the SVG and the Plotly figure wrap axis titles with these functions.
"""

from __future__ import annotations

from collections.abc import Sequence

LABEL_FONT = 14.0

# Advance widths of DejaVu Sans in 1/1000 em, grouped by width (read from the font file once).
# Browsers without DejaVu fall back to a narrower sans-serif, so measured text never falls short.
_WIDTH_GROUPS = {
    275: "'", 278: "ijlìíîï", 295: "IJÌÍÎÏ", 318: " ,.\u00a0·‚‘’", 337: "/:;\\|¦", 352: "f",
    361: "-\u00ad", 390: "()[]", 392: "t", 401: "!¡²³¹", 411: "r", 460: '"', 471: "ªº",
    500: "*_`§¨¯°´¸–", 518: "„“”", 521: "s", 525: "z", 531: "?¿", 550: "cç", 557: "L", 575: "F",
    579: "k", 590: "•", 592: "vxyýÿ", 603: "P", 605: "Þ", 611: "TYÝ", 612: "o«»ðòóôõöø",
    613: "aàáâãäå", 615: "eèéêë", 630: "ß", 632: "EÈÉÊË", 634: "hnuñùúûü", 635: "Sbdgpqþ",
    636: "$0123456789{}¢£¤¥µ¶€", 656: "K", 684: "AVÀÁÂÃÄÅ", 685: "XZ", 686: "B", 695: "R",
    698: "CÇ", 732: "UÙÚÛÜ", 748: "NÑ", 752: "H", 770: "D", 775: "GÐ", 780: "&",
    787: "OQÒÓÔÕÖØ", 818: "w", 838: "#+<=>^~¬±×÷", 863: "M", 950: "%", 969: "¼½¾", 974: "mÆ",
    982: "æ", 989: "W", 1000: "@©®—…",
}
_WIDTHS = {char: width for width, chars in _WIDTH_GROUPS.items() for char in chars}
_UNKNOWN_WIDTH = 700  # wider than most glyphs: unknown text errs towards more room


def text_width(text: str, font_size: float) -> float:
    """Estimated rendered width, so labels can be wrapped and placed without a browser."""
    return sum(_WIDTHS.get(char, _UNKNOWN_WIDTH) for char in text) * font_size / 1000


def _greedy(words: Sequence[str], max_width: float, font_size: float) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and text_width(f"{lines[-1]} {word}", font_size) <= max_width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _balanced(words: Sequence[str], count: int, font_size: float) -> list[str]:
    """The narrowest greedy wrap into at most `count` lines (binary search over the width)."""
    low = max(text_width(word, font_size) for word in words)
    high = text_width(" ".join(words), font_size)
    while high - low > 0.5:
        middle = (low + high) / 2
        if len(_greedy(words, middle, font_size)) <= count:
            high = middle
        else:
            low = middle
    return _greedy(words, high, font_size)


def wrap_label(text: str, max_width: float, font_size: float = LABEL_FONT, max_lines: int = 3) -> list[str]:
    """Break an axis title into the fewest even lines (at most `max_lines`) that fit `max_width`.

    Never breaks inside a word. Lines are balanced ("Kunden, Marketing / und Vertrieb" rather
    than a lone last word) and a short word such as "und" is not left on a line of its own
    unless nothing else fits. When nothing fits, returns the narrowest wrap (without such a
    lonely word if possible): the caller makes room rather than cut a title off.
    """
    words = text.split() or [""]
    wraps = []
    for count in range(1, max_lines + 1):
        lines = _balanced(words, count, font_size)
        if lines not in wraps:
            wraps.append(lines)

    def width(lines: list[str]) -> float:
        return max(text_width(line, font_size) for line in lines)

    def tidy(lines: list[str]) -> bool:
        return len(lines) == 1 or not any(len(line) <= 3 for line in lines)

    fitting = [lines for lines in wraps if width(lines) <= max_width]
    for choice in ([lines for lines in fitting if tidy(lines)], fitting,
                   sorted((lines for lines in wraps if tidy(lines)), key=width), sorted(wraps, key=width)):
        if choice:
            return choice[0]
    raise AssertionError("unreachable: there is always at least one wrap")
