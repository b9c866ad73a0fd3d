"""What every page shares: the services, the day, the signed-in account."""

from __future__ import annotations

import datetime as dt
from typing import cast

from flask import current_app, g

from tracker.config import Settings
from tracker.web.queries import Services, Viewer


class WebContext:
    """Kept in `app.extensions["tracker"]` for the life of the application."""

    def __init__(self, settings: Settings, services: Services) -> None:
        self.settings = settings
        self.services = services

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
