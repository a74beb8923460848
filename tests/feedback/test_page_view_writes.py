"""Page views are counted in memory and written in one statement every PAGE_VIEW_FLUSH_SECONDS per
process, not one write per read (issue 13); the organisation's figures still show every view."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import event, select

from socialmap.feedback.models import PageView
from tests.factories import make_service

ROOT = Path(__file__).resolve().parents[2]
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"}


def test_reads_are_written_together_once_the_interval_has_passed(app, client, db):
    app.config["PAGE_VIEW_FLUSH_SECONDS"] = 1
    first, second = make_service(name="Koffieochtend"), make_service(name="Taalcafé")
    db.session.commit()
    writes = []  # the statements that write page views
    event.listen(db.engine, "before_cursor_execute", lambda _c, _cur, statement, *_a: writes.append(statement)
                 if statement.lstrip().upper().startswith("INSERT INTO PAGE_VIEW") else None)  # fmt: skip
    time.sleep(1.1)  # the fixture's own requests are behind us: a fresh interval
    client.get("/over")
    writes.clear()
    for service, reads in ((first, 3), (second, 2)):
        for _ in range(reads):
            assert client.get(f"/diensten/{service.id}", headers=BROWSER, follow_redirects=True).status_code == 200
    assert db.session.scalars(select(PageView)).all() == [] and writes == []

    time.sleep(1.1)
    client.get("/over")  # any request after the interval writes what this process counted
    rows = db.session.execute(select(PageView.service_id, PageView.views).order_by(PageView.service_id)).all()
    assert [tuple(r) for r in rows] == [(first.id, 3), (second.id, 2)]
    assert len(writes) == 1


def test_counts_are_added_to_those_other_processes_wrote(app, client, db):
    app.config["PAGE_VIEW_FLUSH_SECONDS"] = 0
    service = make_service(name="Koffieochtend")
    db.session.commit()
    for _ in range(2):
        client.get(f"/diensten/{service.id}-koffieochtend", headers=BROWSER)
    assert db.session.scalars(select(PageView.views)).all() == [2]


READ_AND_EXIT = """
import sys
from socialmap import create_app
app = create_app()
client = app.test_client()
for _ in range(3):
    assert client.get(sys.argv[1], headers={"User-Agent": sys.argv[2]}).status_code == 200
"""


def test_a_process_that_stops_writes_what_it_counted(db, database_url, tmp_path):
    service = make_service(name="Koffieochtend")
    db.session.commit()
    environment = {**os.environ, "SOCIALMAP_DATABASE_URL": database_url, "SOCIALMAP_INSTANCE_PATH": str(tmp_path),
                   "SOCIALMAP_SECRET_KEY": "test-secret", "SOCIALMAP_PAGE_VIEW_FLUSH_SECONDS": "3600"}  # fmt: skip
    stopped = subprocess.run([sys.executable, "-c", READ_AND_EXIT, f"/diensten/{service.id}-koffieochtend",
                              BROWSER["User-Agent"]], cwd=ROOT, env=environment, capture_output=True, text=True,
                             timeout=120)  # fmt: skip
    assert stopped.returncode == 0, stopped.stderr[-2000:]
    assert db.session.scalars(select(PageView.views)).all() == [3]
