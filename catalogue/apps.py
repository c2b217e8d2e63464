import oscar.apps.catalogue.apps as apps
from django.db.models.signals import post_delete, post_save


class CatalogueConfig(apps.CatalogueConfig):
    name = 'catalogue'

    def ready(self):
        super().ready()
        from catalogue.menu import categories_changed

        # Categories are written by Oscar's dashboard and the admin: the models'
        # signals are the one place every write passes.
        category = self.get_model("Category")
        post_save.connect(categories_changed, sender=category, dispatch_uid="catalogue-menu-save")
        post_delete.connect(categories_changed, sender=category, dispatch_uid="catalogue-menu-delete")
