"""Translated names of domain values (roles, statuses, audit actions) for pages and mails."""

from __future__ import annotations

from sankofa.core.i18n import gettext as _


def role_label(role: str) -> str:
    return {
        "returnee": _("Returnee"),
        "employer": _("Employer"),
        "investor": _("Investor or mentor"),
        "authority": _("Local authority"),
        "partner": _("Reintegration partner"),
        "admin": _("Administrator"),
    }.get(role, role)


def org_status_label(status: str) -> str:
    return {
        "unverified": _("Not yet verified"),
        "verified": _("Verified"),
        "suspended": _("Suspended"),
    }.get(status, status)


def org_kind_label(kind: str) -> str:
    return {
        "employer": _("Employer"),
        "authority": _("Local authority"),
        "partner": _("Reintegration partner"),
        "fund": _("Investment fund"),
    }.get(kind, kind)


def audit_label(action: str) -> str:
    return {
        "account.created": _("Account created"),
        "account.exported": _("You downloaded your data"),
        "account.password_reset": _("Password changed with a reset link"),
        "account.deleted": _("Account deleted"),
        "profile.viewed": _("Your profile was viewed"),
        "profile.edited": _("A partner changed your profile"),
        "skill.validated": _("A partner validated one of your skills"),
        "skill.unvalidated": _("A partner withdrew the validation of one of your skills"),
        "measure.recorded": _("A partner recorded support you received"),
        "contact.requested": _("An employer asked to contact you"),
        "contact.accepted": _("You accepted a contact request"),
        "contact.declined": _("You declined a contact request"),
        "contact.withdrawn": _("You withdrew an employer's access to your contact details"),
        "agreement.added": _("Data-sharing agreement added"),
        "application.submitted": _("You applied to a vacancy"),
        "application.withdrawn": _("You withdrew an application"),
        "application.status_changed": _("An employer changed the status of your application"),
        "application.message": _("An employer wrote to you about your application"),
        "event.registered": _("You registered for an event"),
        "event.registration_cancelled": _("You cancelled an event registration"),
        "event.registration_approved": _("An organiser approved your event registration"),
        "event.registration_rejected": _("An organiser did not accept your event registration"),
        "event.registration_prioritised": _("An organiser changed your priority on an event's waiting list"),
        "event.registration_viewed": _("An event organiser saw the details you agreed to share"),
    }.get(action, action)


def data_section_label(section: str) -> str:
    """Headings of the readable "all my data" page (sections of `data_export.SECTIONS`)."""
    return {
        "account": _("Your account"),
        "organisations": _("Your organisations"),
        "emails_sent_to_you": _("Emails sent to you"),
        "email_links": _("Links sent by email"),
        "sessions": _("Sessions (where you are signed in)"),
        "audit_log": _("Who did what with your data"),
        "saved_searches": _("Saved searches and alerts"),
        "vacancy_reports": _("Vacancies you reported"),
        "profile": _("Your profile"),
        "languages": _("Languages"),
        "education": _("Education"),
        "experience": _("Experience"),
        "certifications": _("Certifications"),
        "skills": _("Skills (and who validated them)"),
        "partner_consents": _("Partners you allowed to see your profile, and their agreements"),
        "contact_requests": _("Contact requests from employers"),
        "contact_grants": _("Who sees your name and contact details"),
        "support_received": _("Support received"),
        "profile_changes": _("Changes to your profile"),
        "applications": _("Applications, their history and messages"),
        "event_registrations": _("Event registrations, what you shared and your answers"),
    }.get(section, section)


def languages_babel_lacks() -> dict[str, str]:
    """Names of the language codes returnees use that Babel (CLDR) does not name, in the current language.

    "ber" is the ISO 639-2 collective code for the Berber (Amazigh) languages; CLDR names only its members
    (kab, tzm, zgh, shi, rif).
    """
    return {"ber": _("Berber (Tamazight)")}
