/* Stripe's Payment Element on the preview page (a static file: the Content-Security-Policy allows no inline script). */
(function () {
  var form = document.getElementById("place_order_form");
  var stripe = Stripe(form.dataset.publishableKey);
  var elements = stripe.elements({clientSecret: form.dataset.clientSecret, locale: document.documentElement.lang || "auto"});
  elements.create("payment").mount("#payment-element");
  form.addEventListener("submit", function (event) {
    if (form.payment_intent.value) return;
    event.preventDefault();
    document.getElementById("place-order").disabled = true;
    stripe.confirmPayment({elements: elements, confirmParams: {return_url: form.dataset.returnUrl}, redirect: "if_required"})
      .then(function (result) {
        if (result.error) {
          var box = document.getElementById("payment-error");
          box.textContent = result.error.message; box.hidden = false;
          document.getElementById("place-order").disabled = false;
          return;
        }
        form.payment_intent.value = result.paymentIntent.id;
        form.submit();
      });
  });
})();
