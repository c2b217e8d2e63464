from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
# The demo shop (``manage.py load_demo``, run by ``make run``); never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "marketplace.demo.apps.DemoConfig"]
