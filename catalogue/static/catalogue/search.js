// Search, catalogue and category pages (no inline scripts: the shop runs under a
// Content-Security-Policy).
(function () {
    "use strict";

    // "Use my location": the browser's location (asked only on click) as lat/lon, 50 km,
    // nearest first. Refused or unavailable: say so and offer the province picker.
    var button = document.querySelector(".ocop-near-me");
    var picker = document.querySelector(".ocop-province-picker");
    function offerProvinces(refused) {
        if (!picker || !picker.querySelector("option")) { return; }
        picker.hidden = false;
        if (refused) {
            picker.querySelector(".ocop-near-me-refused").hidden = false;
            picker.querySelector("select").focus();
        }
    }
    if (button && navigator.geolocation) {
        button.hidden = false;
        button.addEventListener("click", function () {
            navigator.geolocation.getCurrentPosition(function (position) {
                var params = new URLSearchParams(window.location.search);
                params.set("lat", position.coords.latitude.toFixed(4));
                params.set("lon", position.coords.longitude.toFixed(4));
                params.set("radius_km", "50");
                params.set("sort", "distance");
                params.delete("page");
                window.location.search = params.toString();
            }, function () { offerProvinces(true); }, {timeout: 15000});
        });
    } else if (button) {
        offerProvinces(false);
    }

    // The filters panel: closed on phones so the first results show, open on wider screens.
    var filters = document.querySelector("details[data-open-wide]");
    if (filters && window.matchMedia("(min-width: 768px)").matches) { filters.open = true; }

    // Autocomplete from /api/v1/search/suggest/ into the search box's datalist.
    var input = document.getElementById("id_search_q");
    var list = document.getElementById("ocop-suggestions");
    var timer;
    if (input && list && window.fetch) {
        input.addEventListener("input", function () {
            clearTimeout(timer);
            var q = input.value.trim();
            if (q.length < 2) { return; }
            timer = setTimeout(function () {
                // Titles in the page's language (API paths carry no language prefix).
                fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q),
                      {headers: {"Accept-Language": document.documentElement.lang}})
                    .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
                    .then(function (data) {
                        list.innerHTML = "";
                        data.suggestions.forEach(function (s) {
                            var option = document.createElement("option");
                            option.value = s.title;
                            list.appendChild(option);
                        });
                    });
            }, 150);
        });
    }
})();
