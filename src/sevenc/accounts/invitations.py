"""The "choose your password" email for people added to a workspace or a client portal.

Newly added users have no password. This sends them the same kind of one-time link as a password
reset (Django's token generator, the reset-confirm page), worded as an invitation.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

SUBJECT_TEMPLATE = "accounts/email/invitation_subject.txt"
BODY_TEMPLATE = "accounts/email/invitation_body.txt"


def invitation_needed(*, user: Any) -> bool:
    """True while the user has never chosen a password (so cannot log in yet)."""
    return user.is_active and not user.has_usable_password()


def invitation_send(*, request: HttpRequest, user: Any, place: str = "") -> None:
    """Email ``user`` a link to choose their password. ``place`` names what they were given access to."""
    site = get_current_site(request)
    inviter = request.user if request.user.is_authenticated else None
    workspace = getattr(request, "workspace", None)
    context = {
        "email": user.email,
        "user": user,
        "domain": site.domain,
        "site_name": site.name,
        "protocol": "https" if request.is_secure() else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "inviter_name": getattr(inviter, "display_name", ""),
        "workspace_name": workspace.name if workspace is not None else "",
        "place": place or (workspace.name if workspace is not None else "sevenc"),
    }
    subject = "".join(render_to_string(SUBJECT_TEMPLATE, context).splitlines()).strip()
    body = render_to_string(BODY_TEMPLATE, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
