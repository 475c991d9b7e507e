"""`digicheck results rebuild`: make every stored result and peer histogram again from the stored answers.

Run it after upgrading to the first version with stored results, and after a scoring fix
(a corrected weight or level band changes the scores of answers already given).
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .. import results as stored_results
from ..extensions import db


@click.group()
def results() -> None:
    """Manage stored results and peer statistics."""


@results.command()
@with_appcontext
def rebuild() -> None:
    """Re-score every completed assessment and recount the peer histograms, in one transaction."""
    done = stored_results.rebuild()
    db.session.commit()
    click.echo(f"stored {done.stored} result(s); skipped {done.skipped} (questionnaire version not available "
               f"or answers no longer valid); {done.cells} histogram cell(s)")
