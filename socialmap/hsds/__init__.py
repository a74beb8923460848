"""Open data: the catalogue as Open Referral HSDS 3.0 (/api/hsds/), the OpenAPI document (/api/) and
the village widget (/embed/)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from socialmap.hsds import draft_views, embed, openapi, views

    app.register_blueprint(views.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(embed.bp)
    app.register_blueprint(draft_views.bp)
    app.add_template_global(embed.snippet, "embed_snippet")
    from socialmap.licence import current_data_licence

    app.add_template_global(current_data_licence, "data_licence")
