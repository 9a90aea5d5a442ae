"""An investor sees anonymous profiles only once their email address is confirmed, on every path."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.i18n import gettext, use_locale
from tests.support.web import make_user
from tests.web.test_candidates_factories import make_returnee
from tests.web.test_partner_consent import signed_in


async def test_an_unconfirmed_investor_sees_no_profile_until_the_address_is_confirmed(app, db: AsyncSession) -> None:  # type: ignore[no-untyped-def]
    _, profile = await make_returnee(db)
    investor = await make_user(
        db, email="fund@example.org", role="investor", verified=False, org=("investor", "Diaspora Fund")
    )
    paths = {"list": "/candidates", "detail": f"/candidates/{profile.public_id}"}
    async with signed_in(app, "fund@example.org") as person:
        listing = await person.get(paths["list"])
        assert listing.status_code == 200 and str(profile.public_id) not in listing.text
        with use_locale("fr"):
            assert (
                gettext(
                    "Confirm your email address with the link we sent you: profiles are shown once it is confirmed."
                ).split(":")[0]
                in listing.text
            )
        assert (await person.get(paths["detail"])).status_code == 404

        investor.email_verified_at = datetime.now(UTC)
        db.add(investor)
        await db.commit()
        listing = await person.get(paths["list"])
        assert str(profile.public_id) in listing.text
        assert (await person.get(paths["detail"])).status_code == 200
