"""Flask extensions, created unbound here and bound to the app in create_app."""

from __future__ import annotations

from typing import cast

from flask import current_app
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase
from werkzeug.local import LocalProxy


class Base(DeclarativeBase):
    # Named constraints, so Alembic can alter and drop them on every database.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()


LIMITER = "digicheck.limiter"  # app.extensions[LIMITER]: the app's own Limiter


def _app_limiter() -> Limiter:
    return cast(Limiter, current_app.extensions[LIMITER])


# The current app's Limiter, made by app/limits.py: Flask-Limiter keeps its storage, key prefix
# and "Redis is down" state on the instance, so each app (each test's, too) needs its own.
limiter = cast(Limiter, LocalProxy(_app_limiter))
