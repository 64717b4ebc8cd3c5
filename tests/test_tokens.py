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
    settings.FAIRCONTACT_API_RATE = "5/m"
    codes = [api.get("/customers").status_code for _ in range(7)]
    assert codes == [200] * 5 + [429] * 2
    assert api.get("/customers").json()["error"]["message"] == "Too many requests."
    assert api_for(make_user("officer")).get("/customers").status_code == 200  # another token is unaffected


# --- issue 19: privileged tokens -------------------------------------------------------------------------------
def _cli_token(capsys, *args):
    from faircontact.cli import main

    assert main(["token", "create", *args]) == 0
    out = capsys.readouterr()
    return out.out.strip(), out.err


def test_cli_caps_a_privileged_users_token_with_a_warning_and_keeps_others(make_user, capsys, settings):
    settings.FAIRCONTACT_TODAY = "2026-01-05"  # the test clock in the past: expiry is still on the wall clock
    make_user("decision_maker", username="dsm")
    make_user("officer", username="caseworker")
    key, warning = _cli_token(capsys, "dsm", "--days", "90")
    assert "expires after 12 hours, not 90 days" in warning and key.startswith("fc_")
    token = ApiToken.objects.get(digest=ApiToken.digest_of(key))
    assert timedelta(hours=11, minutes=59) < token.expires_at - timezone.now() <= timedelta(hours=12)
    key, warning = _cli_token(capsys, "caseworker", "--days", "30")
    assert warning == ""
    token = ApiToken.objects.get(digest=ApiToken.digest_of(key))
    assert timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= timedelta(days=30)
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_X_ACCESS_REASON="Acceptance test")
    assert client.get("/api/v1/customers").status_code == 200  # not expired on the test clock's date


def test_a_privileged_users_token_expires_within_the_limit_even_if_made_before(api_for, make_user, settings):
    settings.FAIRCONTACT_PRIVILEGED_TOKEN_HOURS = 12
    dsm = api_for(make_user("decision_maker"))
    assert dsm.get("/notifications").status_code == 200
    ApiToken.objects.filter(user=dsm.user).update(
        created_at=timezone.now() - timedelta(hours=13), expires_at=timezone.now() + timedelta(days=60)
    )
    assert dsm.get("/notifications").status_code == 401  # an old 90-day token of someone now privileged


def test_web_token_creation_needs_the_second_factor_for_privileged_roles(client, make_user):
    from faircontact.web.auth.testing import verified_login

    dsm = make_user("decision_maker")
    client.force_login(dsm)  # password only: the two-factor step is still owed
    client.post("/tokens")
    assert not ApiToken.objects.filter(user=dsm).exists()
    verified_login(client, dsm)
    page = client.post("/tokens").content.decode()
    token = ApiToken.objects.get(user=dsm)
    assert "Token created" in page and token.prefix in page and "12 hours" in page
    assert token.expires_at - timezone.now() <= timedelta(hours=12)
    officer = make_user("officer")
    client.force_login(officer)
    assert "Token created" in client.post("/tokens").content.decode()
    assert ApiToken.objects.get(user=officer).expires_at - timezone.now() > timedelta(days=89)


def test_every_signed_in_page_links_to_the_tokens_page(client, make_user, use_profile):
    """Issue 17: anyone may create their own API tokens, so the account links beside Notifications lead there."""
    use_profile("wolverhampton-homes")
    for role in ("officer", "auditor"):
        client.force_login(make_user(role))
        page = client.get("/", follow=True).content.decode()
        assert '<a class="fc-account__link" href="/tokens">API tokens</a>' in page
        assert 'href="/tokens" aria-current="page">API tokens' in client.get("/tokens").content.decode()
