"""Reference and demo data, loaded once (idempotent): `sankofa seed`, and `sankofa run` on first start."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.db.engine import make_engine, make_session_factory
from sankofa.core.security import hash_password
from sankofa.identity.models import Role, User
from sankofa.organisations.models import MemberRole, Membership, Organisation, OrgKind, OrgStatus

DEMO_PASSWORD = "sankofa-demo-2026"  # noqa: S105 - documented demo credential, demo data only
DEMO_ACCOUNTS = [
    # email, name, role, organisation (kind, name) or None
    ("admin@sankofa.test", "Awa Admin", Role.ADMIN, None),
    (
        "caseworker@oim-partner.test",
        "Moussa Diallo",
        Role.PARTNER,
        (OrgKind.PARTNER, "Reintegration Partner Dakar"),
    ),
    ("hr@baobab-btp.test", "Claire Martin", Role.EMPLOYER, (OrgKind.EMPLOYER, "Baobab BTP")),
    ("events@ville-thies.test", "Fatou Ndiaye", Role.AUTHORITY, (OrgKind.AUTHORITY, "Mairie de Thiès")),
    ("investor@diaspora-fund.test", "Karim Benali", Role.INVESTOR, None),
    ("aminata@returnee.test", "Aminata Sow", Role.RETURNEE, None),
    ("youssef@returnee.test", "Youssef El Amrani", Role.RETURNEE, None),
]


async def _user(session: AsyncSession, *, email: str, name: str, role: str, password: str) -> User:
    existing = (await session.exec(select(User).where(User.email == email))).one_or_none()
    if existing is not None:
        return existing
    user = User(
        email=email,
        display_name=name,
        role=role,
        password_hash=hash_password(password),
        email_verified_at=datetime.now(UTC),
        locale="fr",
    )
    session.add(user)
    await session.flush()
    return user


async def seed_demo(session: AsyncSession) -> bool:
    """Demo accounts for every role (password DEMO_PASSWORD), organisations verified. False if present."""
    if (await session.exec(select(User).where(User.email == DEMO_ACCOUNTS[0][0]))).one_or_none():
        return False
    admin = None
    for email, name, role, org_spec in DEMO_ACCOUNTS:
        user = await _user(session, email=email, name=name, role=role, password=DEMO_PASSWORD)
        admin = admin or user
        if org_spec is not None:
            kind, org_name = org_spec
            org = Organisation(
                kind=kind,
                name=org_name,
                status=OrgStatus.VERIFIED,
                country="SN",
                verified_at=datetime.now(UTC),
                verified_by_id=admin.id,
            )
            session.add(org)
            await session.flush()
            assert org.id is not None and user.id is not None
            session.add(Membership(organisation_id=org.id, user_id=user.id, role=MemberRole.OWNER))
    await session.commit()
    return True


DEMO_PROFILES: list[tuple[str, dict[str, Any], tuple[str, str, str, str, float], list[str]]] = [
    # email, profile fields, experience (title, description, country, acquired, years), skill queries (fr)
    (
        "aminata@returnee.test",
        {
            "full_name": "Aminata Sow",
            "phone": "+221 77 555 01 01",
            "gender": "female",
            "birth_year": 1992,
            "nationality": "SN",
            "origin_country": "SN",
            "origin_region": "SN.01",
            "mobility_regions": ["SN.01", "SN.10"],
            "return_status": "returned",
            "host_country": "FR",
            "summary": "Aide-soignante, 5 ans en EHPAD à Lyon.",
            "contract_types": ["permanent", "fixed_term"],
            "sectors": ["health"],
            "needs": ["training", "housing"],
        },
        (
            "Aide-soignante",
            "J'ai travaillé cinq ans en EHPAD : soins d'hygiène, aide aux repas, prise des "
            "constantes, accompagnement des personnes âgées.",
            "FR",
            "host",
            5.0,
        ),
        ["soins d'hygiène", "assister les patients", "mesurer les signes vitaux"],
    ),
    (
        "youssef@returnee.test",
        {
            "full_name": "Youssef El Amrani",
            "phone": "+212 600 000 002",
            "gender": "male",
            "birth_year": 1988,
            "nationality": "MA",
            "origin_country": "MA",
            "origin_region": "MA.07",
            "mobility_regions": ["MA.07"],
            "return_status": "planning",
            "host_country": "IT",
            "summary": "Soudeur TIG/MIG, chantier naval.",
            "contract_types": ["permanent"],
            "sectors": ["manufacturing", "construction"],
            "needs": ["funding"],
        },
        (
            "Soudeur",
            "Soudure TIG et MIG sur chantier naval à Gênes, lecture de plans, contrôle des soudures.",
            "IT",
            "host",
            7.0,
        ),
        ["soudage à l'arc", "lire des plans", "inspecter des soudures"],
    ),
]


async def seed_demo_profiles(session: AsyncSession) -> None:
    """Two returnee profiles with experience and skills; the first consents to the demo partner, who validated one."""
    from datetime import date

    from sankofa.agreements.models import DataSharingAgreement, PartnerConsent
    from sankofa.profiles.models import Experience, ProfileSkill, ReturneeProfile
    from sankofa.reference import vocabulary
    from sankofa.reference.models import Region

    partner = (await session.exec(select(Organisation).where(Organisation.kind == OrgKind.PARTNER))).first()
    caseworker = (await session.exec(select(User).where(User.role == Role.PARTNER))).first()
    if partner is not None and partner.id is not None:
        session.add(
            DataSharingAgreement(
                organisation_id=partner.id,
                valid_from=date(2026, 1, 1),
                reference="Demo agreement 2026",
                field_groups=["identity", "demographics", "contact", "return", "professional", "needs"],
            )
        )
    for index, (email, fields, experience, skill_queries) in enumerate(DEMO_PROFILES):
        user = (await session.exec(select(User).where(User.email == email))).one()
        assert user.id is not None
        known_regions = set((await session.exec(select(Region.code))).all())
        values: dict[str, Any] = {**fields, "contact_email": email}
        if values["origin_region"] not in known_regions:
            values["origin_region"] = None
            values["mobility_regions"] = []
        profile = ReturneeProfile(user_id=user.id, **values)
        session.add(profile)
        await session.flush()
        assert profile.id is not None
        title, description, country, acquired, years = experience
        linked = vocabulary.link_occupation(title, locale="fr", k=1)
        session.add(
            Experience(
                profile_id=profile.id,
                title=title,
                description=description,
                country=country,
                acquired=acquired,
                years=years,
                occupation_uri=linked[0].id if linked else None,
            )
        )
        seen: set[str] = set()
        for position, query in enumerate(skill_queries):
            hits = vocabulary.search_skills(query, locale="fr", k=1)
            if not hits or hits[0].id in seen:
                continue
            seen.add(hits[0].id)
            validated = index == 0 and position == 0 and partner is not None and caseworker is not None
            session.add(
                ProfileSkill(
                    profile_id=profile.id,
                    skill_uri=hits[0].id,
                    level="advanced",
                    acquired=acquired,
                    validated_at=datetime.now(UTC) if validated else None,
                    validated_by_user_id=caseworker.id if validated and caseworker else None,
                    validated_by_organisation_id=partner.id if validated and partner else None,
                    evidence="Attestation d'employeur et mise en situation" if validated else "",
                )
            )
        if index == 0 and partner is not None and partner.id is not None:
            session.add(PartnerConsent(profile_id=profile.id, organisation_id=partner.id))
    await session.commit()


async def seed(database_url: str, *, demo: bool) -> bool:
    """Load reference data (always) and demo data (when asked). Returns True if anything was created."""
    engine = make_engine(database_url, pool_size=2)
    try:
        async with make_session_factory(engine)() as session:
            created = await seed_demo(session) if demo else False
            if created:
                await seed_demo_profiles(session)
                from sankofa.seed_vacancies import seed_demo_vacancies  # loads the text engine: only when seeding

                await seed_demo_vacancies(session)
                from sankofa.seed_events import seed_demo_events

                await seed_demo_events(session)
                from sankofa.ranking import upkeep as ranking_upkeep
                from sankofa.seed_population import seed_population

                # Three dozen more returnees, so recommendations and the fairness audit have a population.
                await seed_population(session, password=DEMO_PASSWORD)
                # Seeding writes rows directly: store their ranking records now (a running app picks them up).
                await ranking_upkeep.reconcile(session)
            return created
    finally:
        await engine.dispose()


async def create_admin(database_url: str, *, email: str, password: str, name: str) -> None:
    engine = make_engine(database_url, pool_size=2)
    try:
        async with make_session_factory(engine)() as session:
            user = (await session.exec(select(User).where(User.email == email.lower()))).one_or_none()
            if user is None:
                user = User(email=email.lower(), display_name=name, role=Role.ADMIN)
            user.role = Role.ADMIN
            user.password_hash = hash_password(password)
            user.email_verified_at = user.email_verified_at or datetime.now(UTC)
            session.add(user)
            await session.commit()
    finally:
        await engine.dispose()
