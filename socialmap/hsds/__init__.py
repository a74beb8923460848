"""Open data: the catalogue as Open Referral HSDS 3.0 (/api/hsds/), the OpenAPI document (/api/)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from socialmap.hsds import openapi, views

    app.register_blueprint(views.bp)
    app.register_blueprint(openapi.bp)
    from socialmap.licence import current_data_licence

    app.add_template_global(current_data_licence, "data_licence")
