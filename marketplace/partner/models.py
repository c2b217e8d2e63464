# Oscar's partner models, unchanged: the fork exists for its strategy and admin.
from oscar.apps.partner.models import *  # noqa: F401,F403
