"""Import every domain's models so SQLModel.metadata knows all tables (Alembic, tests)."""

from __future__ import annotations

from sankofa.agreements import models as agreements_models  # noqa: F401
from sankofa.applications import models as applications_models  # noqa: F401
from sankofa.core import models as core_models  # noqa: F401
from sankofa.events import models as events_models  # noqa: F401
from sankofa.identity import models as identity_models  # noqa: F401
from sankofa.imports import models as imports_models  # noqa: F401
from sankofa.organisations import models as organisations_models  # noqa: F401
from sankofa.partners import models as partners_models  # noqa: F401
from sankofa.profiles import models as profiles_models  # noqa: F401
from sankofa.ranking import models as ranking_models  # noqa: F401
from sankofa.reference import models as reference_models  # noqa: F401
from sankofa.search import models as search_models  # noqa: F401
from sankofa.vacancies import models as vacancies_models  # noqa: F401
