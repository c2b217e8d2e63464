// Province → ward dependent selects on the checkout address form.
(function () {
  var root = document.getElementById("ocop-address");
  if (!root) return;
  var province = root.querySelector("select[name$='province']");
  var ward = root.querySelector("select[name$='ward']");
  if (!province || !ward) return;
  var template = root.dataset.wardsUrlTemplate;
  var chooseLabel = root.dataset.chooseLabel;

  function fill(wards, selected) {
    ward.innerHTML = "";
    var empty = document.createElement("option");
    empty.value = "";
    empty.textContent = chooseLabel;
    ward.appendChild(empty);
    wards.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.code;
      option.textContent = item.name;
      if (item.code === selected) option.selected = true;
      ward.appendChild(option);
    });
    ward.disabled = wards.length === 0;
  }

  function load() {
    var code = province.value;
    var selected = ward.value;
    if (!code) { fill([], ""); return; }
    fetch(template.replace("PROVINCE", encodeURIComponent(code)), {headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (data) { fill(data.wards, selected); });
  }

  province.addEventListener("change", load);
  if (province.value && ward.options.length <= 1) load();
  if (!province.value) ward.disabled = true;
})();
