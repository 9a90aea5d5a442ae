"""Data-sharing agreements: which groups of fields a reintegration partner may see of consenting returnees."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.agreements.models import DataSharingAgreement
from sankofa.core import audit, inputs, validation
from sankofa.core.errors import NotFound, PermissionDenied, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.inputs import Form
from sankofa.identity.models import Role, User
from sankofa.organisations import lifecycle as organisations
from sankofa.organisations.models import Organisation, OrgKind
from sankofa.profiles import visibility


async def agreements_of(session: AsyncSession, organisation_id: int) -> tuple[Organisation, list[DataSharingAgreement]]:
    """A partner organisation and its data-sharing agreements, latest start first."""
    org = await organisations.get(session, organisation_id)
    if org.kind != OrgKind.PARTNER:
        raise NotFound(_("Only reintegration partners have data-sharing agreements."))
    result = await session.exec(
        select(DataSharingAgreement)
        .where(DataSharingAgreement.organisation_id == organisation_id)
        .order_by(col(DataSharingAgreement.valid_from).desc(), col(DataSharingAgreement.id).desc())
    )
    return org, list(result.all())


async def add_agreement(
    session: AsyncSession, *, actor: User, organisation_id: int, form: Form
) -> DataSharingAgreement:
    """Record a signed data-sharing agreement: the field groups the partner may see, for a period.

    Raises:
        PermissionDenied: the actor is not an administrator.
        ValidationFailed: with every wrong field named.
    """
    if actor.role != Role.ADMIN:
        raise PermissionDenied(_("Only administrators manage data-sharing agreements."))
    await agreements_of(session, organisation_id)
    errors: dict[str, str] = {}
    groups = inputs.items(form, "field_groups")
    if not groups or any(group not in visibility.ALL_GROUPS for group in groups):
        errors["field_groups"] = _("Choose at least one group of fields from the list.")
    valid_from = inputs.date_value(form, "valid_from", errors, required=True)
    valid_until = inputs.date_value(form, "valid_until", errors)
    if valid_from and valid_until and valid_until < valid_from:
        errors["valid_until"] = _("The end date cannot be before the start date.")
    reference = inputs.text(form, "reference")
    if message := validation.text_error(reference, required=False, max_length=200):
        errors["reference"] = message
    if errors:
        raise ValidationFailed(errors)
    assert valid_from is not None
    agreement = DataSharingAgreement(
        organisation_id=organisation_id,
        field_groups=[str(group) for group in visibility.FieldGroup if group in groups],
        valid_from=valid_from,
        valid_until=valid_until,
        reference=reference,
    )
    session.add(agreement)
    await audit.record(
        session,
        action="agreement.added",
        actor_user_id=actor.id,
        detail={
            "organisation_id": organisation_id,
            "field_groups": agreement.field_groups,
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else None,
        },
    )
    await session.flush()
    return agreement
