"""/beheer/hsds-concepten: services from plain HSDS packages, for the municipal editors who classify them."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from socialmap.hsds.queries import list_drafts

bp = Blueprint("hsds_drafts", __name__)


@bp.get("/beheer/hsds-concepten")
@login_required
def drafts():
    if not current_user.is_curator:
        abort(403)
    return render_template("hsds/drafts.html", drafts=list_drafts(current_user.curated_municipality_ids))
