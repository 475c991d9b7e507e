"""Secondary (complementary) suppression: withhold more cells until no withheld one can be worked out.

Every cell of every breakdown is a set of groups (scoring.disclosure), so any two breakdowns
are tied by sums: a cell of a coarser breakdown is the sum of the cells of a finer one that lie
inside it. That holds for breakdowns nobody publishes too: industry x size and region x industry
both add up to the industry margin, and both split into the industry x size x region cells.
So the relations are taken over the published breakdowns closed under taking unions and
intersections of their categories, the unpublished ones hidden but known to be there.

What an attacker can work out is followed through those relations until nothing changes:
- a relation whose total is known and whose parts are all known but one gives that one;
- parts holding two firms or fewer might be the attacker's own clients, so they may be taken
  as known too ("assisted"); all parts known give the total.
A result is a leak when a set of firms whose level counts are worked out that way is unsafe:
fewer than the threshold (unless the attacker's own firms helped: that is just a published cell
minus what the attacker knew), or with all but two firms at one level. The sets checked are
every cell worked out, every remainder of a relation (the sum of its unknown parts), and, for
any two overlapping known cells, what subtracting one from the other bounds.

Each leak is mended by withholding the smallest published cell that its derivation used; then
everything is followed through again, until there is no leak. This is the usual heuristic
(suppress the smallest other part where a relation has one unknown left) made to see every
breakdown and margin at once. The test in tests/scoring/test_disclosure_attack.py plays an
attacker that solves the same sums with bounds, with two known firms, and finds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

Key = tuple[tuple[str, str], ...]
"""A cell: (category, value) pairs, e.g. (("industry", "crafts"), ("size_class", "small"))."""
Canon = frozenset[tuple[str, str]]

ASSISTED_FIRMS = 2
"""Parts this small may be the attacker's own firms, so count as known to it."""

Unsafe = Callable[[frozenset[int], bool], bool]
"""(groups, assisted) -> whether knowing these groups' level counts tells too much."""
OverlapLeaks = Callable[[frozenset[int], frozenset[int], frozenset[int]], bool]
"""(only in A, only in B, in both) -> whether A minus B pins the levels of the firms only in A."""


@dataclass(frozen=True)
class _Relation:
    total: Canon
    parts: tuple[Canon, ...]


@dataclass(frozen=True)
class _Known:
    support: frozenset[Canon]  # the published cells the attacker used
    assisted: bool  # whether firms the attacker might know helped


def complementary(*, groups: Sequence[Mapping[str, str]], firms: Sequence[int], published: Iterable[Key],
                  withheld: set[Key], unsafe: Unsafe, overlap_leaks: OverlapLeaks) -> set[Key]:
    """The published cells to withhold besides `withheld`, so that no withheld cell can be worked out.

    `groups` are the categories of each group, `firms` how many firms each holds; `published`
    the cells of every breakdown, `withheld` those the threshold and attribute rules withhold.
    """
    by_canon: dict[Canon, list[Key]] = {}
    for key in published:
        by_canon.setdefault(frozenset(key), []).append(key)
    members = _cells(groups, {frozenset(d for d, _ in c) for c in by_canon})
    size = {c: sum(firms[i] for i in m) for c, m in members.items()}
    relations = _relations(members)
    blocked = {c for c in by_canon if any(k in withheld for k in by_canon[c])}
    added: set[Canon] = set()
    overlaps: dict[tuple[Canon, Canon], bool] = {}
    while True:
        known = _follow(relations, [c for c in by_canon if c not in blocked], size)
        mended: set[Canon] = set()
        for support in _leaks(known, relations, members, size, unsafe, overlap_leaks, overlaps):
            if support & mended:
                continue  # mended already this round; looked at again in the next
            cell = min(support - blocked, key=lambda c: (size[c], sorted(c)))
            mended.add(cell)
        if not mended:
            return {k for c in added for k in by_canon[c]}
        blocked |= mended
        added |= mended


def _cells(groups: Sequence[Mapping[str, str]], published: set[frozenset[str]]) -> dict[Canon, frozenset[int]]:
    """Every cell of the published breakdowns and of their hidden unions and intersections."""
    dims = set(published)
    while True:
        more = {a | b for a in dims for b in dims} | {a & b for a in dims for b in dims}
        if more <= dims:
            break
        dims |= more
    cells: dict[Canon, set[int]] = {}
    for d in sorted(dims, key=lambda d: (len(d), sorted(d))):  # in a fixed order: the same figures on every run
        for i, g in enumerate(groups):
            cells.setdefault(frozenset((k, g[k]) for k in d), set()).add(i)
    return {c: frozenset(m) for c, m in cells.items()}


def _relations(members: Mapping[Canon, frozenset[int]]) -> list[_Relation]:
    """total = sum of parts, for every cell and every finer breakdown of the closure."""
    by_dims: dict[frozenset[str], list[Canon]] = {}
    for c in members:
        by_dims.setdefault(frozenset(d for d, _ in c), []).append(c)
    relations = []
    for coarse, finer in ((a, b) for a in by_dims for b in by_dims if a < b):
        parts: dict[Canon, list[Canon]] = {}
        for c in by_dims[finer]:
            parts.setdefault(frozenset((d, v) for d, v in c if d in coarse), []).append(c)
        relations += [_Relation(total, tuple(sorted(p, key=sorted))) for total, p in sorted(parts.items(), key=_order)
                      if len(p) > 1]
    return relations


def _order(item: tuple[Canon, list[Canon]]) -> list[tuple[str, str]]:
    return sorted(item[0])


def _follow(relations: Sequence[_Relation], open_cells: Iterable[Canon], size: Mapping[Canon, int]) -> dict[Canon, _Known]:
    """Every cell the attacker can work out from the published ones, and what it used."""
    known = {c: _Known(frozenset({c}), False) for c in open_cells}
    changed = True
    while changed:
        changed = False
        for r in relations:
            unknown = [p for p in r.parts if p not in known]
            used = [known[p] for p in r.parts if p in known]
            if r.total in known and unknown:
                largest = max(unknown, key=lambda p: (size[p], sorted(p)))
                small = sum(size[p] for p in unknown) - size[largest]
                if len(unknown) == 1 or small <= ASSISTED_FIRMS:
                    used.append(known[r.total])
                    known[largest] = _Known(frozenset().union(*(k.support for k in used)),
                                            len(unknown) > 1 or any(k.assisted for k in used))
                    changed = True
            elif r.total not in known and not unknown:
                known[r.total] = _Known(frozenset().union(*(k.support for k in used)), any(k.assisted for k in used))
                changed = True
    return known


def _leaks(known: Mapping[Canon, _Known], relations: Sequence[_Relation], members: Mapping[Canon, frozenset[int]],
           size: Mapping[Canon, int], unsafe: Unsafe, overlap_leaks: OverlapLeaks,
           overlaps: dict[tuple[Canon, Canon], bool]) -> Iterable[frozenset[Canon]]:
    """The supports of every unsafe thing the attacker can work out."""
    for c, k in known.items():
        if k.support != {c} and unsafe(members[c], k.assisted):
            yield k.support
    for r in relations:
        if r.total not in known:
            continue
        unknown = sorted((p for p in r.parts if p not in known), key=lambda p: (size[p], sorted(p)))
        if len(unknown) < 2:
            continue
        used = [known[r.total]] + [known[p] for p in r.parts if p in known]
        support = frozenset().union(*(k.support for k in used))
        assisted = any(k.assisted for k in used)
        rest = frozenset().union(*(members[p] for p in unknown))
        if unsafe(rest, assisted):
            yield support
        stripped = 0
        while len(unknown) > 2 and stripped + size[unknown[0]] <= ASSISTED_FIRMS:
            stripped += size[unknown[0]]  # firms of the smallest parts the attacker may know
            rest -= members[unknown.pop(0)]
            if unsafe(rest, True):
                yield support
    yield from _overlaps(known, members, unsafe, overlap_leaks, overlaps)


def _overlaps(known: Mapping[Canon, _Known], members: Mapping[Canon, frozenset[int]], unsafe: Unsafe,
              overlap_leaks: OverlapLeaks, verdicts: dict[tuple[Canon, Canon], bool]) -> Iterable[frozenset[Canon]]:
    """Pairs of known cells that share firms; `verdicts` keeps what two partly overlapping cells give away.

    Cells only stop being known from one round of mending to the next, so a pair's verdict holds.
    """
    containing: dict[int, list[Canon]] = {}
    for c in known:
        for i in members[c]:
            containing.setdefault(i, []).append(c)
    seen: set[tuple[Canon, Canon]] = set()
    for cells in containing.values():
        for a, b in combinations(sorted(cells, key=sorted), 2):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            ma, mb = members[a], members[b]
            support = known[a].support | known[b].support
            if ma == mb:
                continue
            if ma < mb or mb < ma:  # nested: the difference is known exactly
                if unsafe(ma ^ mb, known[a].assisted or known[b].assisted):
                    yield support
            else:
                if (a, b) not in verdicts:
                    verdicts[a, b] = overlap_leaks(ma - mb, mb - ma, ma & mb) or overlap_leaks(mb - ma, ma - mb, ma & mb)
                if verdicts[a, b]:
                    yield support
