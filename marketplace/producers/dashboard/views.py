"""The producer's side of the dashboard: thin views over
``marketplace.producers.{listings,invitations}`` and the home page sections."""

from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import generic

from catalogue.models import Product
from marketplace.producers import invitations, listings
from marketplace.producers.dashboard import forms
from marketplace.producers.dashboard.home import home_sections
from marketplace.producers.models import ListingChange, Producer


class ProducerMixin:
    """Views of the signed-in user's own producer (404 for anyone else)."""

    def dispatch(self, request, *args, **kwargs):
        self.producer = Producer.objects.for_user(request.user).select_related("partner").order_by("pk").first()
        if self.producer is None:
            if request.user.is_staff:
                return redirect("dashboard:index")
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(producer=self.producer, **kwargs)


class HomeView(ProducerMixin, generic.TemplateView):
    template_name = "producers/dashboard/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=home_sections(self.producer, self.request), **kwargs)


class ProductFormMixin(ProducerMixin):
    template_name = "producers/dashboard/product_form.html"
    product = None

    def get_forms(self):
        data = self.request.POST if self.request.method == "POST" else None
        files = self.request.FILES if self.request.method == "POST" else None
        initial = {}
        if self.product:
            record = self.product.stockrecords.filter(partner_id=self.producer.partner_id).first()
            initial = {
                "group_code": listings.group_code_of(self.product),
                "price": int(record.price) if record and record.price is not None else None,
                "stock": record.num_in_stock if record else 0,
            }
        form = forms.ProductForm(data, instance=self.product, initial=initial, prefix="product")
        images = forms.ProductImageFormSet(data, files, instance=self.product or Product(), prefix="images")
        return form, images

    def get(self, request, *args, **kwargs):
        form, images = self.get_forms()
        return self.render_to_response(self.get_context_data(form=form, image_formset=images))

    def post(self, request, *args, **kwargs):
        form, images = self.get_forms()
        if not (form.is_valid() and images.is_valid()):
            messages.error(request, _("The product was not saved: correct the fields marked below."))
            return self.render_to_response(self.get_context_data(form=form, image_formset=images), status=400)
        with transaction.atomic():
            product, change = self.save(form.listing_data())
            images.instance = product
            images.save()
        if change:
            messages.warning(request, _(
                "Saved. The new name or group of this certified product waits for an officer's review; "
                "the certified name stays on sale until then."))
        else:
            messages.success(request, _("“%(title)s” is saved.") % {"title": product.title})
        return redirect("producer-dashboard:producer-product-update", pk=product.pk)


class ProductCreateView(ProductFormMixin, generic.TemplateView):
    def save(self, data):
        return listings.create_listing(self.producer, data), None


class ProductUpdateView(ProductFormMixin, generic.TemplateView):
    def get(self, request, *args, **kwargs):
        self.product = self.get_product()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.product = self.get_product()
        return super().post(request, *args, **kwargs)

    def get_product(self):
        try:
            return listings.product_of(self.producer, self.kwargs["pk"])
        except Product.DoesNotExist:
            raise Http404 from None

    def save(self, data):
        change = listings.update_listing(self.producer, self.product, data, self.request.user)
        return self.product, change

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            product=self.product, changes=listings.visible_changes(self.product), **kwargs
        )


class TeamView(ProducerMixin, generic.FormView):
    """The producer's people, and inviting a colleague."""

    template_name = "producers/dashboard/team.html"
    form_class = forms.InvitationForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(colleagues=invitations.colleagues_of(self.producer), **kwargs)

    def form_valid(self, form):
        invitations.invite_user(
            self.producer, form.cleaned_data["email"], invited_by=self.request.user,
            language=form.cleaned_data["language"],
        )
        messages.success(self.request, _("An invitation is on its way to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("producer-dashboard:producer-team")


class OperatorInvitationView(generic.FormView):
    """Operators invite a producer's first user."""

    template_name = "producers/dashboard/operator_invitation.html"
    form_class = forms.OperatorInvitationForm

    def form_valid(self, form):
        producer = form.cleaned_data["producer"]
        invitations.invite_user(
            producer, form.cleaned_data["email"], invited_by=self.request.user,
            language=form.cleaned_data["language"],
        )
        messages.success(self.request, _("%(email)s is invited to manage %(producer)s.") % {
            "email": form.cleaned_data["email"], "producer": producer.name})
        return redirect("producer-dashboard:producer-operator-invite")


class InvitationAcceptView(generic.FormView):
    """The emailed link: the invitee chooses a password and is signed in."""

    template_name = "producers/dashboard/invitation_accept.html"
    form_class = forms.ChoosePasswordForm

    def dispatch(self, request, uidb64, token):
        self.invitee = invitations.user_for_invitation(uidb64, token)
        if self.invitee is None:
            return self.response_class(request, ["producers/dashboard/invitation_invalid.html"], {}, status=400)
        return super().dispatch(request, uidb64, token)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.invitee}

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitee=self.invitee, **kwargs)

    def form_valid(self, form):
        invitations.accept_invitation(self.invitee, form.cleaned_data["new_password1"])
        login(self.request, self.invitee, backend="marketplace.accounts.backends.EmailBackend")
        messages.success(self.request, _("Your password is set. Welcome!"))
        return redirect("producer-dashboard:producer-home")


class ListingChangeListView(generic.ListView):
    """Officers: pending title and group changes of certified products."""

    template_name = "producers/dashboard/listing_change_list.html"
    context_object_name = "changes"

    def get_queryset(self):
        return listings.pending_listing_changes()


class ListingChangeDecideView(generic.FormView):
    template_name = "producers/dashboard/listing_change_detail.html"
    form_class = forms.ListingChangeDecisionForm

    def dispatch(self, request, *args, **kwargs):
        self.change = get_object_or_404(
            ListingChange.objects.select_related("product__producer", "requested_by"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(change=self.change, **kwargs)

    def form_valid(self, form):
        approve = form.cleaned_data["decision"] == "approve"
        try:
            listings.decide_listing_change(self.change, self.request.user, approve=approve,
                                           reason=form.cleaned_data["reason"])
        except ValueError:
            messages.error(self.request, _("This change was already decided."))
        else:
            messages.success(self.request, _("The change is approved.") if approve else _("The change is refused."))
        return redirect("producer-dashboard:producer-listing-changes")
