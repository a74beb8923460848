"""Users, roles, organisation membership, social teams, API tokens, sign-in."""

from flask import Flask, render_template, request

from socialmap.extensions import db, login_manager


def init_app(app: Flask) -> None:
    from socialmap.accounts import views
    from socialmap.accounts.models import User

    login_manager.init_app(app)
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None

    @login_manager.unauthorized_handler
    def unauthorized():
        # Anonymous visitors of a protected page get the sign-in form, with 401.
        from socialmap.accounts.forms import LoginForm

        return render_template("accounts/login.html", form=LoginForm(next=request.full_path)), 401

    app.register_blueprint(views.bp)
