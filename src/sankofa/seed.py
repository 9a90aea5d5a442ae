"""Reference and demo data, loaded once (idempotent): `sankofa seed`, and `sankofa run` on first start."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.db.engine import make_engine, make_session_factory
from sankofa.db.models import MemberRole, Membership, Organisation, OrgKind, OrgStatus, Role, User
from sankofa.security import hash_password

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


async def seed(database_url: str, *, demo: bool) -> bool:
    """Load reference data (always) and demo data (when asked). Returns True if anything was created."""
    engine = make_engine(database_url, pool_size=2)
    try:
        async with make_session_factory(engine)() as session:
            return await seed_demo(session) if demo else False
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
