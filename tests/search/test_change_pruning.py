"""The search change log is pruned (issue 13): `socialmap prune-changes` deletes old rows, and an
index that had not followed them notices and rebuilds instead of skipping what they changed."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import func, insert, select, update

from socialmap import clock
from socialmap.cli import main
from socialmap.search import follower
from socialmap.search.index import FollowState
from socialmap.search.models import SearchChange
from socialmap.search.pruning import SearchChangePruning
from tests.factories import make_service
from tests.search import test_followers
from tests.search.test_followers import found, index_of, rename, wait_until

servers = test_followers.servers  # two app servers with their own index folders on the test's database


def age_change_log(db, days: int, ids: list[int] | None = None) -> None:
    """As if the rows (all, or these ids) had been written `days` ago."""
    statement = update(SearchChange).values(created_at=clock.utcnow() - dt.timedelta(days=days))
    db.session.execute(statement if ids is None else statement.where(SearchChange.id.in_(ids)))
    db.session.commit()


def change_ids(db) -> list[int]:
    db.session.rollback()  # a fresh look at what other connections committed
    return list(db.session.scalars(select(SearchChange.id).order_by(SearchChange.id)))


def test_prune_changes_deletes_rows_older_than_the_retention_and_records_how_far(app, db, runner):
    make_service(name="Boodschappendienst")
    db.session.commit()
    old_ids = change_ids(db)
    make_service(name="Klussendienst")
    db.session.commit()
    recent_ids = [i for i in change_ids(db) if i not in old_ids]
    age_change_log(db, app.config["SEARCH_CHANGE_RETENTION_DAYS"] + 1, old_ids)
    age_change_log(db, app.config["SEARCH_CHANGE_RETENTION_DAYS"] - 1, recent_ids)

    result = runner.invoke(main, ["prune-changes"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(f": {len(old_ids)}.")
    assert change_ids(db) == recent_ids
    assert db.session.scalar(select(func.max(SearchChangePruning.through_id))) == max(old_ids)
    again = runner.invoke(main, ["prune-changes"])
    assert again.output.strip().endswith(": 0.")
    assert change_ids(db) == recent_ids


def test_the_newest_row_is_kept_even_when_old_so_ids_go_on_above_it(app, db, runner):
    first = make_service(name="Boodschappendienst")
    db.session.commit()
    make_service(name="Klussendienst")
    db.session.commit()
    newest = change_ids(db)[-1]
    age_change_log(db, 100)
    assert runner.invoke(main, ["prune-changes"]).exit_code == 0
    assert change_ids(db) == [newest]
    rename(app, first.id, "Tuinhulp")  # SQLite hands out max(id) + 1: never an id already followed
    assert change_ids(db)[-1] > newest


def test_an_index_that_missed_pruned_changes_rebuilds_and_then_finds_them(db, servers, runner):
    one, two = servers
    shopping = make_service(name="Boodschappendienst", place_name="Exloo", description_nl="Wij doen boodschappen.")
    transport = make_service(name="Vrijwillig vervoer", place_name="Bolsward", description_nl="Vervoer naar de dokter.")
    db.session.commit()
    first, second = one.test_client(), two.test_client()
    found(first, "boodschappen"), found(second, "boodschappen")
    wait_until(lambda: index_of(one).is_open() and index_of(two).is_open())
    build = index_of(two).state.build

    # The second server does not search for weeks (or it was stopped) while edits go on elsewhere.
    rename(one, shopping.id, "Klussendienst")
    rename(one, transport.id, "Fietsmaatje")
    age_change_log(db, 30)
    assert runner.invoke(main, ["prune-changes"]).exit_code == 0
    assert len(change_ids(db)) == 1  # the rename of the shopping service is gone from the log

    assert found(second, "fietsmaatje") in ([], [transport.id])  # answers from what it has meanwhile
    wait_until(lambda: found(second, "klussendienst") == [shopping.id])
    assert index_of(two).state.build != build  # rebuilt, not followed row by row
    assert found(second, "boodschappendienst") == []
    assert found(second, "fietsmaatje") == [transport.id]
    rename(one, shopping.id, "Tuinhulp")
    assert found(second, "tuinhulp") == [shopping.id]  # and it follows on row by row


def test_an_index_that_followed_everything_is_not_rebuilt_by_pruning(db, servers, runner, monkeypatch):
    one, two = servers
    service = make_service(name="Boodschappendienst", place_name="Exloo", description_nl="Wij doen boodschappen.")
    db.session.commit()
    first, second = one.test_client(), two.test_client()
    found(first, "boodschappen"), found(second, "boodschappen")
    wait_until(lambda: index_of(one).is_open() and index_of(two).is_open())
    rename(one, service.id, "Klussendienst")
    assert found(second, "klussendienst") == [service.id]
    build = index_of(two).state.build

    age_change_log(db, 30)
    assert runner.invoke(main, ["prune-changes"]).exit_code == 0
    # As when the pruning comes more than GAP_SECONDS after the build: the ids a build finds missing
    # (on PostgreSQL, earlier tests' rows) are given up by then, else they might be pruned changes.
    monkeypatch.setattr(follower, "GAP_SECONDS", 0.0)
    rename(one, service.id, "Tuinhulp")
    assert found(second, "tuinhulp") == [service.id]
    assert index_of(two).state.build == build and not follower.is_rebuilding(index_of(two))


def test_pruning_below_a_given_up_gap_does_not_hide_a_later_change(app, db):
    """A state whose lowest gap was given up (a rolled-back transaction) still counts from there;
    rows deleted between that gap and the pruned id must not cancel out a change that came in."""
    base = (db.session.scalar(select(func.max(SearchChange.id))) or 0) + 1000
    given_up, open_gap, pruned_through, seq = base + 50, base + 80, base + 60, base + 100
    now = time.time()
    state = FollowState(1, seq, ((given_up, now - 2 * follower.GAP_SECONDS), (open_gap, now)), "build")
    present = [i for i in range(base + 1, seq + 1) if i not in (given_up, open_gap)]
    db.session.execute(insert(SearchChange), [{"id": i, "kind": "service", "ref_id": 1} for i in present])
    db.session.execute(SearchChange.__table__.delete().where(SearchChange.id <= pruned_through))
    db.session.add(SearchChangePruning(through_id=pruned_through))
    db.session.commit()

    def head():
        with db.engine.connect() as connection:
            return follower.read_head(connection, state)

    assert not follower.lost_to_pruning(state, pruned_through)
    assert not follower.is_behind(state, head())
    db.session.execute(insert(SearchChange), [{"id": open_gap, "kind": "service", "ref_id": 2}])  # commits late
    db.session.commit()
    assert follower.is_behind(state, head())
