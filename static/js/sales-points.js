// The sales points page (no inline scripts: the shop runs under a Content-Security-Policy).
// "Sales points near me": the browser's location, asked only on click, as ?lat=&lon=
// (the page lists the points nearest first). Refused or unavailable: say so and
// point at the province picker, which works without JavaScript.
(function () {
    "use strict";
    var button = document.querySelector(".ocop-sp-near-me");
    var refused = document.querySelector(".ocop-sp-near-me-refused");
    if (!button || !navigator.geolocation) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (position) {
            var params = new URLSearchParams();
            params.set("lat", position.coords.latitude.toFixed(4));
            params.set("lon", position.coords.longitude.toFixed(4));
            window.location.search = params.toString();
        }, function () {
            if (refused) {
                refused.hidden = false;
                document.getElementById("id_sp_province").focus();
            }
        }, {timeout: 15000});
    });
})();
