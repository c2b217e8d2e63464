"""Steps several browser journeys share.

The checkout steps take ``at_each_page(where)``, called on every page they reach
(the accessibility and phone journeys check each page there)."""

from collections.abc import Callable

#: The sign-in-or-guest step's button, by language.
CONTINUE = {"vi": "Tiếp tục", "en": "Continue"}


def _nothing(where: str) -> None:
    pass


def sign_in(page, email: str, password: str) -> None:
    """Sign in on the dashboard's login page (email and password), as a new session."""
    page.context.clear_cookies()
    page.goto("/dashboard/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_load_state()


def continue_as_guest(page, email: str, *, language: str = "vi") -> None:
    """The checkout's first page: buy without an account, to the address step."""
    page.fill("input[name=username]", email)
    page.check("input[name=options][value=anonymous]")
    page.locator("form button[type=submit]", has_text=CONTINUE[language]).first.click()
    page.wait_for_url("**/checkout/shipping-address/")


def deliver_to(page, province, ward, *, name: str = "Nguyễn Thị Lan") -> None:
    """The address step, delivering to ``ward``, on to the payment step."""
    page.fill("input[name=first_name]", name)
    page.fill("input[name=phone_number]", "0912 345 678")
    page.fill("input[name=line1]", "12 Lê Lợi")
    page.select_option("select[name=province]", province.pk)
    # The ward list is fetched for the chosen province.
    page.wait_for_selector(f"select[name=ward] option[value='{ward.pk}']", state="attached")
    page.select_option("select[name=ward]", ward.pk)
    page.locator("#new_shipping_address button[type=submit]").click()
    page.wait_for_url("**/checkout/payment-details/")


def place_order_with_cash_on_delivery(page, at_each_page: Callable[[str], None] = _nothing) -> None:
    """From the payment step to the thank-you page (cash on delivery, the default)."""
    place_order(page, "cod", at_each_page)


def place_order(page, payment: str, at_each_page: Callable[[str], None] = _nothing) -> None:
    """From the payment step to the thank-you page, paying with the method whose
    code is ``payment`` (cash on delivery is chosen by default)."""
    at_each_page("checkout: payment")
    assert page.locator("#payment_cod").is_checked()
    if payment != "cod":
        page.check(f"#payment_{payment}")
    page.locator("#view_preview").click()
    page.wait_for_url("**/checkout/preview/")
    at_each_page("checkout: preview")
    page.locator("#place-order").click()
    page.wait_for_url("**/checkout/thank-you/")
    at_each_page("order confirmation")


def check_out_as_guest_with_cash_on_delivery(page, email: str, province, ward, *, language: str = "vi",
                                             at_each_page: Callable[[str], None] = _nothing) -> None:
    """From the checkout's first page to the thank-you page, delivering to ``ward``."""
    at_each_page("checkout: sign in or guest")
    continue_as_guest(page, email, language=language)
    at_each_page("checkout: address")
    deliver_to(page, province, ward)
    place_order_with_cash_on_delivery(page, at_each_page)


def check_out_as_guest(page, email: str, province, ward, payment: str) -> None:
    """From the checkout's first page to the thank-you page, delivering to ``ward``
    and paying with the method whose code is ``payment``."""
    continue_as_guest(page, email)
    deliver_to(page, province, ward)
    place_order(page, payment)
