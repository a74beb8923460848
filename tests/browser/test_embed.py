"""Issue #17: the village widget inside an <iframe> on another site (another origin), in a real
browser; our other pages refuse to be framed there."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser.conftest import axe_violations, screenshot


@pytest.fixture(scope="module")
def host_site(live_server):
    """A municipality's website: another port, so another origin than the app."""
    html = f"""<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Gemeente</title></head><body>
<h1>Gemeente Súdwest-Fryslân</h1>
<iframe id="widget" title="Sociale Kaart" src="{live_server}/embed/plaatsen/ijlst?lang=fy" height="480"></iframe>
<iframe id="other" title="Over" src="{live_server}/over" width="100%" height="200"></iframe>
</body></html>""".encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 — the http.server interface
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_the_widget_works_inside_an_iframe_on_another_site(new_page, host_site, live_server):
    page = new_page()
    page.goto(host_site)
    widget = page.frame_locator("#widget")
    heading = widget.get_by_role("heading", level=1)
    heading.wait_for()
    assert "Drylts" in heading.inner_text()
    links = widget.locator("li a")
    assert links.count() >= 1
    # A service opens on our own site in a new tab, never inside the host's page.
    assert links.first.get_attribute("target") == "_blank"
    # The about page in the second frame is refused (frame-ancestors 'none'): the browser shows its
    # own error document there instead of our page.
    other = page.query_selector("#other").content_frame()
    assert other is not None
    assert other.url.startswith("chrome-error:"), "our other pages must not show inside another site"
    assert "Privacy" not in other.content()
    screenshot(page, "embed-widget-in-iframe")


def test_the_widget_page_is_accessible(new_page, live_server):
    page = new_page()
    page.goto(f"{live_server}/embed/plaatsen/ijlst")
    assert axe_violations(page) == []
