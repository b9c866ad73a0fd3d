"""The data model. Class docstrings give the Vietnamese term users know.

Dates that carry legal meaning (received, due, finished, issued, published) are stored as
plain dates: lateness is decided at date level, as the one-stop systems do. Whether a dossier
is late, or a letter is a late apology, is always derived from these dates and the working-day
calendar, never stored as a flag that could go stale.

One module per part of the field (base, organisation, dossiers, letters, accounts); every
class is imported here, so `tracker.models.X` names any of them and the mapper registry knows
all of them before the first query.
"""

from tracker import text_columns  # noqa: F401  (checks every text column as it is assigned)
from tracker.models.accounts import Account, SignInFailure
from tracker.models.base import (
    LETTER_STATUSES,
    NAMING_CONVENTION,
    ROLES,
    UNIT_KINDS,
    Base,
    Setting,
    utcnow,
)
from tracker.models.dossiers import ColumnMapping, Dossier, Event, ImportBatch
from tracker.models.letters import ApologyLetter, LetterCounter, LetterFile, Publication
from tracker.models.organisation import (
    CalendarOverride,
    DossierTransfer,
    Head,
    IndexFigure,
    OrganisationSetting,
    Unit,
    UnitAlias,
)

__all__ = [
    "LETTER_STATUSES",
    "NAMING_CONVENTION",
    "ROLES",
    "UNIT_KINDS",
    "Account",
    "ApologyLetter",
    "Base",
    "CalendarOverride",
    "ColumnMapping",
    "Dossier",
    "DossierTransfer",
    "Event",
    "Head",
    "ImportBatch",
    "IndexFigure",
    "LetterCounter",
    "LetterFile",
    "OrganisationSetting",
    "Publication",
    "Setting",
    "SignInFailure",
    "Unit",
    "UnitAlias",
    "utcnow",
]
