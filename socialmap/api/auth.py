"""Personal API tokens: `Authorization: Bearer <token>`. 401 without a valid token, 403 for the wrong role.

The role gate is a rule of `User` (accounts/models.py), e.g. `token_required(lambda user: user.can_refer)`;
which object a user may touch is decided by the service layer, as for the web forms."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, request

from socialmap.accounts.services import user_for_token
from socialmap.api.errors import error_response
from socialmap.i18n import _


def token_required(allowed: Callable[..., bool] | None = None):
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            scheme, _sep, token = header.partition(" ")
            user = user_for_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
            if user is None:
                response = error_response(401, "unauthorized", _("Give a valid personal API token: "
                                                                  "Authorization: Bearer <token>."))  # fmt: skip
                response[0].headers["WWW-Authenticate"] = 'Bearer realm="socialmap"'
                return response
            if allowed is not None and not allowed(user):
                return error_response(403, "forbidden", _("Your role may not do this."))
            g.api_user = user
            return view(*args, **kwargs)

        return wrapper

    return decorator
