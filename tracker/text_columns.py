"""Every text column checks what is assigned to it: a value over its limit, or holding a
control character, is refused with one sentence the moment a service or a page assigns it,
before anything reaches the database (tracker.text_limits holds the limits and the rule).

The import writes through SQLAlchemy Core, not the ORM: it checks the same limits row by row
itself and reports each refused row.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlalchemy import String, event
from sqlalchemy.orm import Mapper

from tracker.text_limits import TEXT_LIMITS, TextLimit, check_text


def _checked(limit: TextLimit, _target: Any, value: Any, _old: Any, _initiator: Any) -> Any:
    return check_text(value, limit) if isinstance(value, str) else value


@event.listens_for(Mapper, "mapper_configured")
def _check_text_on_assignment(mapper: Mapper[Any], cls: type) -> None:
    for column in mapper.local_table.columns:
        if isinstance(column.type, String):  # Text is a String too
            limit = TEXT_LIMITS[f"{column.table.name}.{column.name}"]
            event.listen(getattr(cls, column.key), "set", partial(_checked, limit), retval=True)
