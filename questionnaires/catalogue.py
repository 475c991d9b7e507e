"""The set of questionnaires a deployment offers, loaded from one folder of YAML files."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from .loader import load_questionnaire
from .model import Questionnaire
from .problems import ContentError, Problem

SHIPPED = Path(__file__).resolve().parent
EXAMPLES = SHIPPED / "examples"  # format examples: loadable by path, never offered to companies


def _version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in version.replace("-", ".").split("."))


@dataclass(frozen=True)
class Catalogue:
    """Questionnaires by id and version; old versions stay loadable so old answers stay readable."""

    questionnaires: tuple[Questionnaire, ...]

    def latest(self) -> list[Questionnaire]:
        """The newest version of each questionnaire, in a stable order."""
        newest: dict[str, Questionnaire] = {}
        for q in self.questionnaires:
            if q.id not in newest or _version_key(q.version) > _version_key(newest[q.id].version):
                newest[q.id] = q
        return sorted(newest.values(), key=lambda q: q.id)

    def get(self, questionnaire_id: str, version: str | None = None) -> Questionnaire | None:
        matches = [q for q in self.questionnaires if q.id == questionnaire_id]
        if version is not None:
            return next((q for q in matches if q.version == version), None)
        return max(matches, key=lambda q: _version_key(q.version), default=None)


def questionnaire_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise ContentError([Problem(str(folder), 0, 0, "", "no such folder")])
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_catalogue(paths: Iterable[str | Path] | None = None, centre_topics: Collection[str] | None = None) -> Catalogue:
    """Load every file (default: the shipped folder); all problems of all files are raised together.

    Pass the centre catalogue's topic ids as `centre_topics` to check the dimensions' mapping to them.
    """
    files = [Path(p) for p in paths] if paths is not None else questionnaire_files(SHIPPED)
    problems: list[Problem] = []
    loaded: dict[tuple[str, str], tuple[Questionnaire, Path]] = {}
    for file in files:
        try:
            q = load_questionnaire(file, centre_topics)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if (q.id, q.version) in loaded:
            other = loaded[(q.id, q.version)][1]
            problems.append(Problem(str(file), 1, 1, "id", f"'{q.id}' version {q.version} is also defined in {other}",
                                    "a changed questionnaire needs a new version"))
            continue
        loaded[(q.id, q.version)] = (q, file)
    if problems:
        raise ContentError(problems)
    return Catalogue(tuple(q for q, _ in loaded.values()))
