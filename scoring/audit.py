"""The last check before figures go out: can bounds through all published level counts pin a firm's level?

Exact subtraction is handled by scoring.suppression. Bounds go further: a region with 5 firms at
the top level, an industry with 0 there and a size class with 1 together say where the top firms
must be, without any sum naming them alone. So, per area, the unknowns are x[group, level]; each
published level count and each group's size (the attacker knows every firm's categories) is a
sum of them, and every bound is tightened through every sum until nothing changes (the "shuttle"
of statistical disclosure control). A group's level is out when its firms the attacker does not
know must all be at one level. The attacker's two firms are chosen as it would: the target
group's odd ones out, and firms of small groups that share a published cell with it.

Pure and over counts only: `groups` are (firms, {area: {level: firms}}), cells sets of group indices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

KNOWN_FIRMS = 2
HELPER_GROUPS = 8
"""How many small neighbouring groups the attacker tries to know firms of."""
HELPER_PAIRS = 6
"""Among the nearest of those, it also tries one firm of each of two."""


@dataclass(frozen=True)
class Leak:
    group: int
    area: str
    level: str


def level_leaks(firms: Sequence[int], levels: Sequence[Mapping[str, Mapping[str, int]]],
                cells: Sequence[tuple[frozenset[int], Mapping[str, Mapping[str, int]]]]) -> list[Leak]:
    """Every (group, area, level) whose unknown firms an attacker with two known firms can pin to that level.

    `firms[g]` and `levels[g][area][level]` describe group g; `cells` are the published cells:
    their groups and their published level counts per area.
    """
    leaks: list[Leak] = []
    neighbours = _neighbours(firms, [m for m, _ in cells])
    for area in sorted({a for g in levels for a in g}):
        names = sorted({lv for g in levels for lv in g.get(area, {})})
        system = _System(firms, names, [(m, c[area]) for m, c in cells if area in c], neighbours)
        system.settle()
        in_area = [x.get(area, {}) for x in levels]
        for g, counts in enumerate(levels):
            for li, level in enumerate(names):
                odd = firms[g] - counts.get(area, {}).get(level, 0)
                if odd > KNOWN_FIRMS or odd == firms[g]:
                    continue  # the group's firms are not all but two at this level: nothing to pin
                if system.pinned(g, li, odd, in_area):
                    leaks.append(Leak(g, area, level))
    return leaks


def _neighbours(firms: Sequence[int], cells: Sequence[frozenset[int]]) -> list[list[int]]:
    """Per group, the groups sharing a published cell with it: those of its smallest cells first, small groups first.

    Cells are taken from the smallest up, so a group's list is complete as soon as it has
    HELPER_GROUPS entries after a size is done (every later cell is larger).
    """
    by_size: dict[int, list[frozenset[int]]] = {}
    for members in cells:
        by_size.setdefault(len(members), []).append(members)
    near: list[list[int]] = [[] for _ in firms]
    seen: list[set[int]] = [{g} for g in range(len(firms))]
    for size in sorted(by_size):
        found: dict[int, set[int]] = {}
        for members in by_size[size]:
            for g in members:
                if len(near[g]) < HELPER_GROUPS:
                    found.setdefault(g, set()).update(members)
        for g, others in found.items():
            new = sorted(others - seen[g], key=lambda h: (firms[h], h))
            seen[g].update(new)
            near[g] += new
    return [n[:HELPER_GROUPS] for n in near]


class _System:
    def __init__(self, firms: Sequence[int], names: Sequence[str],
                 cells: Sequence[tuple[frozenset[int], Mapping[str, int]]], neighbours: list[list[int]]) -> None:
        self.firms, self.names, self.nl = firms, names, len(names)
        self.rows: list[tuple[list[int], int]] = []
        for members, counts in cells:
            self.rows += [([g * self.nl + li for g in sorted(members)], counts.get(name, 0))
                          for li, name in enumerate(names)]
        self.rows += [([g * self.nl + li for li in range(self.nl)], n) for g, n in enumerate(firms)]
        self.rows_of: list[list[int]] = [[] for _ in range(len(firms) * self.nl)]
        for r, (variables, _) in enumerate(self.rows):
            for v in variables:
                self.rows_of[v].append(r)
        self.neighbours = neighbours

    def pinned(self, g: int, li: int, odd: int, levels: Sequence[Mapping[str, int]]) -> bool:
        """Can an attacker who knows two firms pin every other firm of group g to level li?

        The two firms it tries: the target's odd ones out, then with what they leave one or two
        firms of nearby groups. Bounds only tighten as the attacker knows more, so knowing every
        firm of the groups a guess draws on bounds what the guess can do: a guess is tried only
        when knowing all of its groups would pin the target (most targets are cleared at once).
        """
        target, unknown = g * self.nl + li, self.firms[g] - odd
        odd_ones = {g * self.nl + lj: levels[g].get(n, 0) for lj, n in enumerate(self.names) if lj != li}
        odd_ones = {v: c for v, c in odd_ones.items() if c}
        if self.reaches(odd_ones, target, unknown):
            return True
        spare = KNOWN_FIRMS - odd
        near = self.neighbours[g] if spare else []
        whole = {h: {h * self.nl + lj: levels[h].get(n, 0) for lj, n in enumerate(self.names)} for h in near}
        if not near or not self.reaches(odd_ones, target, unknown,
                                        exact={k: v for known in whole.values() for k, v in known.items()}):
            return False
        for h in near:  # one or two more firms of one nearby group
            if self.reaches(odd_ones, target, unknown, exact=whole[h]):
                for lj, name in enumerate(self.names):
                    take = min(spare, levels[h].get(name, 0))
                    if take and self.reaches({**odd_ones, h * self.nl + lj: take}, target, unknown):
                        return True
        pairs = near[:HELPER_PAIRS] if spare == 2 else []
        for i, h in enumerate(pairs):  # one firm each of two nearby groups
            for k in pairs[i + 1:]:
                if self.reaches({}, target, unknown, exact={**whole[h], **whole[k]}):
                    for a in self._one_at_and_one_not(h, li, levels):
                        for b in self._one_at_and_one_not(k, li, levels):
                            if self.reaches({a: 1, b: 1}, target, unknown):
                                return True
        return False

    def _one_at_and_one_not(self, h: int, li: int, levels: Sequence[Mapping[str, int]]) -> list[int]:
        """A firm of group h at the target's level, and one at the commonest other level (where it has them)."""
        names, counts = self.names, levels[h]
        at = [h * self.nl + li] if counts.get(names[li]) else []
        others = [(counts.get(n, 0), lj) for lj, n in enumerate(names) if lj != li and counts.get(n)]
        return at + ([h * self.nl + max(others)[1]] if others else [])

    def settle(self) -> None:
        """The bounds from the published counts alone, kept with each sum's bounds for `reaches`."""
        self.lo, self.hi = self._bounds()
        self.sum_lo = [sum(self.lo[v] for v in variables) for variables, _ in self.rows]
        self.sum_hi = [sum(self.hi[v] for v in variables) for variables, _ in self.rows]
        # Bounds only tighten from here, so a variable settled to one value never moves, and no
        # variable of a sum gets wider than the widest one is now.
        self.free = [[v for v in variables if self.hi[v] > self.lo[v]] for variables, _ in self.rows]
        self.widest = [max((self.hi[v] - self.lo[v] for v in free), default=0) for free in self.free]

    def reaches(self, known: Mapping[int, int], target: int, at_least: int, exact: Mapping[int, int] | None = None) -> bool:
        """Does the lower bound of `target` reach `at_least` once `known` firms are added to the settled bounds?

        `known` gives at least so many firms at a variable, `exact` exactly so many (every level of
        a group the attacker knows wholly).

        The same tightening as `bounds`, in place with an undo trail (the settled bounds are put
        back before returning), each sum's bounds kept up to date, and a sum skipped when no
        variable of it can move: a variable moves only when its width exceeds the sum's slack,
        and no width exceeds the largest group in the sum. Bounds only tighten, so the answer is
        known as soon as the target's lower bound reaches `at_least`.
        """
        lo, hi, sum_lo, sum_hi, rows, rows_of = self.lo, self.hi, self.sum_lo, self.sum_hi, self.rows, self.rows_of
        widest, free = self.widest, self.free
        trail: list[tuple[int, int, int]] = []
        todo: list[int] = []
        queued: set[int] = set()

        def move(v: int, new_lo: int, new_hi: int) -> None:
            """Set v's bounds and queue each sum of v that can now move something (others cannot until they change)."""
            trail.append((v, lo[v], hi[v]))
            for r in rows_of[v]:
                sum_lo[r] += new_lo - lo[v]
                sum_hi[r] += new_hi - hi[v]
                total = rows[r][1]
                if r not in queued and widest[r] > min(sum_hi[r] - total, total - sum_lo[r]):
                    queued.add(r)
                    todo.append(r)
            lo[v], hi[v] = new_lo, new_hi

        try:
            for v, n in known.items():
                if n > lo[v]:
                    move(v, n, hi[v])
            for v, n in (exact or {}).items():
                if n != lo[v] or n != hi[v]:
                    move(v, n, n)
            while todo:
                if lo[target] >= at_least:
                    return True
                r = todo.pop()
                queued.discard(r)
                total = rows[r][1]
                above, below = sum_hi[r] - total, total - sum_lo[r]  # the sum's slack either way
                for v in free[r]:
                    low, high = lo[v], hi[v]
                    if high - low <= above and high - low <= below:
                        continue  # narrower than the slack: this sum cannot move it
                    move(v, max(low, high - above), min(high, low + below))
                    above, below = sum_hi[r] - total, total - sum_lo[r]
            return lo[target] >= at_least
        finally:
            for v, old_lo, old_hi in reversed(trail):
                for r in rows_of[v]:
                    sum_lo[r] += old_lo - lo[v]
                    sum_hi[r] += old_hi - hi[v]
                lo[v], hi[v] = old_lo, old_hi

    def _bounds(self) -> tuple[list[int], list[int]]:
        """Every variable between 0 and its group's size, tightened through every sum to a fixpoint."""
        lo = [0] * (len(self.firms) * self.nl)
        hi = [self.firms[v // self.nl] for v in range(len(lo))]
        todo = list(range(len(self.rows)))
        queued = set(todo)
        while todo:
            r = todo.pop()
            queued.discard(r)
            variables, total = self.rows[r]
            sum_lo, sum_hi = sum(lo[v] for v in variables), sum(hi[v] for v in variables)
            for v in variables:
                new_lo, new_hi = max(lo[v], total - sum_hi + hi[v]), min(hi[v], total - sum_lo + lo[v])
                if new_lo != lo[v] or new_hi != hi[v]:
                    sum_lo, sum_hi = sum_lo + new_lo - lo[v], sum_hi + new_hi - hi[v]
                    lo[v], hi[v] = new_lo, new_hi
                    for other in self.rows_of[v]:
                        if other not in queued:
                            queued.add(other)
                            todo.append(other)
        return lo, hi
