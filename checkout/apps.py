import oscar.apps.checkout.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    name = "checkout"

    def ready(self):
        super().ready()
        self.wards_view = get_class("checkout.views", "province_wards")
        self.pick_up_view = get_class("checkout.views", "PickUpView")
        self.phone_check_view = get_class("checkout.views", "phone_check")

    def get_urls(self):
        from checkout.payment import payment_urls

        urls = super().get_urls()
        urls += [
            path("wards/<str:code>/", self.wards_view, name="province-wards"),
            path("pick-up/", self.pick_up_view.as_view(), name="pick-up"),
            path("phone-check/", self.phone_check_view, name="phone-check"),
            *payment_urls(),
        ]
        return self.post_process_urls(urls)
