"""A bounded fuzz of the public pages, the public API and the editor API: nothing a visitor or an
integrator sends may give a server error (invalid UTF-8, NUL bytes, huge numbers, 100 kB strings).

Deterministic by default, so a run in CI is repeatable; SOCIALMAP_FUZZ_RANDOM=1 explores new input.
"""

from __future__ import annotations

import os
from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialmap.accounts.services import create_token
from socialmap.catalogue.services import EDIT_FIELDS
from tests.factories import make_service, personas

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,  # nothing written into the checkout
    derandomize=not os.environ.get("SOCIALMAP_FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Parameters the pages and the API read, plus a few they do not know.
PARAMETERS = ("q", "near", "radius_km", "theme", "kind", "tier", "audience", "cost", "municipality", "place",
              "open", "capacity", "page", "per_page", "lang", "product", "group_by", "from", "to", "x", "")  # fmt: skip

HUGE = ("9" * 100_000, "é" * 50_000, "a" * 100_000, "1e309", "-1e309", "nan", "Infinity", "-0", "0x1F",
        str(2**31), str(2**63), str(-(2**63) - 1), "9" * 5000, "1" + "0" * 400)  # fmt: skip

nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(HUGE),
    st.integers().map(str),
    st.sampled_from(["\x00", "a\x00b", "\ufeff", "\u202e", "Easterein", "Heech", "8651 AB", "53.0,5.6", "-90,180",
                     "ma", "09:30", "sudwest-fryslan", "meeting", "1", "0", "-1"]),
)  # fmt: skip
# Percent-encoded: any bytes at all, also invalid UTF-8 and NUL.
encoded_value = st.one_of(nasty_text.map(lambda text: quote(text, safe="")), st.binary(max_size=30).map(
    lambda raw: quote_from_bytes(raw, safe="")))  # fmt: skip
query_string = st.lists(st.tuples(st.sampled_from(PARAMETERS), encoded_value), max_size=5).map(
    lambda pairs: "&".join(f"{name}={value}" for name, value in pairs))  # fmt: skip
path_segment = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["1", "2", "0", "2147483647", "2147483648", "9" * 5000, "1-koffie", "easterein", "exloo"]),
    encoded_value,
)
# Header values: anything a client library lets through (line breaks it refuses itself).
header_text = st.one_of(nasty_text, st.binary(max_size=30).map(lambda raw: raw.decode("latin-1"))).filter(
    lambda text: "\n" not in text and "\r" not in text)
json_scalar = st.one_of(
    st.none(), st.booleans(), nasty_text,
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
)  # fmt: skip
json_key = st.one_of(st.sampled_from((*EDIT_FIELDS, "organization_id", "service_id", "place", "instead_of",
                                      "reason", "outcome")), st.text(max_size=10))  # fmt: skip
json_value = st.recursive(json_scalar, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    json_key, inner, max_size=4), max_leaves=12)  # fmt: skip
json_body = st.one_of(st.dictionaries(json_key, json_value, max_size=8), json_value)


RAW_BODIES = (b"[" * 100_000 + b"]" * 100_000, b'{"a": ' * 5000 + b"1" + b"}" * 5000, b'{"name": "\\ud800"}',
              b'{"name": "\\u0000"}', b'{"tier": 1e99999}', b'{"tier": ' + b"9" * 5000 + b"}",
              b'{"name": "' + b"x" * 100_000 + b'"}', b"\xff\xfe{}")  # fmt: skip


@pytest.fixture
def cast(db):
    people = personas()
    people.service = make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg")
    make_service(people.other, name="Koffieochtend Exloo", place_name="Exloo")
    editor_token, _ = create_token(people.volunteer_editor)
    worker_token, _ = create_token(people.social_worker)
    curator_token, _ = create_token(people.municipal_editor)
    people.editor = {"Authorization": f"Bearer {editor_token}"}
    people.worker = {"Authorization": f"Bearer {worker_token}"}
    people.curator = {"Authorization": f"Bearer {curator_token}"}
    db.session.commit()
    return people


def get_routes(app) -> list[str]:
    """Every GET route that needs no session, with its arguments as placeholders."""
    routes = []
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static" and not rule.rule.startswith("/beheer"):
            routes.append(rule.rule)
    return sorted(routes)


def fill(rule: str, segment: str) -> str:
    import re

    return re.sub(r"<[^>]+>", segment, rule)


def assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, f"{response.status_code} for {what[:300]!r}"


@FUZZ
@given(data=st.data())
def test_query_strings_of_the_pages_and_the_public_api_never_give_a_server_error(app, client, cast, data):
    rule = data.draw(st.sampled_from([r for r in get_routes(app) if "<" not in r]))
    query = data.draw(query_string)
    response = client.get(rule, query_string=query, headers=cast.curator if rule.startswith("/api/") else None)
    assert_no_server_error(response, f"{rule}?{query}")


@FUZZ
@given(data=st.data())
def test_paths_and_ids_never_give_a_server_error(app, client, cast, data):
    rule = data.draw(st.sampled_from([r for r in get_routes(app) if "<" in r]))
    path = fill(rule, data.draw(path_segment))
    response = client.get(path)
    assert_no_server_error(response, path)
    api = client.patch(f"/api/v1/services/{data.draw(path_segment)}", json={"name": "x"}, headers=cast.editor)
    assert_no_server_error(api, "PATCH /api/v1/services/…")


@FUZZ
@given(body=json_body, new=st.booleans())
def test_json_bodies_of_the_editor_api_never_give_a_server_error(client, cast, body, new):
    if new:
        response = client.post("/api/v1/services", json=body, headers=cast.editor)
    else:
        response = client.patch(f"/api/v1/services/{cast.service.id}", json=body, headers=cast.editor)
    assert_no_server_error(response, repr(body))


@FUZZ
@given(body=json_body, key=st.one_of(st.none(), header_text), outcome=json_body)
def test_json_bodies_of_the_referral_api_never_give_a_server_error(client, cast, body, key, outcome):
    headers = {**cast.worker, **({"Idempotency-Key": key} if key is not None else {})}
    response = client.post("/api/v1/referrals", json=body, headers=headers)
    assert_no_server_error(response, f"{body!r} key={key!r}")
    response = client.patch("/api/v1/referrals/1", json=outcome, headers=cast.worker)
    assert_no_server_error(response, repr(outcome))


@FUZZ
@given(raw=st.one_of(st.binary(max_size=200), st.sampled_from(RAW_BODIES)),
       header=st.sampled_from(["If-Match", "Idempotency-Key", "Accept-Language", "Cookie", "X-Anything"]),
       header_value=header_text)  # fmt: skip
def test_raw_bodies_and_headers_never_give_a_server_error(client, cast, raw, header, header_value):
    headers = {**cast.editor, header: header_value, "Content-Type": "application/json"}
    response = client.patch(f"/api/v1/services/{cast.service.id}", data=raw, headers=headers)
    assert_no_server_error(response, f"{raw[:200]!r} {header}={header_value[:100]!r}")
