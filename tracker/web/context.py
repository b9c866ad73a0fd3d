"""What every page shares: the services, the day, the signed-in account."""

from __future__ import annotations

import datetime as dt
from typing import cast

from flask import current_app, g

from tracker.config import Settings
from tracker.web.desk_calls import DeskCalls
from tracker.web.dossier_calls import DossierCalls
from tracker.web.import_calls import ImportCalls
from tracker.web.queries import Services, Viewer


class WebContext:
    """Kept in `app.extensions["tracker"]` for the life of the application."""

    def __init__(self, settings: Settings, services: Services) -> None:
        self.settings = settings
        self.services = services
        # The head's and the clerk's work (one dossier; letters by period; the upload).
        self.dossiers = DossierCalls(services, settings)
        self.desk = DeskCalls(services, settings)
        self.imports = ImportCalls(services, settings)

    def today(self) -> dt.date:
        """The date of the request (a server runs for days), unless tracker was given one."""
        return self.settings.today if self.settings.today_is_fixed else dt.date.today()


def context() -> WebContext:
    return cast(WebContext, current_app.extensions["tracker"])


def services() -> Services:
    return context().services


def today() -> dt.date:
    return context().today()


def viewer() -> Viewer:
    """The signed-in account of a page behind `auth.signed_in`."""
    return cast(Viewer, g.viewer)
