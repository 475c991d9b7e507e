"""Finding a questionnaire by id or path for the CLI, with errors as clean messages."""

from __future__ import annotations

from pathlib import Path

import click

from questionnaires import ContentError, Questionnaire, load_catalogue, load_questionnaire


def find_questionnaire(name: str, version: str | None = None) -> Questionnaire:
    """A path to a YAML file, or the id (and version) of a shipped questionnaire."""
    try:
        if name.endswith((".yaml", ".yml")) or Path(name).is_file():
            return load_questionnaire(name)
        found = load_catalogue().get(name, version)
    except ContentError as exc:
        raise click.ClickException(f"the questionnaire has errors:\n{exc}") from None
    if found is None:
        known = ", ".join(sorted({q.id for q in load_catalogue().questionnaires}))
        wanted = f"'{name}'" + (f" version {version}" if version else "")
        raise click.ClickException(f"no questionnaire {wanted} (known: {known})")
    return found
