"""Imports every feature's models so that the metadata (and Alembic) sees all tables."""

from socialmap.accounts.models import *  # noqa: F403
from socialmap.activities.models import *  # noqa: F403
from socialmap.catalogue.models import *  # noqa: F403
from socialmap.feedback.models import *  # noqa: F403
from socialmap.hsds.models import *  # noqa: F403
from socialmap.places.models import *  # noqa: F403
from socialmap.referrals.models import *  # noqa: F403
from socialmap.search.models import *  # noqa: F403
from socialmap.search.pruning import SearchChangePruning  # noqa: F401
from socialmap.volunteering.models import *  # noqa: F403
