// Checkout mobile number: checked with the shop's own rule (the same as the form's,
// /checkout/phone-check/) when the buyer leaves the field or changes its country.
// The message goes in the field's "<id>_error" block, which aria-describedby names.
(function () {
  "use strict";
  document.querySelectorAll("input.ocop-mobile[data-check-url]").forEach(function (input) {
    var form = input.form;
    var country = form && form.querySelector("select[name='" + input.dataset.countryField + "']");
    var errorsId = input.id + "_error";
    var box = document.getElementById(errorsId);
    if (!box) {
      box = document.createElement("div");
      box.id = errorsId;
      box.className = "error-block-list";
      box.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", box);
    }
    var asked = 0;

    function describe(on) {
      var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
        return id && id !== errorsId;
      });
      if (on) ids.unshift(errorsId);
      if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
      else input.removeAttribute("aria-describedby");
    }

    function show(message) {
      box.textContent = "";
      if (message) {
        var span = document.createElement("span");
        span.className = "error-block";
        span.textContent = message;
        box.appendChild(span);
        input.setAttribute("aria-invalid", "true");
      } else {
        input.setAttribute("aria-invalid", "false");
      }
      describe(Boolean(message));
    }

    function check() {
      var number = input.value.trim();
      if (!number) return;
      var mine = ++asked;
      var url = input.dataset.checkUrl + "?number=" + encodeURIComponent(number) +
        "&country=" + encodeURIComponent(country ? country.value : "");
      fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (mine !== asked) return;  // a newer check is on its way
          show(answer.valid ? "" : answer.message);
        })
        .catch(function () { /* offline: the form checks it on submit */ });
    }

    input.addEventListener("blur", check);
    if (country) country.addEventListener("change", function () { if (input.value.trim()) check(); });
  });
})();
