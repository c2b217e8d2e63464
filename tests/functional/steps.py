"""Steps several browser journeys share."""


def sign_in(page, email: str, password: str) -> None:
    """Sign in on the dashboard's login page (email and password), as a new session."""
    page.context.clear_cookies()
    page.goto("/dashboard/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_load_state()


def check_out_as_guest_with_cash_on_delivery(page, email: str, province, ward) -> None:
    """From the checkout's first page to the thank-you page, delivering to ``ward``."""
    check_out_as_guest(page, email, province, ward, "cod")


def check_out_as_guest(page, email: str, province, ward, payment: str) -> None:
    """From the checkout's first page to the thank-you page, delivering to ``ward``
    and paying with the method whose code is ``payment`` (cash on delivery is chosen
    by default)."""
    page.fill("input[name=username]", email)
    page.check("input[name=options][value=anonymous]")
    page.locator("form button[type=submit]", has_text="Tiếp tục").first.click()
    page.wait_for_url("**/checkout/shipping-address/")
    page.fill("input[name=first_name]", "Nguyễn Thị Lan")
    page.fill("input[name=phone_number]", "0912 345 678")
    page.fill("input[name=line1]", "12 Lê Lợi")
    page.select_option("select[name=province]", province.pk)
    # The ward list is fetched for the chosen province.
    page.wait_for_selector(f"select[name=ward] option[value='{ward.pk}']", state="attached")
    page.select_option("select[name=ward]", ward.pk)
    page.locator("#new_shipping_address button[type=submit]").click()
    page.wait_for_url("**/checkout/payment-details/")
    assert page.locator("#payment_cod").is_checked()
    if payment != "cod":
        page.check(f"#payment_{payment}")
    page.locator("#view_preview").click()
    page.wait_for_url("**/checkout/preview/")
    page.locator("#place-order").click()
    page.wait_for_url("**/checkout/thank-you/")
