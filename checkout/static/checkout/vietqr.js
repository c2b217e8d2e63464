// VietQR payment instructions: the copy buttons (account number, amount, transfer
// note). Each copy is announced through the block's aria-live status line.
(function () {
  var root = document.querySelector(".ocop-vietqr-pay");
  if (!root) return;
  var status = root.querySelector(".ocop-copy-status");

  function announce(button, text) {
    status.textContent = "";
    // A fresh text node, so that screen readers announce a second copy too.
    window.setTimeout(function () { status.textContent = text; }, 50);
    if (button) {
      var label = button.dataset.label || button.textContent;
      button.dataset.label = label;
      button.textContent = text === root.dataset.copiedLabel ? text : label;
      window.setTimeout(function () { button.textContent = label; }, 2000);
    }
  }

  function copyByHand(value) {
    var area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.className = "ocop-offscreen";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done;
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest(".ocop-copy");
    if (!button) return;
    var value = button.dataset.copy;
    var copied = function () { announce(button, root.dataset.copiedLabel); };
    var failed = function () {
      if (copyByHand(value)) { copied(); } else { announce(null, root.dataset.copyFailedLabel); }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(value).then(copied, failed);
    } else {
      failed();
    }
  });
})();
