"""Every route in the URL map, for every role that must not use it on someone else's objects.

The walker reads `app.url_map`, not a hand-kept list: a new route that is not classified in
ACCESS below fails `test_every_route_is_classified`, so nobody can add one without deciding who
may use it. Path arguments are filled with objects that belong to someone else (an organisation
and services of Súdwest-Fryslân, a referral of a Súdwest-Fryslân team, a change request and a
revision there, another account's API token, links made for another purpose), and the walkers
are: anonymous, an editor of another organisation, a professional of another team and the
municipal editor of another municipality (all three in Borger-Odoorn). After every request a
snapshot of the database, read through a fresh connection, must be unchanged.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from socialmap.accounts.services import create_token, password_reset_token
from socialmap.activities.models import Activity, Closure
from socialmap.catalogue import services
from socialmap.catalogue.models import ChangeRequest, Revision
from socialmap.catalogue.services import invitation_token
from socialmap.feedback.models import Correction
from socialmap.hsds.mapping import organization_uuid, service_uuid
from socialmap.mail import outbox_messages
from socialmap.places.models import ContactPoint
from socialmap.referrals.services import record_referral
from socialmap.text import slugify
from socialmap.volunteering.models import Vacancy
from tests.conftest import REFERENCE_TABLES
from tests.factories import make_org, make_service, make_user, municipality, personas, place

# -- who may use what: one entry per endpoint --------------------------------------------------------
PUBLIC = "public"  # resident pages and the public API: 200 (or a 301 to the canonical address) for everyone
OPEN = "open"  # sign-in, sign-out, sign-up, forgotten password: anyone; the walker's form is incomplete
LINK = "link"  # signed links: a link made for another purpose or account is refused (400; a GET may show the form)
OWN = "own"  # a signed-in person's own pages and actions: 401 anonymous; never shows someone else's data
OTHERS = "others"  # acts on the object in the path or body: 401 anonymous, 403/404 for everyone here

ACCESS = {
    "web.home": PUBLIC, "web.search": PUBLIC, "web.search_map": PUBLIC, "web.service_detail": PUBLIC,
    "web.organization": PUBLIC, "web.place": PUBLIC, "web.about": PUBLIC, "health.healthz": PUBLIC,
    "web.service_sheet": PUBLIC,
    "api.list_services": PUBLIC, "api.services_geojson": PUBLIC, "api.get_service": PUBLIC, "api.list_places": PUBLIC,
    "hsds.root": PUBLIC, "hsds.list_services": PUBLIC, "hsds.get_service": PUBLIC, "hsds.list_organizations": PUBLIC,
    "hsds.get_organization": PUBLIC, "hsds.list_taxonomies": PUBLIC, "hsds.list_taxonomy_terms": PUBLIC,
    "hsds.list_service_at_locations": PUBLIC, "hsds.profile": PUBLIC, "openapi.document_json": PUBLIC,
    "openapi.page": PUBLIC, "embed.place": PUBLIC, "embed.search": PUBLIC,
    "web.accessibility": PUBLIC, "feedback.correction_thanks": PUBLIC,
    "volunteering.vacancies": PUBLIC, "api.list_vacancies": PUBLIC,
    "feedback.suggest_correction": OPEN,  # a resident's correction: no account; the walker's form has no token
    "accounts.login": OPEN, "accounts.logout": OPEN, "accounts.forgot_password": OPEN, "catalogue.sign_up": OPEN,
    "catalogue.accept": LINK, "accounts.reset": LINK, "catalogue.still_correct": LINK,
    "catalogue.dashboard": OWN, "hsds_drafts.drafts": OWN, "accounts.tokens": OWN, "referrals.alternatives": OWN,
    "referrals.create": OWN, "referrals.follow_ups": OWN, "referrals.report": OWN, "referrals.report_csv": OWN,
    "referrals.organization_report": OWN, "api.referral_report": OWN, "api.create_referral": OWN,
    "referrals.coverage": OWN, "referrals.coverage_csv": OWN, "api.coverage_report": OWN,
    "accounts.revoke": OTHERS,
    "catalogue.new_service": OTHERS, "catalogue.edit_service": OTHERS, "catalogue.pause_service": OTHERS,
    "catalogue.reopen_service": OTHERS, "catalogue.delete_service": OTHERS, "catalogue.restore_service": OTHERS,
    "catalogue.confirm_service": OTHERS, "catalogue.history": OTHERS, "catalogue.revert": OTHERS,
    "catalogue.approve": OTHERS, "catalogue.reject": OTHERS, "catalogue.approve_organization": OTHERS,
    "catalogue.trust_organization": OTHERS, "catalogue.invite": OTHERS,
    "catalogue.invite_organization_editor": OTHERS, "catalogue.edit_new_service": OTHERS,
    "referrals.undo": OTHERS, "referrals.outcome": OTHERS, "feedback.handle_correction": OTHERS,
    "api.create_service": OTHERS, "api.update_service": OTHERS, "api.update_referral": OTHERS,
    "volunteering.new_vacancy": OTHERS, "volunteering.end_vacancy": OTHERS, "api.create_vacancy": OTHERS,
    "api.create_activity": OTHERS, "api.create_closure": OTHERS, "activities.dated": OTHERS,
    "activities.remove_activity": OTHERS, "activities.remove_closure": OTHERS,
    "contacts.contact_points": OWN, "contacts.new_contact_point": OWN,  # only within the editor's municipalities
    "contacts.edit_contact_point": OTHERS, "contacts.delete_contact_point": OTHERS,
}  # fmt: skip

# Not walked, with the reason. Keep this as short as possible.
SKIP = {
    "static": "files from static/: no data, no access rules",
}

WALKERS = ("anonymous", "other_org_editor", "other_team_professional", "other_municipality_editor")

# Names of the owner's data that only its own people may see on staff pages.
PRIVATE_MARKERS = ("Vrijwilligers Heeg", "Boodschappenhulp Heeg", "Maaltijden Heeg", "Wijziging Heeg",
                   "Breiclub Heeg", "editor@heeg.example.org", "Correctie Heeg", "bewoner@example.org")  # fmt: skip

# What every request sends. The ids point at the owner's objects; nothing is complete enough to
# create something of the walker's own (a token name, a password, a referral's village are missing;
# only the signed-link forms get a password, so that the link is what they refuse).
QUERY = {"group_by": "organization"}


def form(cast) -> dict:
    # The invitation fields are the takeover of issue #10: the owner's listing (by id and by name)
    # claimed from the walkers' own municipality.
    return {"email": "nieuw@example.org", "organization_id": cast.own.id, "organization": cast.own.name,
            "municipality": "borger-odoorn", "service_id": cast.service.id, "message": "nee", "trust": "1",
            "trusted": "1", "outcome": "helped", "instead_of": "none", "status": "paused"}  # fmt: skip


def body(cast) -> dict:
    return {"organization_id": cast.own.id, "service_id": cast.service.id, "name": "Gekaapt", "outcome": "helped",
            "status": "paused"}  # fmt: skip


@pytest.fixture
def cast(db):
    people = personas()
    swf, bo = municipality("Súdwest-Fryslân"), municipality("Borger-Odoorn")
    people.own.is_trusted = False  # its edits wait in the review queue
    people.service = make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg")
    make_service(people.own, name="Maaltijden Heeg", place_name="Heeg", assured_at=dt.date(2020, 1, 1))
    db.session.add(Revision(service=people.service, action="create", changes={},
                            state=services.service_row(people.service)))  # fmt: skip
    people.change = ChangeRequest(organization=people.own, service=people.service, user_id=people.volunteer_editor.id,
                                  state={**services.service_row(people.service), "name": "Wijziging Heeg"},
                                  base_version=people.service.version)  # fmt: skip
    db.session.add(people.change)
    people.pending = make_org("Breiclub Heeg", municipality_id=swf.id, status="pending", email="brei@example.org")
    people.social_worker.teams[0].municipality_id = swf.id
    people.referral, _created = record_referral(people.social_worker, people.service, "none", place("Heeg"), None,
                                                "walker-key")  # fmt: skip
    people.correction = Correction(service=people.service, message="Correctie Heeg", email="bewoner@example.org")
    db.session.add(people.correction)
    people.vacancy = Vacancy(organization=people.own, title="Vacature Heeg", description_nl="Help mee.",
                             place=place("Heeg"), hours_per_week=2, contact="0515-555 000",
                             expires_on=dt.date.today() + dt.timedelta(days=30))  # fmt: skip
    db.session.add(people.vacancy)
    people.activity = Activity(service=people.service, title="Bingo Heeg", date=dt.date.today() + dt.timedelta(days=3),
                               opens=dt.time(14), closes=dt.time(16))  # fmt: skip
    people.closure = Closure(service=people.service, starts_on=dt.date.today() + dt.timedelta(days=5),
                             ends_on=dt.date.today() + dt.timedelta(days=6))  # fmt: skip
    db.session.add_all([people.activity, people.closure])
    people.contact_point = ContactPoint(municipality_id=swf.id, name="Gebiedsteam Heeg", phone="0515-555 400",
                                        updated_at=dt.datetime(2026, 1, 1), places=[place("Heeg")])  # fmt: skip
    db.session.add(people.contact_point)
    db.session.flush()
    people.contact_point_id = people.contact_point.id  # kept: a route of the walk removes the contact point
    people.admin = make_user("admin", "beheer@example.org")
    people.other_team_professional = make_user("professional", "werker@borger-odoorn.example.org",
                                               team="Sociaal team Borger-Odoorn")  # fmt: skip
    people.other_team_professional.teams[0].municipality_id = bo.id
    people.other_municipality_editor = make_user("municipal_editor", "redactie@borger-odoorn.example.org",
                                                 municipality="Borger-Odoorn")  # fmt: skip
    db.session.flush()
    people.owner_token = create_token(people.volunteer_editor, "owner")[1]
    people.activity_id, people.closure_id = people.activity.id, people.closure.id  # kept: the walk removes them
    people.revision = db.session.scalars(select(Revision)).one()
    people.links = {
        # Each signed-link route gets a genuine link of another purpose, made for another account.
        "catalogue.accept": password_reset_token(people.volunteer_editor),
        "accounts.reset": invitation_token("nieuw@example.org", people.own, people.municipal_editor),
        "catalogue.still_correct": invitation_token("nieuw@example.org", people.own, people.municipal_editor),
    }
    db.session.commit()
    return people


def path_values(cast, endpoint: str) -> dict:
    return {
        "service_id": cast.service.id, "organization_id": cast.own.id, "change_id": cast.change.id,
        "revision_id": cast.revision.id, "referral_id": cast.referral.id, "token_id": cast.owner_token.id,
        "correction_id": cast.correction.id, "vacancy_id": cast.vacancy.id, "activity_id": cast.activity_id,
        "closure_id": cast.closure_id, "contact_point_id": cast.contact_point_id,
        "token": cast.links.get(endpoint),
        "service_uuid": service_uuid(cast.service.source, cast.service.external_id, cast.service.id),
        "organization_uuid": organization_uuid(cast.own.slug),
        "slug": {"web.service_detail": slugify(cast.service.name_nl), "web.organization": cast.own.slug,
                 "web.place": place("Heeg").slug, "embed.place": place("Heeg").slug}.get(endpoint),
    }  # fmt: skip


def walked_rules(app):
    """(rule, method) for every rule of the URL map; sign-out last, since it ends the walker's session."""
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in SKIP]
    rules.sort(key=lambda r: (r.endpoint == "accounts.logout", r.rule))
    return [(rule, method) for rule in rules for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]


def url_for_rule(rule, values: dict) -> str:
    def fill(match):
        name = match.group(1)
        assert values.get(name) is not None, f"the walker does not know how to fill <{name}> of {rule.rule}"
        return str(values[name])

    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", fill, rule.rule)


def snapshot(db) -> dict:
    """Every row of every table the tests write, through a new connection (not the test's session)."""
    # Bookkeeping of the walker's own sign-in and sign-out, and of its token being used.
    volatile = {"user_account": {"last_login_at", "session_version"}, "api_token": {"last_used_at"}}
    state = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            # audit_entry: opening a report writes who looked, by design; it is a log, not data.
            # page_view: reading a service page counts one, by design; a counter, nothing about anyone.
            if table.name in REFERENCE_TABLES or table.name in ("audit_entry", "page_view"):
                continue
            columns = [c for c in table.columns if c.name not in volatile.get(table.name, ())]
            state[table.name] = sorted(repr(tuple(row)) for row in connection.execute(select(*columns)))
    return state


def request(client, cast, rule, method, headers):
    url = url_for_rule(rule, path_values(cast, rule.endpoint))
    if method == "GET":
        return client.get(url, query_string=QUERY, headers=headers)
    if rule.endpoint.startswith("api."):
        return client.open(url, method=method, json=body(cast), headers=headers)
    data = form(cast)
    if ACCESS[rule.endpoint] == LINK:
        data["password"] = "a long enough new password"  # so only the link itself can be what is refused
    return client.open(url, method=method, data=data, headers=headers)


def expected(access: str, walker: str, method: str) -> set[int] | None:
    """The statuses allowed; None means any answer below 500 (the snapshot decides)."""
    if access == PUBLIC:
        return {200, 301}
    if access == LINK:
        return {400} if method != "GET" else {200, 400}
    if access == OPEN:
        return None
    if walker == "anonymous":
        return {401}
    return {403, 404} if access == OTHERS else None


def test_every_route_is_classified(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - set(SKIP)
    assert endpoints - set(ACCESS) == set(), "classify these routes in ACCESS (who may use them?)"
    assert set(ACCESS) - endpoints == set(), "these routes no longer exist: remove them from ACCESS"


@pytest.mark.parametrize("walker", WALKERS)
def test_no_route_lets_the_wrong_person_see_or_change_anything(app, client, auth, db, cast, walker):
    headers = {}
    if walker != "anonymous":
        person = getattr(cast, walker)
        headers = {"Authorization": f"Bearer {create_token(person, 'walker')[0]}"}
        db.session.commit()
        auth.login(person)
    before = snapshot(db)
    for rule, method in walked_rules(app):
        assert rule.endpoint in ACCESS, f"{rule.rule} is not classified: who may use it? (see ACCESS)"
        access = ACCESS[rule.endpoint]
        response = request(client, cast, rule, method, headers)
        where = f"{walker} {method} {rule.rule} ({access})"
        allowed = expected(access, walker, method)
        assert response.status_code < 500, where
        assert allowed is None or response.status_code in allowed, f"{where}: {response.status_code}"
        if access in (OWN, OTHERS) and walker != "anonymous":
            page = response.get_data(as_text=True)
            assert not [m for m in PRIVATE_MARKERS if m in page], f"{where} shows someone else's data"
        assert snapshot(db) == before, f"{where} changed the database"
        assert outbox_messages(app.config["MAIL_OUTBOX"]) == [], f"{where} sent an e-mail"


# The walk above would pass if every id led nowhere; the rightful people reach each object.
RIGHTFUL = {"accounts.revoke": "volunteer_editor", "referrals.undo": "social_worker"}
# they remove what later routes use
LAST = ("referrals.undo", "catalogue.delete_service", "contacts.delete_contact_point")


def test_the_walked_objects_are_real_and_their_own_people_reach_them(app, client, auth, db, cast):
    signed_in = None
    rules = [(r, m) for r, m in walked_rules(app) if ACCESS[r.endpoint] == OTHERS]
    rules.sort(key=lambda pair: pair[0].endpoint in LAST)
    for rule, method in rules:
        person = getattr(cast, RIGHTFUL.get(rule.endpoint, "admin"))
        if signed_in is not person:
            if signed_in is not None:
                auth.logout()
            auth.login(person)
            signed_in = person
        headers = {"Authorization": f"Bearer {create_token(person, 'check')[0]}"}
        db.session.commit()
        status = request(client, cast, rule, method, headers).status_code
        assert status not in (401, 403, 404) and status < 500, f"{person.email} {method} {rule.rule}: {status}"
