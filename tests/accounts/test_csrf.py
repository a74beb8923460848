"""Every form is protected against cross-site request forgery."""

from tests.conftest import make_app
from tests.factories import PASSWORD, make_service, personas


def test_every_form_post_without_a_token_is_refused(database_url, reference_data, tmp_path):
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    from socialmap.extensions import db

    with app.app_context():
        cast = personas()
        service = make_service(cast.own)
        db.session.commit()
        client = app.test_client()
        posts = [r for r in app.url_map.iter_rules() if "POST" in r.methods and not r.rule.startswith("/api/")]
        assert len(posts) >= 15
        for rule in posts:
            url = rule.rule
            for argument in rule.arguments:
                # An existing service, so a form that stands in its own signed token (the resident's
                # correction form, which sets no cookie) is refused for the missing token, not the id.
                number = str(service.id) if argument == "service_id" else "1"
                url = url.replace(f"<int:{argument}>", number).replace(f"<{argument}>", "x")
            assert client.post(url, data={"email": cast.volunteer_editor.email}).status_code == 400, rule.rule
        # with the token from the page, signing in works
        page = client.get("/inloggen").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        response = client.post("/inloggen", data={"email": cast.volunteer_editor.email, "password": PASSWORD,
                                                  "csrf_token": token})  # fmt: skip
        assert response.status_code == 302
        from sqlalchemy import delete

        for table in reversed(db.metadata.sorted_tables):
            if table.name in ("user_account", "organization", "organization_member", "municipality_editor",
                              "team_member", "team", "service", "location", "api_token"):  # fmt: skip
                db.session.execute(delete(table))
        db.session.commit()
        db.engine.dispose()
