"""The `socialmap` command: thin wrappers around the feature services."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import ScriptInfo
from sqlalchemy.exc import OperationalError

from socialmap import create_app
from socialmap.config import DATA_DIR, ConfigError
from socialmap.extensions import db
from socialmap.i18n import _, ngettext

DEMO_FILE = DATA_DIR / "demo" / "services.csv"
DEMO_CONTACT_POINTS = DATA_DIR / "demo" / "contact_points.csv"


def _app():
    try:
        return create_app()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """Sociale Kaart: the social map of front-line help."""
    # Tests hand in their own app (Flask's test runner wraps it in a ScriptInfo).
    if isinstance(ctx.obj, ScriptInfo):
        app = ctx.obj.load_app()
    elif isinstance(ctx.obj, Flask):
        app = ctx.obj
    else:
        app = _app()
    ctx.with_resource(app.app_context())
    ctx.obj = app


def _init_database() -> None:
    from socialmap.catalogue.taxonomy import load_taxonomies
    from socialmap.migrate import upgrade_database
    from socialmap.places.services import load_gazetteer

    try:
        upgrade_database()
    except OperationalError as error:
        raise click.ClickException(_("Cannot reach the database: %(error)s", error=error.orig)) from None
    summary = load_gazetteer()
    terms = load_taxonomies()
    db.session.commit()
    click.echo(_("Database ready: %(m)s municipalities, %(p)s places, %(c)s postcodes, %(t)s taxonomy terms.",
                 m=summary.municipalities, p=summary.places, c=summary.postcodes, t=terms))  # fmt: skip


@main.command()
def init() -> None:
    """Create or upgrade the database and load the reference data."""
    _init_database()


def _refuse_unreadable(path: Path) -> None:
    """A NUL byte or bytes that are not UTF-8 (a spreadsheet file, another encoding): one clear line
    naming the place, before anything is read into the database (PostgreSQL cannot store a NUL)."""
    data = path.read_bytes()
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise click.ClickException(_("%(file)s, line %(line)s: the file contains a NUL byte, so it is not a CSV text "
                                     "file. Nothing was imported.", file=path.name, line=line))  # fmt: skip
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise click.ClickException(_("%(file)s, line %(line)s: the file is not UTF-8 text. Save it as “CSV UTF-8” "
                                     "and try again. Nothing was imported.", file=path.name,
                                     line=line)) from None  # fmt: skip


def _run_import(path: Path, source: str) -> None:
    from socialmap.catalogue.importer import ImportFailed, import_services

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if not sys.stderr.isatty():
            return
        if bar is None:
            bar = click.progressbar(length=total, label=_("Importing"), file=sys.stderr)
            bar.__enter__()
        bar.update(1)

    try:
        _refuse_unreadable(path)
        summary = import_services(path, source=source, progress=progress)
    except ImportFailed as failure:
        db.session.rollback()
        for problem in failure.problems:
            click.echo(f"{path.name}: {problem}", err=True)
        raise click.ClickException(
            _("Import stopped: %(n)s problem(s) found; nothing was changed.", n=len(failure.problems))
        ) from None
    except (UnicodeDecodeError, OSError) as error:
        db.session.rollback()
        raise click.ClickException(_("Cannot read %(file)s: %(error)s", file=path, error=error)) from None
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    db.session.commit()  # the search index follows this commit (socialmap.search.sync)
    click.echo(_("Import done: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.",
                 created=summary.created, updated=summary.updated, unchanged=summary.unchanged))  # fmt: skip


@main.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--source", default="import", show_default=True,
    help="Name of the source; external ids are unique per source.",
)  # fmt: skip
def import_command(file: Path, source: str) -> None:
    """Import services from a CSV file (all or nothing)."""
    if not file.exists():
        raise click.ClickException(_("File not found: %(file)s", file=file))
    _run_import(file, source)


@main.command("export-hsds")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
def export_hsds(folder: Path) -> None:
    """Write the published catalogue as an Open Referral HSDS 3.0 tabular package (CSV + datapackage.json)."""
    from flask import current_app

    from socialmap.hsds.tabular import export_package
    from socialmap.licence import data_licence

    counts = export_package(folder, current_app.config["PUBLIC_URL"].rstrip("/"), data_licence(current_app.config))
    click.echo(_("Export done: %(n)s services in %(folder)s.", n=counts["services"], folder=folder))


@main.command("import-hsds")
@click.argument("package")
def import_hsds(package: str) -> None:
    """Import Open Referral HSDS 3.0 data, all or nothing: a tabular package (folder or .zip) or an
    HSDS API (https://…/api/hsds/), whose pages are walked."""
    from socialmap.catalogue.importer import ImportFailed
    from socialmap.hsds.tabular import import_api, import_package

    is_url = package.startswith(("http://", "https://"))
    if not is_url and not Path(package).exists():
        raise click.ClickException(_("File not found: %(file)s", file=package))
    try:
        if is_url:
            summary = import_api(package, progress=_progress_bar())
        else:
            summary = import_package(Path(package), progress=_progress_bar())
    except ImportFailed as failure:
        db.session.rollback()
        name = package if is_url else Path(package).name
        for problem in failure.problems:
            click.echo(f"{name}: {problem}", err=True)
        raise click.ClickException(
            _("Import stopped: %(n)s problem(s) found; nothing was changed.", n=len(failure.problems))
        ) from None
    except (UnicodeDecodeError, OSError, ValueError) as error:
        db.session.rollback()
        raise click.ClickException(_("Cannot read %(file)s: %(error)s", file=package, error=error)) from None
    db.session.commit()
    for problem in getattr(summary, "problems", []):
        click.echo(problem, err=True)
    if getattr(summary, "drafts", 0):
        click.echo(ngettext("%(num)s service without our classification kept as a draft: a municipal editor "
                            "gives it a kind, tier and themes before residents see it.",
                            "%(num)s services without our classification kept as drafts: a municipal editor "
                            "gives them a kind, tier and themes before residents see them.", summary.drafts))
        return
    click.echo(_("Import done: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.",
                 created=summary.created, updated=summary.updated, unchanged=summary.unchanged))  # fmt: skip


def _progress_bar():
    """A progress callback that draws on a terminal only (none in tests or cron)."""

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty() and done in (1, total):
            click.echo(_("Importing") + f" {done}/{total}", err=True)

    return progress


def _load_demo_dated() -> None:
    """The demo's vacancies, activities and closures, dated from today (data/demo/build_demo.py)."""
    from socialmap import clock
    from socialmap.activities.services import ValidationFailed as ActivityInvalid
    from socialmap.activities.services import load_demo_activities
    from socialmap.volunteering.services import ValidationFailed as VacancyInvalid
    from socialmap.volunteering.services import load_demo_vacancies

    today = clock.today()
    try:
        vacancies = load_demo_vacancies(DEMO_FILE.with_name("vacancies.csv"), today)
        dated = load_demo_activities(DEMO_FILE.with_name("activities.csv"), today)
    except (ActivityInvalid, VacancyInvalid) as failure:
        db.session.rollback()
        for field, problem in failure.errors.items():
            click.echo(f"{field}: {problem}", err=True)
        raise click.ClickException(_("Nothing was changed.")) from None
    db.session.commit()
    click.echo(_("Demo vacancies: %(vacancies)s; activities and closures: %(dated)s.", vacancies=vacancies,
                 dated=dated))  # fmt: skip


@main.command()
def demo() -> None:
    """Prepare the database and load the fictional demo catalogue."""
    _init_database()
    _run_import(DEMO_FILE, "demo")
    _load_demo_dated()
    _load_contact_points(DEMO_CONTACT_POINTS)


def _load_contact_points(path: Path) -> None:
    from socialmap.contacts.services import ContactPointInvalid, load_contact_points

    try:
        _refuse_unreadable(path)
        summary = load_contact_points(path.read_text(encoding="utf-8"))
    except ContactPointInvalid as failure:
        db.session.rollback()
        for problem in failure.problems:
            click.echo(f"{path.name}: {problem}", err=True)
        raise click.ClickException(_("Nothing was changed.")) from None
    except OSError as error:
        raise click.ClickException(_("Cannot read %(file)s: %(error)s", file=path, error=error)) from None
    db.session.commit()
    click.echo(_("Contact points: %(created)s created, %(updated)s updated.", created=summary.created,
                 updated=summary.updated))  # fmt: skip


@main.command("contact-points")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def contact_points_command(file: Path) -> None:
    """Load who to ask per village (social teams, desks) from a CSV file, all or nothing."""
    _load_contact_points(file)


@main.command()
def reindex() -> None:
    """Rebuild the search index from the database."""
    import time

    from socialmap.search.service import rebuild_index

    started = time.perf_counter()
    count = rebuild_index()
    click.echo(_("Search index rebuilt: %(n)s services in %(seconds)s s.", n=count,
                 seconds=f"{time.perf_counter() - started:.1f}"))  # fmt: skip


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug", is_flag=True, help="Reload on code changes and show tracebacks.")
@click.pass_obj
def serve(app, host: str, port: int, debug: bool) -> None:
    """Run the development web server."""
    app.run(host=host, port=port, debug=debug, use_reloader=debug)


@main.group()
def user() -> None:
    """Manage accounts."""


@user.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, help="organisation_editor, professional, municipal_editor or admin")
@click.option("--organization", help="Organisation the editor keeps up to date.")
@click.option("--team", help="Social team of a professional; created when it does not exist.")
@click.option("--team-kind", default="social_team", show_default=True,
              help="Kind of a new team: social_team, or gp_practice for a GP practice (practice nurse / POH).")
@click.option("--municipality", help="Municipality a municipal editor curates.")
def user_create(email: str, role: str, organization: str | None, team: str | None, team_kind: str,
                municipality: str | None) -> None:  # fmt: skip
    """Create an account; the password comes from SOCIALMAP_PASSWORD or is asked for."""
    import os

    from socialmap.accounts.services import AccountError, create_user
    from socialmap.catalogue.services import find_organization

    password = os.environ.get("SOCIALMAP_PASSWORD") or click.prompt(
        _("Password"), hide_input=True, confirmation_prompt=True)  # fmt: skip
    found = find_organization(organization) if organization else None
    if organization and found is None:
        raise click.ClickException(_("Unknown organisation “%(name)s”.", name=organization))
    try:
        account = create_user(email, role, password, organization=found, team=team, municipality=municipality,
                              team_kind=team_kind)  # fmt: skip
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(_("Account created: %(email)s (%(role)s).", email=account.email, role=account.role))


@main.group()
def token() -> None:
    """Manage personal API tokens."""


@token.command("create")
@click.argument("email")
@click.option("--name", default="cli", show_default=True)
def token_create(email: str, name: str) -> None:
    """Create an API token for EMAIL; the token is the last line of the output."""
    from socialmap.accounts.services import create_token, find_user

    account = find_user(email)
    if account is None:
        raise click.ClickException(_("There is no account for %(email)s.", email=email))
    secret, _record = create_token(account, name)
    db.session.commit()
    click.echo(_("Keep this token secret; it is shown only now."))
    click.echo(secret)


@main.command("send-reminders")
def send_reminders() -> None:
    """E-mail editors about entries nobody confirmed for the reminder period (run daily)."""
    from socialmap.catalogue.freshness import send_reminders as send

    count = send()
    db.session.commit()
    click.echo(_("Reminders sent: %(n)s.", n=count))


@main.command("send-follow-ups")
def send_follow_ups() -> None:
    """E-mail each professional one digest of referrals whose outcome is due (run weekly)."""
    from socialmap.referrals.services import send_follow_up_digests

    count = send_follow_up_digests()
    db.session.commit()
    click.echo(_("Follow-up e-mails sent: %(n)s.", n=count))


@main.command("escalate-corrections")
def escalate_corrections() -> None:
    """Pass residents' corrections that an organisation left open for 14 days to the municipality, and
    delete those handled more than 90 days ago (run daily)."""
    from socialmap.feedback.services import escalate_overdue_corrections, forget_handled_corrections

    count = escalate_overdue_corrections()
    forgotten = forget_handled_corrections()
    db.session.commit()
    click.echo(_("Handled corrections deleted after 90 days: %(n)s.", n=forgotten))
    click.echo(_("Corrections passed on to the municipality: %(n)s.", n=count))


@main.command("prune-changes")
@click.pass_obj
def prune_changes(app) -> None:
    """Delete search change-log rows older than SOCIALMAP_SEARCH_CHANGE_RETENTION_DAYS (run daily)."""
    import datetime as dt

    from socialmap.search import pruning

    days = app.config["SEARCH_CHANGE_RETENTION_DAYS"]
    pruned = pruning.prune_changes(dt.timedelta(days=days))
    db.session.commit()
    click.echo(_("Search change-log rows older than %(days)s days deleted: %(n)s.", days=days, n=pruned.deleted))


@main.command("make-migration")
@click.argument("message")
def make_migration(message: str) -> None:
    """Write a new Alembic migration from the difference between models and database (developers)."""
    from socialmap.migrate import make_revision

    make_revision(message)
