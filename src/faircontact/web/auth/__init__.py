"""Sign-in hardening for the staff web interface: lock-out after failed sign-ins and two-factor sign-in.

Lock-out is django-axes (``AXES_*`` settings, keyed on username and client address); the second factor is a
TOTP authenticator app through django-otp, required for the roles in ``FAIRCONTACT_OTP_REQUIRED_ROLES``.
The API is not affected: it authenticates with tokens (``api/v1/base.py``).
"""
