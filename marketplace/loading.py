"""Oscar's class loader, with a few classes of apps we do not fork.

Oscar looks classes up by module label (``get_class("basket.forms", ...)``) in
forked apps only; forking the basket app (models, migrations) to change its forms
would be out of proportion. Modules listed here are searched first."""

from importlib import import_module

from oscar.core.loading import default_class_loader

OVERRIDES = {
    "basket.forms": "marketplace.basket.forms",
    "dashboard.views": "marketplace.producers.dashboard.oscar_views",
}


def class_loader(module_label, classnames, module_prefix):
    classes = default_class_loader(module_label, classnames, module_prefix)
    if module_label in OVERRIDES:
        module = import_module(OVERRIDES[module_label])
        classes = [getattr(module, name, cls) for name, cls in zip(classnames, classes, strict=True)]
    return classes
