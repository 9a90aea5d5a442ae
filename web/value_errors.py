"""What to tell someone whose value does not have the type its field declares, in their language.

A parameter or a JSON body field typed in a handler (an integer between 1 and 500, one of a list, at most 200
characters) is checked by Litestar and msgspec before the services run. Their messages are English and technical
("Expected `int` <= 500"); the answer names the field with the same messages the services give for the same rule.
"""

from __future__ import annotations

import re
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import msgspec
import msgspec.inspect as mi
from litestar.handlers import HTTPRouteHandler
from msgspec import Meta

from sankofa.core.i18n import gettext as _

SHOWN_CHOICES = 12
_MISSING = re.compile(r"missing required field `([^`]+)`")
_AT = re.compile(r" - at `\$\.?([^`]*)`$")


def _bounds(low: Any, high: Any, *, whole: bool) -> str:
    if low is not None and high is not None:
        if whole:
            return _("Enter a whole number between %(low)s and %(high)s.") % {"low": low, "high": high}
        return _("Enter a number between %(low)s and %(high)s.") % {"low": low, "high": high}
    return _("Enter a whole number.") if whole else _("Enter a number.")


def _choices(values: list[Any]) -> str:
    shown = ", ".join(str(value) for value in values[:SHOWN_CHOICES])
    more = "…" if len(values) > SHOWN_CHOICES else ""
    return _("Choose one of: %(values)s.") % {"values": shown + more}


def message_for(info: mi.Type) -> str:
    """The message for a value that does not fit `info` (a msgspec type, optional or not)."""
    kinds = [kind for kind in getattr(info, "types", (info,)) if not isinstance(kind, mi.NoneType)]
    kind = kinds[0] if len(kinds) == 1 else info
    if isinstance(kind, mi.IntType):
        return _bounds(kind.ge, kind.le, whole=True)
    if isinstance(kind, mi.FloatType):
        return _bounds(kind.ge, kind.le, whole=False)
    if isinstance(kind, mi.LiteralType):
        return _choices(list(kind.values))
    if isinstance(kind, mi.BoolType):
        return _("Send true or false.")
    if isinstance(kind, mi.DateType):
        return _("Enter a date like 2026-03-31.")
    if isinstance(kind, mi.StrType) and kind.max_length is not None:
        return _("Use at most %(n)s characters.") % {"n": kind.max_length}
    if isinstance(kind, mi.ListType):
        if isinstance(kind.item_type, mi.LiteralType):
            return _choices(list(kind.item_type.values))
        if kind.max_length is not None:
            return _("Give at most %(n)s values.") % {"n": kind.max_length}
        return _("Send a list.")
    return _("This value is not valid.")


def for_parameter(handler: HTTPRouteHandler | None, name: str) -> str:
    """The message for a query or path value `name` of `handler` that Litestar refused."""
    parameter = handler.parsed_fn_signature.parameters.get(name) if handler is not None else None
    if parameter is None:
        by_alias = {
            getattr(p.kwarg_definition, "query", None): p
            for p in (handler.parsed_fn_signature.parameters.values() if handler else [])
        }
        parameter = by_alias.get(name)
    if parameter is None:
        return _("This value is not valid.")
    kwarg = parameter.kwarg_definition
    constraints = {key: getattr(kwarg, key, None) for key in ("ge", "le", "gt", "lt", "max_length", "min_length")}
    constraints = {key: value for key, value in constraints.items() if value is not None}
    annotation = parameter.annotation
    members = [member for member in get_args(annotation) if member is not type(None)]
    if get_origin(annotation) in (Union, UnionType) and len(members) == 1:
        annotation = members[0]  # the bounds are the number's, not the union's
    try:
        info = mi.type_info(Annotated[annotation, Meta(**constraints)] if constraints else annotation)
    except (TypeError, ValueError):
        return _("This value is not valid.")
    return message_for(info)


def for_body(struct: type[msgspec.Struct], error: msgspec.ValidationError) -> tuple[str, str]:
    """The field a body error is about, and its message."""
    text = str(error)
    if missing := _MISSING.search(text):
        return missing.group(1), _("This field is required.")
    where = _AT.search(text)
    path = where.group(1) if where else ""
    name = re.split(r"[.\[]", path)[0] if path else "body"
    fields = {field.encode_name: field for field in mi.type_info(struct).fields}  # type: ignore[attr-defined]
    if name in fields:
        return name, message_for(fields[name].type)
    return name, _("This value is not valid.")
