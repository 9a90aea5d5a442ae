"""Every route of the app, registered here and nowhere else: one line per controller module, grouped by domain."""

from __future__ import annotations

from web import health, pages
from web.applications import api as applications_api
from web.applications import pages as applications_pages
from web.events import organiser as events_organiser
from web.events import pages as events_pages
from web.events import registration as events_registration
from web.identity import account, auth
from web.identity import api as account_api
from web.imports import pages as imports_pages
from web.organisations import admin, employers, members
from web.organisations import api_keys as api_key_pages
from web.partners import casework
from web.profiles import api as profiles_api
from web.profiles import pages as profiles_pages
from web.ranking import recommendations
from web.reference import vocabulary
from web.search import alerts, candidates, candidates_api, jobs
from web.vacancies import api as vacancies_api
from web.vacancies import moderation
from web.vacancies import pages as vacancies_pages

ROUTE_HANDLERS = [
    # site
    *pages.HANDLERS,
    *health.HANDLERS,
    # identity
    *auth.HANDLERS,
    *account.HANDLERS,
    *account_api.HANDLERS,
    # organisations
    *members.HANDLERS,
    *admin.HANDLERS,
    *employers.HANDLERS,
    *api_key_pages.HANDLERS,
    # reference
    *vocabulary.HANDLERS,
    # profiles
    *profiles_pages.HANDLERS,
    *profiles_api.HANDLERS,
    # partners
    *casework.HANDLERS,
    # search
    *jobs.HANDLERS,
    *alerts.HANDLERS,
    *candidates.HANDLERS,
    *candidates_api.HANDLERS,
    # vacancies
    *vacancies_pages.HANDLERS,
    *vacancies_api.HANDLERS,
    *moderation.HANDLERS,
    # imports
    *imports_pages.HANDLERS,
    # applications
    *applications_pages.HANDLERS,
    *applications_api.HANDLERS,
    # ranking
    *recommendations.HANDLERS,
    # events
    *events_pages.HANDLERS,
    *events_registration.HANDLERS,
    *events_organiser.HANDLERS,
]
