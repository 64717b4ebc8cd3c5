"""API tokens: list your own, revoke one. Tokens are stored hashed, expire, and can be revoked at once."""

from __future__ import annotations

from django.utils import timezone
from ninja import Router, Schema

from faircontact.core.access import user_has_permission
from faircontact.core.audit import record_event
from faircontact.core.errors import Conflict
from faircontact.core.models import ApiToken

from .base import ERRORS, Moment, get_or_404, perm

router = Router(tags=["tokens"])


class TokenOut(Schema):
    id: str
    created_at: Moment
    prefix: str
    expires_at: Moment
    revoked_at: Moment | None
    last_used_at: Moment | None


def token_out(t: ApiToken) -> dict:
    return {
        "id": str(t.pk),
        "created_at": t.created_at,
        "prefix": t.prefix,
        "expires_at": t.expires_at,
        "revoked_at": t.revoked_at,
        "last_used_at": t.last_used_at,
    }


@router.get(
    "/tokens",
    response={200: list[TokenOut], **ERRORS},
    auth=perm("work.view"),
    summary="Your API tokens (the secret itself is never shown again)",
)
def list_tokens(request):
    return [token_out(t) for t in ApiToken.objects.filter(user=request.auth).order_by("-created_at")]


@router.post(
    "/tokens/{token_id}/revoke",
    response={200: TokenOut, **ERRORS},
    auth=perm("work.view"),
    summary="Revoke one of your tokens (administrators: anyone's)",
)
def revoke_token(request, token_id: str):
    tokens = ApiToken.objects.all()
    if not user_has_permission(request.auth, "tokens.manage"):
        tokens = tokens.filter(user=request.auth)
    token = get_or_404(ApiToken, token_id, name="token", queryset=tokens)
    if token.revoked_at:
        raise Conflict("That token is already revoked.", code="already_revoked")
    token.revoked_at = timezone.now()  # the wall clock, as for expiry
    token.save(update_fields=["revoked_at"])
    record_event(actor=request.auth, action="revoke", obj=token, changes={"user": token.user_id})
    return token_out(token)
