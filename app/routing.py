"""URL parts: an id in a URL is a number the database can hold, or the address does not exist."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

# The ids are PostgreSQL `integer` columns (SQLite's hold up to 2**63 - 1). A larger number in `<int:...>`
# used to reach the query and fail there (integer out of range, or OverflowError on SQLite: a 500)
# instead of answering 404 like any other unknown id.
LARGEST_ID = 2**31 - 1


class DatabaseInteger(IntegerConverter):
    """`<int:...>` as Werkzeug has it, with the largest value the database can compare with."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)
