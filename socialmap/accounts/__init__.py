"""Users, roles, organisation membership, social teams, API tokens, sign-in."""

from flask import Flask, render_template, request

from socialmap.extensions import db, login_manager
from socialmap.ids import read_id


def init_app(app: Flask) -> None:
    from socialmap.accounts import views
    from socialmap.accounts.models import User

    login_manager.init_app(app)
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_id: str):
        # "id:version" (User.get_id); a session from before the last sign-out or password change,
        # or from before session versions existed, names an older version and is signed out.
        user_id, _sep, version = session_id.partition(":")
        user = db.session.get(User, read_id(user_id)) if read_id(user_id) and version.isdigit() else None
        return user if user is not None and str(user.session_version) == version else None

    @login_manager.unauthorized_handler
    def unauthorized():
        # Anonymous visitors of a protected page get the sign-in form, with 401.
        from socialmap.accounts.forms import LoginForm

        return render_template("accounts/login.html", form=LoginForm(next=request.full_path)), 401

    app.register_blueprint(views.bp)
