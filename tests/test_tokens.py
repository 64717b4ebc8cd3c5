"""API tokens: hashed at rest, expiring, revocable, and rate-limited per token."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from faircontact.core.models import ApiToken


def test_tokens_are_stored_hashed_and_can_be_revoked(api):
    stored = ApiToken.objects.get(user=api.user)
    key = api.client.defaults["HTTP_AUTHORIZATION"].split()[1]
    assert stored.digest == ApiToken.digest_of(key) and key != stored.digest and len(stored.prefix) == 8
    listed = api.get("/tokens").json()
    assert [t["id"] for t in listed] == [str(stored.pk)] and "digest" not in listed[0]
    assert api.post(f"/tokens/{stored.pk}/revoke").status_code == 200
    assert api.get("/customers").status_code == 401


def test_expired_tokens_are_refused(api):
    ApiToken.objects.filter(user=api.user).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api.get("/customers").status_code == 401


def test_one_cannot_revoke_someone_elses_token(api, api_for, make_user):
    other = api_for(make_user("officer"))
    theirs = ApiToken.objects.get(user=other.user)
    assert api.post(f"/tokens/{theirs.pk}/revoke").status_code == 404
    assert other.get("/customers").status_code == 200


def test_each_token_is_rate_limited(api, api_for, make_user, settings):
    from django.core.cache import cache

    cache.clear()
    settings.FAIRCONTACT_API_RATE = "5/m"
    codes = [api.get("/customers").status_code for _ in range(7)]
    assert codes == [200] * 5 + [429] * 2
    assert api.get("/customers").json()["error"]["message"] == "Too many requests."
    assert api_for(make_user("officer")).get("/customers").status_code == 200  # another token is unaffected
