"""What residents give back (corrections) and what organisations get back (page views, referrals)."""

import atexit
import weakref

from flask import Flask

# Apps whose page views a process writes when it exits (gunicorn stops a worker with a normal exit).
_counting_apps: weakref.WeakSet = weakref.WeakSet()


def init_app(app: Flask) -> None:
    from socialmap.feedback import views
    from socialmap.feedback.forms import HONEYPOT, form_token
    from socialmap.feedback.queries import dashboard_panel
    from socialmap.feedback.services import PageViewCounter
    from socialmap.security import per_hit

    app.register_blueprint(views.bp)
    app.extensions["page_views"] = PageViewCounter()
    app.after_request(views.count_service_page_view)
    if not _counting_apps:
        atexit.register(_write_page_views_at_exit)
    _counting_apps.add(app)
    # The service page and the dashboard belong to other packages; they ask for these by name.
    # per hit: the token holds when the page was served, also when the page comes from the response cache
    app.add_template_global(per_hit("correction_token")(form_token), "correction_token")
    app.add_template_global(HONEYPOT, "correction_honeypot")
    app.add_template_global(dashboard_panel, "feedback_dashboard")


def _write_page_views_at_exit() -> None:
    from socialmap.feedback.views import write_page_views

    for app in list(_counting_apps):
        with app.app_context():
            write_page_views(app.extensions["page_views"])
