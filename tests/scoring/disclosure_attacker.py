"""An attacker on published hub figures, and the hub population it attacks (used by test_disclosure_attack).

The attacker knows every figure of the snapshots, every firm's categories and the exact answers
of at most two firms. It works only from those; the test hands it the two firms that help it
most (worst case), and checks each thing it learns against the truth.

Levels: per quarter and area the unknowns are x[group, level], the firms of a group (same
industry, size class and region) at that level. Every published level count is one sum of
them, every group's size another; bounds are tightened through all the sums until nothing
changes (differencing along any margin, across breakdowns, tracker padding, overlapping
breakdowns and a dominant industry are all such sums). It has learnt a level when the unknown
firms of a group must all be at one level. Beside the bounds, exact linear algebra over the
published cells finds every cell, hidden cross-tabulation or difference of two cells whose
level counts follow exactly.

Scores: from a cell's median and quartiles and the two known scores, the possible scores of
every rank in sorted order (a chain of intervals, exact for a chain); a firm's score is pinned
when every unknown firm of the cell must lie within 20 points. Intersected across all cells
holding a group, for firms in small groups.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

from scoring.aggregate import bucket
from scoring.disclosure import AreaCounts, Breakdown, Group, Snapshot

AREAS = ("strategy", "processes", "data")
LEVELS = ("beginner", "explorer", "practitioner", "advanced", "leader")  # 20-point bands, as in example.yaml
INDUSTRIES = ("manufacturing", "trade", "crafts", "services", "it", "tourism")
SIZES = ("micro", "small", "medium")
REGIONS = ("north", "south", "east", "west")
QUARTERS = ("2025-Q3", "2025-Q4", "2026-Q1")
BREAKDOWNS = (Breakdown("all", ()), Breakdown("industry", ("industry",)), Breakdown("size", ("size_class",)),
              Breakdown("region", ("region",)), Breakdown("industry x size", ("industry", "size_class")),
              Breakdown("region x industry", ("region", "industry")))
DIMS = ("industry", "size_class", "region")


def level_of(score: float) -> str:
    return LEVELS[min(4, int(score // 20))]


@dataclass(frozen=True)
class Firm:
    id: int
    quarter: str
    industry: str
    size_class: str
    region: str
    scores: Mapping[str, float]

    @property
    def group(self) -> tuple[str, str, str]:
        return (self.industry, self.size_class, self.region)

    def level(self, area: str) -> str:
        return level_of(self.scores[area])


def population(seed: int = 15) -> list[Firm]:
    """A hub over three quarters, with the awkward corners the issue names.

    Crafts dominate the east; tourism is a handful of firms; IT x medium (all in the west) is
    a group of exactly 10 that becomes 9; trade x micro in the north is one level nearly throughout.
    """
    rng = random.Random(seed)
    firms: list[Firm] = []
    mean = {"manufacturing": 52, "trade": 42, "crafts": 35, "services": 48, "it": 66, "tourism": 40}

    def add(quarter: str, industry: str, size: str, region: str, centre: float, spread: float = 10) -> None:
        base = rng.gauss(centre, 14)
        scores = {a: round(min(100.0, max(0.0, rng.gauss(base, spread))), 1) for a in AREAS}
        firms.append(Firm(len(firms), quarter, industry, size, region, scores))

    for q, total in zip(QUARTERS, (190, 170, 150), strict=True):
        for _ in range(total):
            region = rng.choice(REGIONS)
            industry = "crafts" if region == "east" and rng.random() < 0.85 else rng.choice(INDUSTRIES[:5])
            size = rng.choices(SIZES, weights=(5, 3, 2))[0]
            if (industry, size) == ("it", "medium"):
                size = "small"
            add(q, industry, size, region, mean[industry])
        for _ in range(10 if q == QUARTERS[0] else 9):
            add(q, "it", "medium", "west", mean["it"])
        for _ in range(rng.randint(1, 3)):
            add(q, "tourism", rng.choice(SIZES), rng.choice(REGIONS), mean["tourism"])
        for _ in range(12):  # nearly all explorers
            add(q, "trade", "micro", "north", 30, spread=3)
    return firms


def groups_of(firms: Iterable[Firm]) -> list[Group]:
    """What the app's GROUP BY would deliver: per group, histograms and level counts per area."""
    by: dict[tuple[str, str, str], list[Firm]] = {}
    for f in firms:
        by.setdefault(f.group, []).append(f)
    return [Group(dict(zip(DIMS, key, strict=True)), len(fs),
                  {a: AreaCounts(dict(Counter(bucket(f.scores[a]) for f in fs)), dict(Counter(f.level(a) for f in fs)))
                   for a in AREAS})
            for key, fs in sorted(by.items())]


@dataclass(frozen=True)
class Finding:
    quarter: str
    group: tuple[str, str, str]
    area: str
    what: str  # "level L" or "score a..b"
    known: tuple[int, ...]


@dataclass
class _Equations:
    """Sums over x[group, level] for one quarter and area: published level counts and group sizes."""

    groups: list[tuple[str, str, str]]
    size: list[int]
    rows: list[tuple[list[int], int]]
    by_var: list[list[int]]

    @classmethod
    def of(cls, snap: Snapshot, firms: Sequence[Firm], area: str) -> _Equations:
        count = Counter(f.group for f in firms)
        groups = sorted(count)
        index = {g: i for i, g in enumerate(groups)}
        nl = len(LEVELS)
        rows: list[tuple[list[int], int]] = []
        for table in snap.tables:
            for cell in table.cells:
                figures = cell.areas.get(area)
                if figures is None or figures.levels is None:
                    continue
                inside = [index[g] for g in groups if all(dict(zip(DIMS, g, strict=True))[d] == v for d, v in cell.categories)]
                rows += [([i * nl + li for i in inside], figures.levels.get(level, 0)) for li, level in enumerate(LEVELS)]
        rows += [([i * nl + li for li in range(nl)], count[g]) for i, g in enumerate(groups)]
        by_var: list[list[int]] = [[] for _ in range(len(groups) * nl)]
        for r, (variables, _) in enumerate(rows):
            for v in variables:
                by_var[v].append(r)
        return cls(groups, [count[g] for g in groups], rows, by_var)

    def bounds(self, lo: list[int] | None = None, hi: list[int] | None = None,
               changed: Iterable[int] = ()) -> tuple[list[int], list[int]]:
        """Tighten to a fixpoint; from a fixpoint, only the sums holding `changed` variables are looked at first."""
        nl = len(LEVELS)
        todo = [r for v in changed for r in self.by_var[v]] if lo else list(range(len(self.rows)))
        lo = list(lo) if lo else [0] * (len(self.groups) * nl)
        hi = list(hi) if hi else [self.size[v // nl] for v in range(len(self.groups) * nl)]
        queued = set(todo)
        while todo:
            r = todo.pop()
            queued.discard(r)
            variables, total = self.rows[r]
            sum_lo, sum_hi = sum(lo[v] for v in variables), sum(hi[v] for v in variables)
            for v in variables:
                new_lo, new_hi = max(lo[v], total - (sum_hi - hi[v])), min(hi[v], total - (sum_lo - lo[v]))
                if (new_lo, new_hi) != (lo[v], hi[v]):
                    sum_lo, sum_hi = sum_lo + new_lo - lo[v], sum_hi + new_hi - hi[v]
                    lo[v], hi[v] = new_lo, new_hi
                    for other in self.by_var[v]:
                        if other not in queued:
                            queued.add(other)
                            todo.append(other)
        return lo, hi


def level_attack(snap: Snapshot, firms: Sequence[Firm], first_only: bool = False) -> list[Finding]:
    """Bounds through every published sum, with the two known firms that help most."""
    found: list[Finding] = []
    nl = len(LEVELS)
    for area in AREAS:
        eq = _Equations.of(snap, firms, area)
        base_lo, base_hi = eq.bounds()
        members: dict[tuple[str, str, str], list[Firm]] = {}
        for f in firms:
            members.setdefault(f.group, []).append(f)
        for i, g in enumerate(eq.groups):
            for li, level in enumerate(LEVELS):
                others = [f for f in members[g] if f.level(area) != level]
                if len(others) > 2 or len(others) == len(members[g]):
                    continue  # the rest cannot all be at this level
                for known in _helpers(others, eq, i, li, members, area):
                    lo, hi = list(base_lo), list(base_hi)
                    changed = []
                    for f in known:
                        v = eq.groups.index(f.group) * nl + LEVELS.index(f.level(area))
                        lo[v] = max(lo[v], sum(1 for k in known if k.group == f.group and k.level(area) == f.level(area)))
                        changed.append(v)
                    lo, hi = eq.bounds(lo, hi, changed)
                    in_group = sum(1 for k in known if k.group == g)
                    if lo[i * nl + li] >= eq.size[i] - in_group:
                        found.append(Finding(snap.quarter, g, area, f"level {level}", tuple(k.id for k in known)))
                        if first_only:
                            return found
                        break
    return found


def _helpers(others: list[Firm], eq: _Equations, target: int, li: int, members: Mapping[tuple[str, str, str], list[Firm]],
             area: str) -> Iterable[list[Firm]]:
    """Sets of at most two known firms: the target group's odd ones out, plus firms of small groups near it."""
    yield others
    spare = 2 - len(others)
    if spare == 0:
        return
    near = sorted(range(len(eq.groups)), key=lambda j: (eq.size[j], j))
    near = [j for j in near if j != target and _share_a_sum(eq, target, j)][:16]
    for j in near:
        group = members[eq.groups[j]]
        for same in (True, False):
            pick = [f for f in group if (f.level(area) == LEVELS[li]) == same][:spare]
            if pick:
                yield others + pick
    if spare == 2:  # one firm each of two nearby groups (more than the suppression's own audit tries)
        for a, b in combinations(near[:6], 2):
            for fa in {f.level(area): f for f in members[eq.groups[a]]}.values():
                for fb in {f.level(area): f for f in members[eq.groups[b]]}.values():
                    yield [fa, fb]


def _share_a_sum(eq: _Equations, a: int, b: int) -> bool:
    nl = len(LEVELS)
    return any(b * nl in eq.rows[r][0] and len(eq.rows[r][0]) <= 12 for r in eq.by_var[a * nl])


def exact_attack(snap: Snapshot, firms: Sequence[Firm]) -> list[Finding]:
    """Linear algebra: every hidden cell, or difference of cells, whose level counts follow exactly."""
    found = []
    groups = sorted({f.group for f in firms})
    count = Counter(f.group for f in firms)
    published = [(c, {g for g in groups if all(dict(zip(DIMS, g, strict=True))[d] == v for d, v in c.categories)})
                 for t in snap.tables for c in t.cells if c.firms is not None]
    basis = _Span([[Fraction(int(g in inside)) for g in groups] for _, inside in published])
    candidates: set[frozenset[tuple[str, str, str]]] = set()
    for dims in ((), *[(d,) for d in DIMS], *combinations(DIMS, 2), DIMS):
        for g in groups:
            candidates.add(frozenset(h for h in groups if all(h[DIMS.index(d)] == g[DIMS.index(d)] for d in dims)))
    sets = [frozenset(inside) for _, inside in published]
    candidates |= {a - b for a in sets for b in sets if a & b and a - b}
    for s in sorted(candidates, key=lambda s: (len(s), sorted(s))):
        combination = basis.solve([Fraction(int(g in s)) for g in groups])
        if combination is None:
            continue
        n = sum(count[g] for g in s)
        for area in AREAS:
            levels = {level: sum(w * (published[j][0].areas[area].levels or {}).get(level, 0)
                                 for j, w in combination.items()) for level in LEVELS}
            top, most = max(levels.items(), key=lambda kv: kv[1])
            if most >= n - 2 and most >= 1:  # the attacker knows the (at most two) others: the rest are `top`
                found.append(Finding(snap.quarter, min(s), area, f"level {top} ({n} firms)", ()))
    return found


class _Span:
    """Rows in reduced echelon form, each remembering which published cells it is made of."""

    def __init__(self, rows: list[list[Fraction]]) -> None:
        self.rows: list[tuple[int, list[Fraction], dict[int, Fraction]]] = []
        for j, row in enumerate(rows):
            rest, made = self._reduce(list(row), {j: Fraction(1)})
            pivot = next((k for k, x in enumerate(rest) if x), None)
            if pivot is not None:
                p = rest[pivot]
                self.rows.append((pivot, [x / p for x in rest], {k: w / p for k, w in made.items()}))

    def _reduce(self, row: list[Fraction], made: dict[int, Fraction]) -> tuple[list[Fraction], dict[int, Fraction]]:
        for pivot, r, m in self.rows:
            if row[pivot]:
                f = row[pivot]
                row = [a - f * b for a, b in zip(row, r, strict=True)]
                for k, w in m.items():
                    made[k] = made.get(k, Fraction(0)) - f * w
        return row, made

    def solve(self, target: list[Fraction]) -> dict[int, Fraction] | None:
        rest, made = self._reduce(list(target), {})
        return None if any(rest) else {k: -w for k, w in made.items() if w}


def score_attack(snap: Snapshot, firms: Sequence[Firm], first_only: bool = False) -> list[Finding]:
    """Quartiles and two known scores: pin every unknown firm of a cell to 20 points?"""
    found = []
    by_group: dict[tuple[str, str, str], list[Firm]] = {}
    for f in firms:
        by_group.setdefault(f.group, []).append(f)
    for area in AREAS:
        hulls: dict[tuple[str, str, str], tuple[float, float]] = {g: (0.0, 100.0) for g in by_group}
        for table in snap.tables:
            for cell in table.cells:
                fig = cell.areas.get(area)
                if fig is None or fig.median is None or fig.q1 is None or fig.q3 is None:
                    continue
                inside = [f for f in firms if all(getattr(f, d) == v for d, v in cell.categories)]
                values = sorted(f.scores[area] for f in inside)
                quarts = (fig.q1, fig.median, fig.q3)
                blind = _hull(len(values), quarts, ())
                for g in {f.group for f in inside}:
                    lo, hi = hulls[g]
                    hulls[g] = (max(lo, blind[0]), min(hi, blind[1]))
                if len(values) > 16:
                    continue  # the lowest and highest unknown ranks are free to 0 and 100
                for known in _known_scores(inside, area):
                    lo, hi = _hull(len(values), quarts, tuple(sorted(f.scores[area] for f in known)))
                    if hi - lo <= 20 and len(inside) > len(known):
                        found.append(Finding(snap.quarter, inside[0].group, area, f"score {lo:.1f}..{hi:.1f}",
                                             tuple(f.id for f in known)))
                        if first_only:
                            return found
        for g, (lo, hi) in hulls.items():
            if hi - lo <= 20:
                found.append(Finding(snap.quarter, g, area, f"score {lo:.1f}..{hi:.1f} across cells", ()))
    return found


def _known_scores(inside: list[Firm], area: str) -> list[list[Firm]]:
    ordered = sorted(inside, key=lambda f: f.scores[area])
    picks = [[], ordered[:2], ordered[-2:], [ordered[0], ordered[-1]]]
    return [p for p in picks if len(p) < len(ordered) or not p]


def _hull(n: int, quarts: tuple[float, float, float], known: tuple[float, ...]) -> tuple[float, float]:
    """The least and most an unknown firm of the cell may score, over every place the known scores may take."""
    placements = combinations(range(n), len(known))
    lows, highs = [], []
    for ranks in placements:
        bounds = _chain(n, quarts, dict(zip(ranks, known, strict=True)))
        if bounds is None:
            continue
        unknown = [r for r in range(n) if r not in ranks]
        if unknown:
            lows.append(min(bounds[r][0] for r in unknown))
            highs.append(max(bounds[r][1] for r in unknown))
    return (min(lows), max(highs)) if lows else (0.0, 100.0)


def _chain(n: int, quarts: tuple[float, float, float], fixed: Mapping[int, float]) -> list[tuple[float, float]] | None:
    """Each rank's possible scores: sorted, within 0-100, the quartiles interpolated as scoring.aggregate does."""
    lo = [fixed.get(r, 0.0) for r in range(n)]
    hi = [fixed.get(r, 100.0) for r in range(n)]
    ties = []
    for k, q in zip((1, 2, 3), quarts, strict=True):
        below, rest = divmod((n - 1) * k, 4)
        ties.append((below, rest / 4, q))
    for _ in range(4 * n + 8):
        before = (list(lo), list(hi))
        for r in range(1, n):
            lo[r] = max(lo[r], lo[r - 1])
        for r in range(n - 2, -1, -1):
            hi[r] = min(hi[r], hi[r + 1])
        for f, w, q in ties:
            if w == 0:
                lo[f], hi[f] = max(lo[f], q - 0.005), min(hi[f], q + 0.005)
                continue
            lo[f] = max(lo[f], (q - 0.005 - w * hi[f + 1]) / (1 - w))
            hi[f] = min(hi[f], (q + 0.005 - w * lo[f + 1]) / (1 - w))
            lo[f + 1] = max(lo[f + 1], (q - 0.005 - (1 - w) * hi[f]) / w)
            hi[f + 1] = min(hi[f + 1], (q + 0.005 - (1 - w) * lo[f]) / w)
        if any(a > b + 1e-9 for a, b in zip(lo, hi, strict=True)):
            return None
        if (lo, hi) == before:
            break
    return list(zip(lo, hi, strict=True))
