// Card payment on the checkout preview with Stripe's Payment Element: confirm the
// PaymentIntent in the browser, then post its id so the server places the order.
(function () {
  var form = document.getElementById("place_order_form");
  if (!form || typeof Stripe === "undefined") return;
  var stripe = Stripe(form.dataset.publishableKey);
  var elements = stripe.elements({clientSecret: form.dataset.clientSecret, locale: document.documentElement.lang || "auto"});
  var button = document.getElementById("place-order");
  elements.create("payment").mount("#payment-element");
  form.addEventListener("submit", function (event) {
    if (form.payment_intent.value) return;
    event.preventDefault();
    button.disabled = true;
    stripe.confirmPayment({elements: elements, confirmParams: {return_url: form.dataset.returnUrl}, redirect: "if_required"})
      .then(function (result) {
        if (result.error) {
          var box = document.getElementById("payment-error");
          box.textContent = result.error.message;
          box.hidden = false;
          button.disabled = false;
          return;
        }
        form.payment_intent.value = result.paymentIntent.id;
        form.submit();
      });
  });
})();
