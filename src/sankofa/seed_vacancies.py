"""Demo vacancies: the demo employer's profile and its offers across Senegal, Mali, Guinea, Morocco and Tunisia."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.organisations.models import Membership, Organisation
from sankofa.reference.models import Region
from sankofa.vacancies import fields as vacancy_fields
from sankofa.vacancies.models import Vacancy, VacancyStatus

DEMO_EMPLOYER_PROFILE: dict[str, Any] = {
    "description": (
        "Baobab BTP builds schools, health centres and housing in Senegal, Mali and Guinea, and runs workshops in "
        "Morocco and Tunisia. We hire returnees for their experience abroad and train them on site."
    ),
    "sectors": ["construction", "manufacturing", "energy"],
    "regions": ["SN.01", "SN.07", "SN.14", "SN.12", "ML.01", "ML.03", "GN.04", "GN.D", "MA.06", "TN.36", "TN.32"],
    "size": "250+",
    "website": "https://www.baobab-btp.example",
    "contact_email": "recrutement@baobab-btp.test",
    "contact_phone": "+221 33 800 10 10",
}
# (locale, status, form fields); skills that the engine cannot link are dropped, the rest goes through the parser.
DEMO_VACANCIES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "fr",
        "published",
        {
            "title": "Soudeur / soudeuse TIG-MIG",
            "location": "Thiès",
            "contract_type": "permanent",
            "sector": "manufacturing",
            "description": "Atelier de construction métallique. Soudure TIG et MIG de charpentes, lecture de plans, "
            "contrôle visuel des soudures, respect des consignes de sécurité.",
            "required_skills": "lire des plans standard",
            "optional_skills": "techniques de soudage",
            "salary_min": "180000",
            "salary_max": "260000",
            "salary_currency": "XOF",
            "positions": "3",
            "open_to_abroad": "yes",
            "languages": "fr",
        },
    ),
    (
        "fr",
        "published",
        {
            "title": "Maçon qualifié",
            "location": "Dakar",
            "contract_type": "fixed_term",
            "sector": "construction",
            "description": "Chantier d'une école de 12 classes à Dakar. Pose de briques et de parpaings, coffrages, "
            "enduits; travail en équipe sous la direction du chef de chantier.",
            "required_skills": "poser des briques",
            "salary_min": "150000",
            "salary_max": "200000",
            "salary_currency": "XOF",
            "positions": "6",
            "languages": "fr;wo",
        },
    ),
    (
        "fr",
        "published",
        {
            "title": "Électricien bâtiment",
            "location": "Saint-Louis",
            "contract_type": "permanent",
            "sector": "energy",
            "description": "Installations électriques de logements et de centres de santé: tirage de câbles, "
            "tableaux, mise en service, lecture de schémas électriques.",
            "required_skills": "électricité",
            "optional_skills": "plans de câblage électrique",
            "salary_min": "200000",
            "salary_currency": "XOF",
            "positions": "2",
            "open_to_abroad": "yes",
            "languages": "fr",
        },
    ),
    (
        "fr",
        "published",
        {
            "title": "Chauffeur poids lourd",
            "location": "Bamako",
            "contract_type": "permanent",
            "sector": "transport",
            "description": "Transport de matériaux entre Bamako et Kayes. Permis C exigé, entretien courant du camion, "
            "tenue du carnet de bord.",
            "required_skills": "manœuvrer des poids-lourds",
            "salary_min": "175000",
            "salary_max": "225000",
            "salary_currency": "XOF",
            "positions": "4",
            "languages": "fr;bm",
        },
    ),
    (
        "fr",
        "published",
        {
            "title": "Comptable",
            "location": "Conakry",
            "contract_type": "permanent",
            "sector": "finance",
            "description": "Tenue de la comptabilité générale de la filiale guinéenne, déclarations fiscales, suivi "
            "de la trésorerie et préparation des clôtures mensuelles.",
            "required_skills": "comptabilité",
            "salary_min": "6000000",
            "salary_max": "9000000",
            "salary_currency": "GNF",
            "positions": "1",
            "open_to_abroad": "yes",
            "languages": "fr",
        },
    ),
    (
        "en",
        "published",
        {
            "title": "Web developer",
            "location": "Casablanca",
            "contract_type": "permanent",
            "sector": "ict",
            "work_mode": "hybrid",
            "description": "Build and maintain our site-tracking web application: forms for site managers, "
            "dashboards, integrations with our accounting software. JavaScript and PHP.",
            "required_skills": "JavaScript;PHP",
            "optional_skills": "web programming",
            "salary_min": "9000",
            "salary_max": "14000",
            "salary_currency": "MAD",
            "positions": "1",
            "open_to_abroad": "yes",
            "languages": "fr;en",
        },
    ),
    (
        "fr",
        "published",
        {
            "title": "Cuisinier de cantine de chantier",
            "location": "Kindia",
            "contract_type": "seasonal",
            "sector": "hospitality",
            "description": "Préparation des repas de 80 ouvriers sur le chantier de Kindia, gestion des stocks de "
            "denrées, respect des règles d'hygiène alimentaire.",
            "required_skills": "préparer des repas",
            "salary_min": "2500000",
            "salary_currency": "GNF",
            "positions": "2",
            "languages": "fr",
        },
    ),
    (
        "fr",
        "published",
        {
            "title": "Tailleur / couturière (vêtements de travail)",
            "location": "Tunis",
            "contract_type": "fixed_term",
            "sector": "manufacturing",
            "description": "Confection et retouche des vêtements de travail de nos équipes: couture à la machine, "
            "prise de mesures, entretien des machines.",
            "required_skills": "couture",
            "salary_min": "900",
            "salary_max": "1200",
            "salary_currency": "TND",
            "positions": "2",
            "languages": "fr;ar",
        },
    ),
    (
        "fr",
        "published",
        {
            "title": "Agronome (aménagements hydro-agricoles)",
            "location": "Ziguinchor",
            "contract_type": "fixed_term",
            "sector": "agriculture",
            "description": "Suivi des périmètres irrigués que nous aménageons en Casamance: conseil aux producteurs, "
            "choix des cultures, entretien des systèmes d'irrigation.",
            "required_skills": "agronomie",
            "optional_skills": "systèmes d'irrigation",
            "salary_min": "350000",
            "salary_max": "500000",
            "salary_currency": "XOF",
            "positions": "1",
            "open_to_abroad": "yes",
            "languages": "fr",
        },
    ),
    (
        "en",
        "published",
        {
            "title": "Electrician",
            "location": "Sfax",
            "contract_type": "permanent",
            "sector": "energy",
            "description": "Electrical installation and maintenance in our Sfax workshop: wiring, switchboards, "
            "testing, reading electrical diagrams.",
            "required_skills": "electricity",
            "optional_skills": "electrical wiring plans",
            "salary_min": "1100",
            "salary_max": "1500",
            "salary_currency": "TND",
            "positions": "2",
            "languages": "fr;ar",
        },
    ),
    (
        "fr",
        "draft",
        {
            "title": "Chef de chantier",
            "location": "Tanger",
            "contract_type": "permanent",
            "sector": "construction",
            "description": "Encadrement des équipes sur un chantier de logements.",
            "salary_currency": "MAD",
            "positions": "1",
            "languages": "fr;ar",
        },
    ),
    (
        "fr",
        "draft",
        {
            "title": "Plombier",
            "location": "Kayes",
            "contract_type": "seasonal",
            "sector": "construction",
            "description": "Installation de la plomberie des centres de santé de la région de Kayes.",
            "positions": "2",
            "languages": "fr",
        },
    ),
]


def _demo_values(locale: str, fields: dict[str, Any]) -> Any:
    """Parse a demo vacancy; skill names the engine does not link are dropped rather than failing the seed."""
    values, errors = vacancy_fields.parse(fields, locale=locale)
    if values is None and set(errors) <= {"required_skills", "optional_skills"}:
        values, errors = vacancy_fields.parse({k: v for k, v in fields.items() if k not in errors}, locale=locale)
    if values is None:
        raise RuntimeError(f"demo vacancy {fields['title']!r} does not parse: {errors}")
    return values


async def seed_demo_vacancies(session: AsyncSession) -> None:
    """The demo employer's profile and its vacancies (ten published in FR and EN, two drafts)."""
    org = (await session.exec(select(Organisation).where(Organisation.name == "Baobab BTP"))).first()
    if org is None or org.id is None:
        return
    if (await session.exec(select(Vacancy.id).where(Vacancy.organisation_id == org.id))).first() is not None:
        return
    known = set((await session.exec(select(Region.code))).all())
    for name, value in DEMO_EMPLOYER_PROFILE.items():
        setattr(org, name, [code for code in value if code in known] if name == "regions" else value)
    owner = (await session.exec(select(Membership.user_id).where(Membership.organisation_id == org.id))).first()
    now = datetime.now(UTC)
    today = now.date()
    for index, (locale, status, fields) in enumerate(DEMO_VACANCIES):
        deadline = (today + timedelta(days=20 + 7 * index)).isoformat()
        values = _demo_values(locale, {**fields, "deadline": deadline})
        vacancy = Vacancy(organisation_id=org.id, created_by_id=owner, title=values.title, status=status)
        vacancy_fields.apply(vacancy, values)
        if status == VacancyStatus.PUBLISHED:
            vacancy.published_at = now - timedelta(days=index)
        session.add(vacancy)
        await session.flush()
        assert vacancy.id is not None
        await vacancy_fields.replace_skills(session, vacancy_id=vacancy.id, values=values)
    await session.commit()
