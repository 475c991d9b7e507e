"""What a hub may publish about its firms: the disclosure-control rules, over plain counts.

The hub portal shows, per cell of a breakdown (industry x size class, region, ...) in one
closed quarter, how many firms there are and per area the median and quartiles of their
scores and how many are at each level. These figures must never tell anyone a single firm's
level, or one of its area scores to within +-10 points, even someone who knows every firm's
categories, every published figure and the exact answers of two firms (docs/aggregates.md).

Input contract, so that the app fills it from SQL without re-scoring anything: one `Group`
per combination of the categories that any published breakdown uses (one `GROUP BY industry,
size_class, region` over the stored results of the hub's scope in the quarter), holding the
number of firms and, per area (dimension, or the overall score), a histogram of scores in
`scoring.aggregate` buckets (0.1 points; `NOT_ASSESSED` for a firm without a score there)
and the number of firms per level id (`NO_LEVEL` for a firm without one). Both count every
firm of the group exactly once per area. Groups may be finer than needed; they are merged.

The rules (the why of each is in docs/aggregates.md):
- threshold: a cell of fewer than `threshold` firms (10; never below 5) shows nothing;
  quartiles also need `QUARTILE_MINIMUM` firms with a score in that area.
- attribute: a cell where, in any area, all or all but two firms share one level shows
  nothing (the level shares would tell everyone's level); an area whose scores, all but two,
  lie within 20 points shows no quartiles (they would pin those scores).
- complementary: cells whose figures would let a withheld one be worked out by subtraction,
  along any margin or across breakdowns, are withheld too (scoring.suppression).
A snapshot is made once, when its quarter closes, and never recomputed (see `snapshot`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .aggregate import BUCKETS_PER_POINT, quartiles
from .audit import level_leaks
from .suppression import Key, complementary

Reason = Literal["threshold", "complementary", "attribute"]

THRESHOLD = 10
"""Fewest firms a published cell may have; a hub may raise it, never below THRESHOLD_FLOOR."""
THRESHOLD_FLOOR = 5
QUARTILE_MINIMUM = 10
"""Fewest scored firms for a median and quartiles: below ten the middle half is four firms or fewer."""
KNOWN_FIRMS = 2
"""How many firms' exact answers the attacker may know (its own clients, say)."""
SCORE_MARGIN = 10.0
"""Nobody may learn a firm's area score to within this many points either side."""
NOT_ASSESSED = -1
"""The histogram bucket of a firm without a score in an area (as in the app's score_histogram)."""
NO_LEVEL = "_none"
"""The level id counted for a firm without a level in an area."""


@dataclass(frozen=True)
class AreaCounts:
    """One area of a group: scores per 0.1-point bucket, and firms per level id."""

    histogram: Mapping[int, int]
    levels: Mapping[str, int]


@dataclass(frozen=True)
class Group:
    """Firms sharing every category the breakdowns use, in one closed quarter."""

    categories: Mapping[str, str]
    firms: int
    areas: Mapping[str, AreaCounts]


@dataclass(frozen=True)
class Breakdown:
    """A table to publish: one cell per combination of these categories (none: all firms)."""

    name: str
    dimensions: tuple[str, ...]


@dataclass(frozen=True)
class AreaFigures:
    """What a cell publishes for one area; None where withheld, with the reason."""

    median: float | None
    q1: float | None
    q3: float | None
    levels: Mapping[str, int] | None  # level id -> firms; pages show them as shares of `firms`
    suppressed: Reason | None = None


@dataclass(frozen=True)
class CellFigures:
    categories: Key  # (dimension, value) pairs in the breakdown's order
    firms: int | None
    areas: Mapping[str, AreaFigures]
    suppressed: Reason | None = None


@dataclass(frozen=True)
class Table:
    breakdown: Breakdown
    cells: tuple[CellFigures, ...]


@dataclass(frozen=True)
class Snapshot:
    """Every figure published for one hub and one closed quarter; frozen once made."""

    quarter: str
    threshold: int
    tables: tuple[Table, ...]

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.breakdown.name == name)


@dataclass(frozen=True)
class Tally:
    """Groups added up: what a cell, or any set of firms derived from cells, holds."""

    firms: int = 0
    histograms: Mapping[str, Counter[int]] = field(default_factory=dict)
    levels: Mapping[str, Counter[str]] = field(default_factory=dict)


def tally(groups: Iterable[Group]) -> Tally:
    firms = 0
    histograms: dict[str, Counter[int]] = {}
    levels: dict[str, Counter[str]] = {}
    for g in groups:
        firms += g.firms
        for area, counts in g.areas.items():
            histograms.setdefault(area, Counter()).update(counts.histogram)
            levels.setdefault(area, Counter()).update(counts.levels)
    return Tally(firms, histograms, levels)


def check_threshold(threshold: int) -> int:
    if threshold < THRESHOLD_FLOOR:
        raise ValueError(f"the threshold must be at least {THRESHOLD_FLOOR} firms, not {threshold}")
    return threshold


def cell_reason(firms: int, level_counts: Iterable[Iterable[int]], threshold: int) -> Reason | None:
    """Why a cell (or a set of firms derived from cells) may not be shown; None when it may.

    `level_counts`: per area, its firms per level. All but two at one level would let someone
    who knows two firms' answers read every other firm's level off the counts.
    """
    if firms < threshold:
        return "threshold"
    if firms > 0 and any(max(counts, default=0) >= firms - KNOWN_FIRMS for counts in level_counts):
        return "attribute"
    return None


def scores_reason(histogram: Mapping[int, int], threshold: int) -> Reason | None:
    """Why an area's median and quartiles may not be shown in a cell that is shown otherwise."""
    scores = sorted((b, c) for b, c in histogram.items() if b != NOT_ASSESSED and c > 0)
    scored = sum(c for _, c in scores)
    if scored < max(threshold, QUARTILE_MINIMUM):
        return "threshold"
    width = int(2 * SCORE_MARGIN * BUCKETS_PER_POINT)
    start, inside = 0, 0
    for b, c in scores:  # the most scores inside any window of 20 points
        inside += c
        while scores[start][0] < b - width:
            inside -= scores[start][1]
            start += 1
        if inside >= scored - KNOWN_FIRMS:
            return "attribute"
    return None


def rounded_count(n: int) -> int:
    """The running quarter's count of completed checks, rounded down to a multiple of five.

    Down, so that one to four checks show as 0: a single firm's check never shows up on its own.
    """
    if n < 0:
        raise ValueError("a count cannot be negative")
    return n - n % 5


def snapshot(quarter: str, groups: Sequence[Group], breakdowns: Sequence[Breakdown], *,
             threshold: int = THRESHOLD, suppress: bool = True) -> Snapshot:
    """The figures of every breakdown for one hub and one closed quarter, withheld ones None.

    Make it once, when the quarter closes, and store it: a quarter recomputed after a firm left
    could be subtracted from the first one. Nothing here adds quarters up (there is no year
    total), so no published figure covers two quarters and quarters cannot be subtracted from
    one another. `suppress=False` applies no rule at all: only for tests that show what the
    rules stop.
    """
    check_threshold(threshold)
    groups = _merged(groups, breakdowns)
    members: dict[Key, list[int]] = {}
    for b in breakdowns:
        for i, g in enumerate(groups):
            members.setdefault(_key(b, g), []).append(i)
    cells = {k: frozenset(v) for k, v in members.items()}
    reasons = _withheld(groups, cells, threshold) if suppress else {}
    tables = tuple(Table(b, tuple(_figures(k, tally(groups[i] for i in cells[k]), reasons.get(k), threshold, suppress)
                                  for k in sorted({_key(b, g) for g in groups})))
                   for b in breakdowns)
    return Snapshot(quarter=quarter, threshold=threshold, tables=tables)


def _withheld(groups: Sequence[Group], cells: Mapping[Key, frozenset[int]], threshold: int) -> dict[Key, Reason]:
    """Primary suppression, then complementary cells until neither subtraction nor bounds give a firm away.

    When the bounds audit finds a group whose level is out, a published cell holding that group
    is withheld too (of the finest breakdown, the smallest), and everything is looked at again.
    """
    judge = _Judge(groups, threshold)
    reasons: dict[Key, Reason] = {k: r for k, m in cells.items() if (r := judge.reason(m))}
    levels = [{a: c.levels for a, c in g.areas.items()} for g in groups]
    while True:
        for k in complementary(groups=[g.categories for g in groups], firms=[g.firms for g in groups],
                               published=cells, withheld=set(reasons), unsafe=judge.unsafe,
                               overlap_leaks=judge.overlap_leaks):
            reasons[k] = "complementary"
        shown = sorted(k for k in cells if k not in reasons)
        leaks = level_leaks([g.firms for g in groups], levels,
                            [(cells[k], judge.level_counts(cells[k])) for k in shown])
        if not leaks:
            return reasons
        for leak in leaks:
            cell = _mend(leak.group, cells, shown, reasons, judge)
            if cell is not None:
                reasons[cell] = "complementary"


def _mend(group: int, cells: Mapping[Key, frozenset[int]], shown: Sequence[Key], reasons: Mapping[Key, Reason],
          judge: _Judge) -> Key | None:
    """The cell to withhold when the audit pins a group's level: of the finest breakdown, the smallest holding it.

    The total is withheld last: it is the figure a hub reports first. When every other cell
    holding the group is withheld already, a further cell of one of those breakdowns is
    withheld instead, so that what the breakdown leaves unexplained covers more firms.
    """
    def order(k: Key) -> tuple[int, int, Key]:
        return -len(k), judge.firms(cells[k]), k

    open_cells = [k for k in shown if k not in reasons]
    holding = [k for k in open_cells if group in cells[k]]
    if any(holding):  # a key is empty only for the total
        return min((k for k in holding if k), key=order)
    tables = {tuple(d for d, _ in k) for k in reasons if k and group in cells[k]}
    partners = [k for k in open_cells if k and tuple(d for d, _ in k) in tables]
    return min(partners, key=order) if partners else min(holding, key=order, default=None)


def _key(b: Breakdown, g: Group) -> Key:
    return tuple((d, g.categories[d]) for d in b.dimensions)


def _merged(groups: Sequence[Group], breakdowns: Sequence[Breakdown]) -> list[Group]:
    """The groups at the finest level the breakdowns use (the app may send finer ones)."""
    used = sorted({d for b in breakdowns for d in b.dimensions})
    by_key: dict[tuple[str, ...], list[Group]] = {}
    for g in groups:
        if any(sum(c.histogram.values()) != g.firms or sum(c.levels.values()) != g.firms for c in g.areas.values()):
            raise ValueError(f"group {dict(g.categories)}: each area must count each of its {g.firms} firms once")
        by_key.setdefault(tuple(g.categories[d] for d in used), []).append(g)
    merged = []
    for values, same in sorted(by_key.items()):
        t = tally(same)
        merged.append(Group(dict(zip(used, values, strict=True)), t.firms,
                            {a: AreaCounts(dict(t.histograms[a]), dict(t.levels[a])) for a in t.levels}))
    return [g for g in merged if g.firms > 0]


def _figures(key: Key, t: Tally, reason: Reason | None, threshold: int, suppress: bool) -> CellFigures:
    if reason is not None:
        return CellFigures(key, None, {a: AreaFigures(None, None, None, None, reason) for a in t.levels}, reason)
    areas = {}
    for area in t.levels:
        histogram = {b: c for b, c in t.histograms[area].items() if b != NOT_ASSESSED}
        why = scores_reason(histogram, threshold) if suppress else None
        band = quartiles(histogram) if why is None else None
        areas[area] = AreaFigures(band.median if band else None, band.low if band else None,
                                  band.high if band else None, dict(t.levels[area]), why)
    return CellFigures(key, t.firms, areas)


class _Judge:
    """Answers the suppression's questions about sets of groups, from the groups' level counts.

    The suppression asks about many thousands of sets of groups, so each group's level counts
    are one flat row of numbers (every area's levels side by side) and a set's counts are the
    column sums of its rows, kept once worked out.
    """

    def __init__(self, groups: Sequence[Group], threshold: int) -> None:
        self.threshold = threshold
        areas = sorted({a for g in groups for a in g.areas})
        self.slots = [(a, lv) for a in areas for lv in sorted({lv for g in groups if a in g.areas
                                                                 for lv in g.areas[a].levels})]
        self.spans = [(a, [i for i, (b, _) in enumerate(self.slots) if b == a]) for a in areas]
        self.group_firms = [g.firms for g in groups]
        self.sizes: dict[frozenset[int], int] = {}
        self.rows = [tuple(g.areas[a].levels.get(lv, 0) if a in g.areas else 0 for a, lv in self.slots)
                     for g in groups]
        self.zero = (0,) * len(self.slots)
        self.sums: dict[frozenset[int], tuple[int, ...]] = {}

    def counts(self, members: frozenset[int]) -> tuple[int, ...]:
        """Firms per (area, level) slot of a set of groups."""
        if members not in self.sums:
            self.sums[members] = tuple(map(sum, zip(*(self.rows[i] for i in members), strict=True))) \
                if members else self.zero
        return self.sums[members]

    def firms(self, members: frozenset[int]) -> int:
        if members not in self.sizes:
            self.sizes[members] = sum(self.group_firms[i] for i in members)
        return self.sizes[members]

    def level_counts(self, members: frozenset[int]) -> dict[str, dict[str, int]]:
        counts = self.counts(members)
        return {a: {self.slots[i][1]: counts[i] for i in span} for a, span in self.spans}

    def reason(self, members: frozenset[int]) -> Reason | None:
        counts = self.counts(members)
        return cell_reason(self.firms(members), ((counts[i] for i in span) for _, span in self.spans), self.threshold)

    def unsafe(self, members: frozenset[int], assisted: bool) -> bool:
        """A set of firms whose level counts are known: too few (unless the attacker's own), or too alike."""
        reason = self.reason(members)
        return reason == "attribute" or (reason == "threshold" and not assisted)

    def overlap_leaks(self, only_a: frozenset[int], only_b: frozenset[int], both: frozenset[int]) -> bool:
        """Would subtracting B's level counts from A's pin the level of the firms only in A?

        The attacker knows A_L - B_L = (only A)_L - (only B)_L for every level L. Knowing e firms
        of "only B" at L and d firms of "only A" not at L (e + d <= 2), it has at least
        (only A)_L - min(firms in both not at L, (only B)_L - e) of the unknown "only A" firms at L;
        when that is all of them, their level is out.
        """
        a_firms = self.firms(only_a)
        if a_firms == 0:
            return False
        a, b, m = self.counts(only_a), self.counts(only_b), self.counts(both)
        m_firms = self.firms(both)
        for i, at in enumerate(a):
            if at == 0:
                continue  # at least one unknown firm of "only A" is never at a level none of them is at
            others_in_b, free_in_both = b[i], m_firms - m[i]
            for e in range(min(KNOWN_FIRMS, others_in_b) + 1):
                for d in range(min(KNOWN_FIRMS - e, a_firms - at) + 1):
                    unknown = a_firms - d
                    if unknown >= 1 and at - unknown >= min(free_in_both, others_in_b - e):
                        return True
        return False
