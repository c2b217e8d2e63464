from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class StoryPageForm(WagtailAdminPageForm):
    """A story written in a producer's section is about that producer: the producer
    defaults to the section's, and cannot be set to someone else's (a producer must
    not present another producer's story as their own).

    A section is a parent page with a ``section_producer`` (``ProducerPage``); the
    form asks the page rather than importing the page models, which use it."""

    def clean(self):
        cleaned_data = super().clean()
        parent = self.parent_page.specific if self.parent_page else None
        section_producer = getattr(parent, "section_producer", None)
        if section_producer is not None and "producer" in self.fields:
            producer = cleaned_data.get("producer")
            if producer is None:
                cleaned_data["producer"] = section_producer
            elif producer.pk != section_producer.pk:
                self.add_error(
                    "producer",
                    forms.ValidationError(
                        _("Stories in %(section)s must be about %(producer)s.")
                        % {"section": parent.title, "producer": section_producer.name},
                        code="producer_section_mismatch",
                    ),
                )
            if cleaned_data.get("province") is None and "province" in self.fields:
                cleaned_data["province"] = section_producer.province
        return cleaned_data
