"""A demo population of returnees for the recommendations and the fairness audit (deterministic, idempotent).

Thirty-six profiles across twelve trades, both genders and all age bands, in cities of Senegal, Mali, Guinea,
Morocco and Tunisia, each with experience abroad and the essential skills of their trade (some validated).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.security import hash_password
from sankofa.identity.models import Role, User
from sankofa.profiles.models import Experience, ProfileLanguage, ProfileSkill, ReturneeProfile
from sankofa.reference import vocabulary

TRADES = (
    "soudeur",
    "maçon",
    "électricien bâtiment",
    "conducteur de poids lourd",
    "comptable",
    "développeur web",
    "cuisinier",
    "couturier",
    "ingénieur agronome",
    "mécanicien automobile",
    "infirmier",
    "plombier",
)
CITIES = ("Dakar", "Thiès", "Saint-Louis", "Bamako", "Kayes", "Conakry", "Kankan", "Casablanca", "Agadir", "Sfax")
HOSTS = ("IT", "ES", "FR", "DE", "BE")
FIRST_NAMES = {
    "female": ("Awa", "Fatou", "Mariam", "Khadija", "Aïcha", "Salimata", "Nadia", "Kadiatou", "Leïla"),
    "male": ("Moussa", "Ibrahima", "Mamadou", "Youssef", "Omar", "Seydou", "Karim", "Abdoulaye", "Mehdi"),
}
EMAIL = "demo-returnee-{:02d}@returnee.test"


async def seed_population(session: AsyncSession, *, password: str, count: int = 36) -> int:
    """Create the demo returnees that do not exist yet; returns how many were created."""
    rng = random.Random(2026)  # noqa: S311 - reproducible demo data, not a secret
    taxonomy = vocabulary.engine().taxonomy
    created = 0
    # One argon2 hash for all of them (same documented demo password): hashing is slow by design.
    password_hash = hash_password(password)
    for number in range(count):
        email = EMAIL.format(number)
        # Every trade has women and men, so differences the audit shows are not just the trade mix.
        gender = ("female", "male")[(number + number // len(TRADES)) % 2]
        birth_year = 1966 + (number * 7) % 38  # spread over every age band
        first = FIRST_NAMES[gender][number % len(FIRST_NAMES[gender])]
        trade = TRADES[number % len(TRADES)]
        city_name = CITIES[(number * 5) % len(CITIES)]
        if (await session.exec(select(User).where(User.email == email))).one_or_none() is not None:
            continue
        user = User(
            email=email,
            display_name=first,
            role=Role.RETURNEE,
            password_hash=password_hash,
            locale="fr",
            email_verified_at=datetime.now(UTC),
        )
        session.add(user)
        await session.flush()
        assert user.id is not None
        city = vocabulary.search_places(city_name, locale="fr", k=1)
        place = vocabulary.place(city[0].id) if city else vocabulary.Place(None, None, None, None, None)
        occupation = vocabulary.link_occupation(trade, locale="fr", k=1)
        occupation_uri = occupation[0].id if occupation else None
        profile = ReturneeProfile(
            user_id=user.id,
            full_name=f"{first} Demo{number:02d}",
            contact_email=email,
            gender=gender,
            birth_year=birth_year,
            nationality=place.country,
            return_status=("returned", "planning")[number % 3 == 0],
            host_country=HOSTS[number % len(HOSTS)],
            origin_country=place.country,
            origin_region=place.region,
            origin_city_id=place.city_id,
            desired_occupations=[occupation_uri] if occupation_uri else [],
            summary=f"{trade.capitalize()} avec {3 + number % 12} ans d'expérience à l'étranger.",
            visible_to_employers=True,
        )
        session.add(profile)
        await session.flush()
        assert profile.id is not None
        session.add(
            Experience(
                profile_id=profile.id,
                title=trade.capitalize(),
                occupation_uri=occupation_uri,
                country=profile.host_country,
                acquired="host",
                years=float(3 + number % 12),
            )
        )
        session.add(ProfileLanguage(profile_id=profile.id, language="fr", level="C1"))
        if number % 4 == 0:
            session.add(ProfileLanguage(profile_id=profile.id, language="en", level="B1"))
        essential = [s for s, r in taxonomy.occupation_skills.get(occupation_uri or "", []) if r == "essential"]
        for position, skill in enumerate(rng.sample(essential, min(len(essential), rng.randint(4, 9)))):
            session.add(
                ProfileSkill(
                    profile_id=profile.id,
                    skill_uri=skill,
                    level="advanced",
                    acquired="host",
                    validated_at=datetime.now(UTC) if position == 0 and number % 3 == 1 else None,
                    evidence="Démonstration" if position == 0 and number % 3 == 1 else "",
                )
            )
        created += 1
    await session.commit()
    return created
