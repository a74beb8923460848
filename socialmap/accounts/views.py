"""Sign in and out, password reset, sign-up, invitations, personal API tokens."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from socialmap.accounts import emails
from socialmap.accounts.forms import ForgotPasswordForm, LoginForm, NewPasswordForm, TokenForm
from socialmap.accounts.services import (
    AccountError,
    authenticate,
    create_token,
    end_sessions,
    find_user,
    reset_password,
    revoke_token,
)
from socialmap.extensions import db, limiter
from socialmap.i18n import _
from socialmap.security import safe_next

bp = Blueprint("accounts", __name__)


def _login_limit() -> str:
    from flask import current_app

    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            db.session.commit()
            return redirect(safe_next("catalogue.dashboard", form.next.data or ""))
        form.password.errors.append(_("The e-mail address or password is not right."))
    elif request.method == "GET":
        form.next.data = request.args.get("next", "")
    status = 400 if form.errors else 200
    return render_template("accounts/login.html", form=form), status


@bp.post("/uitloggen")
def logout():
    if current_user.is_authenticated:
        end_sessions(current_user)  # a copied session cookie must not outlive signing out
        db.session.commit()
    logout_user()
    return redirect(url_for("web.home"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is not None and user.is_enabled:
            emails.send_password_reset(user)
        # The same answer either way: the form must not reveal which addresses have an account.
        return render_template("accounts/message.html", title=_("Check your e-mail"),
                               message=_("If there is an account for this address, we sent a link to set a new "
                                         "password. The link works for two hours and only once."))  # fmt: skip
    return render_template("accounts/forgot.html", form=form)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
def reset(token: str):
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = reset_password(token, form.password.data)
        except AccountError as error:
            return render_template("accounts/message.html", title=_("Link not valid"), message=error.message), 400
        db.session.commit()
        login_user(user)
        flash(_("Your new password is saved."))
        return redirect(url_for("catalogue.dashboard"))
    return render_template("accounts/new_password.html", form=form, title=_("Choose a new password"))


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        new_token, _record = create_token(current_user, form.name.data)
        db.session.commit()
    return render_template("accounts/tokens.html", form=form, new_token=new_token, tokens=current_user.tokens)


@bp.post("/account/tokens/<int:token_id>/intrekken")
@login_required
def revoke(token_id: int):
    try:
        revoke_token(current_user, token_id)
    except AccountError:
        abort(404)
    db.session.commit()
    return redirect(url_for("accounts.tokens"))
