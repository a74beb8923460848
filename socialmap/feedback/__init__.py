"""What residents give back (corrections) and what organisations get back (page views, referrals)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from socialmap.feedback import views
    from socialmap.feedback.forms import HONEYPOT, form_token
    from socialmap.feedback.queries import dashboard_panel

    app.register_blueprint(views.bp)
    app.after_request(views.count_service_page_view)
    # The service page and the dashboard belong to other packages; they ask for these by name.
    app.add_template_global(form_token, "correction_token")
    app.add_template_global(HONEYPOT, "correction_honeypot")
    app.add_template_global(dashboard_panel, "feedback_dashboard")
