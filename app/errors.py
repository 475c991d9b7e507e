"""Error pages in plain words: a visitor sees what went wrong and where to go, never a traceback."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

# (title, explanation) per status; anything else falls back to the 400 or 500 text.
MESSAGES: dict[int, tuple[str, str]] = {
    400: ("Ungültige Anfrage", "Die Anfrage war unvollständig oder fehlerhaft und wurde nicht verarbeitet."),
    403: ("Kein Zugriff", "Für diese Seite fehlt die Berechtigung."),
    404: ("Seite nicht gefunden", "Diese Adresse gibt es hier nicht. Vielleicht ist der Link alt oder unvollständig."),
    405: ("Aktion nicht möglich", "Diese Seite kann auf diese Weise nicht aufgerufen werden."),
    413: ("Zu viele Daten", "Die gesendeten Daten sind zu groß und wurden nicht gespeichert."),
    429: ("Zu viele Anfragen", "Bitte warten Sie einen Moment und versuchen Sie es dann noch einmal."),
    500: ("Interner Fehler", "Etwas ist schiefgelaufen. Bitte versuchen Sie es später noch einmal."),
}


def init_error_pages(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        title, text = MESSAGES.get(code) or MESSAGES[500 if code >= 500 else 400]
        return render_template("error.html", code=code, title=title, text=text), code
