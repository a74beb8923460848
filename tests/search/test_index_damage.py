"""A damaged index must never take the process down: it is logged and rebuilt from the database.

The search runs in a child process: when a memory-mapped segment file is truncated, reading it is a
SIGBUS that kills the process outright, and it must not be able to kill pytest with it.
"""

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import make_service

ROOT = Path(__file__).resolve().parents[2]

# A server process that has searched once (so the index segment is open), then finds the segment
# file truncated under it (a full disk, a restore, a second machine writing the same folder…).
CHILD = """
import json, os, sys
from pathlib import Path
from tests.conftest import make_app

app = make_app(sys.argv[1], Path(sys.argv[2]))
client = app.test_client()
before = client.get("/api/v1/services?q=boodschappen")
segment = max(Path(app.config["SEARCH_INDEX_PATH"]).glob("*.seg"), key=lambda p: p.stat().st_size)
os.truncate(segment, int(segment.stat().st_size * float(sys.argv[3])))
print("truncated", segment, file=sys.stderr, flush=True)
after = client.get("/api/v1/services?q=vervoer")
again = client.get("/api/v1/services?q=boodschappen")
print(json.dumps([[r.status_code, sorted(item["id"] for item in r.json["items"])] for r in (before, after, again)]))
"""


@pytest.mark.parametrize("keep", [0.5, 0.0], ids=["half", "empty"])
def test_a_segment_truncated_under_a_running_process_is_logged_and_rebuilt(app, database_url, tmp_path, keep):
    shopping = make_service(name="Boodschappendienst", place_name="Exloo", description_nl="Wij doen boodschappen.")
    transport = make_service(name="Vrijwillig vervoer", place_name="Bolsward", description_nl="Vervoer naar de dokter.")
    make_service(name="Koffie in Heeg", place_name="Heeg", description_nl="Samen koffie drinken.")
    app.extensions["sqlalchemy"].session.commit()  # the commit writes the index (one segment)
    app.extensions["socialmap.search"].close()

    child = subprocess.run(
        [sys.executable, "-c", CHILD, database_url, str(tmp_path), str(keep)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert child.returncode != -signal.SIGBUS, "the process was killed by SIGBUS reading the index"
    assert child.returncode == 0, child.stderr[-3000:]
    before, after, again = json.loads(child.stdout.strip().splitlines()[-1])
    assert before == [200, [shopping.id]]
    assert after == [200, [transport.id]]  # answered from the rebuilt index
    assert again == [200, [shopping.id]]
    index_path = str(tmp_path / "search-index")
    damage_lines = [line for line in child.stderr.splitlines() if "damaged" in line and index_path in line]
    assert damage_lines, child.stderr[-3000:]
