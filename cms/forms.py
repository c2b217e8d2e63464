from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class StoryPageForm(WagtailAdminPageForm):
    """A story written in a producer's section is about that producer: the producer
    defaults to the section's, and cannot be set to someone else's (a producer must
    not present another producer's story as their own)."""

    def clean(self):
        cleaned_data = super().clean()
        from cms.models import ProducerPage  # models import this module

        parent = self.parent_page.specific if self.parent_page else None
        if isinstance(parent, ProducerPage) and "producer" in self.fields:
            producer = cleaned_data.get("producer")
            if producer is None:
                cleaned_data["producer"] = parent.producer
            elif producer.pk != parent.producer_id:
                self.add_error(
                    "producer",
                    forms.ValidationError(
                        _("Stories in %(section)s must be about %(producer)s.")
                        % {"section": parent.title, "producer": parent.producer.name},
                        code="producer_section_mismatch",
                    ),
                )
            if cleaned_data.get("province") is None and "province" in self.fields:
                cleaned_data["province"] = parent.producer.province
        return cleaned_data
