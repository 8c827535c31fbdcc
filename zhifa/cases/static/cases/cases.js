/* Case forms: live party search, the Art 51 limit for the chosen party, location, warning/fine.
   Everything works without this file (the 查找 button asks the server); it only saves a round
   trip on a slow connection. No inline scripts: the page's CSP forbids them. */
(function () {
  "use strict";

  function partyPicker(box) {
    var input = box.querySelector("[data-party-search]");
    var select = box.querySelector("[data-party-select]");
    if (!input || !select) return;
    var timer = null;
    var last = "";

    function fill(items) {
      var chosen = select.value;
      var keep = null;
      Array.prototype.forEach.call(select.options, function (o) {
        if (o.value && o.value === chosen) keep = o;
      });
      select.innerHTML = "";
      var empty = document.createElement("option");
      empty.value = "";
      empty.textContent = items.length ? "— 请选择 (" + items.length + " 个结果) —" : "— 没有找到，请换个词或登记新当事人 —";
      select.appendChild(empty);
      if (keep && !items.some(function (p) { return String(p.id) === keep.value; })) {
        select.appendChild(keep);
      }
      items.forEach(function (p) {
        var o = document.createElement("option");
        o.value = p.id;
        o.dataset.kind = p.kind;
        o.textContent = p.name + " (" + p.kind_label + " " + p.id_number + ")";
        select.appendChild(o);
      });
      if (keep) select.value = keep.value;
      else if (items.length === 1) select.value = String(items[0].id);
      select.dispatchEvent(new Event("change"));
    }

    function search() {
      var q = input.value.trim();
      if (!q || q === last) return;
      last = q;
      fetch("/api/v1/parties/?q=" + encodeURIComponent(q), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) { if (input.value.trim() === q) fill(data.items || []); })
        .catch(function () { last = ""; }); /* offline: the 查找 button still works */
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 300);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); last = ""; search(); }
    });
  }

  function limitBox(form) {
    var data = document.getElementById("spot-limits");
    var text = form.querySelector("[data-limit-text]");
    var select = form.querySelector("[data-party-select]");
    if (!data || !text || !select) return;
    var limits = JSON.parse(data.textContent);
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var kind = option && option.dataset.kind;
      if (kind && limits[kind]) {
        text.textContent = "当事人为" + limits[kind].label + "：罚款不超过 ¥" + limits[kind].limit;
      }
    });
  }

  function penaltyToggle(form) {
    var fine = form.querySelector("#id_fine");
    var radios = form.querySelectorAll("input[name=penalty]");
    if (!fine || !radios.length) return;
    var boxes = ["#id_fine", "#id_collect_on_spot", "#id_hard_to_collect_later"].map(function (s) {
      var el = form.querySelector(s);
      return el && el.closest(".field");
    });
    function apply() {
      var warning = form.querySelector("input[name=penalty]:checked");
      var hide = warning && warning.value === "warning";
      boxes.forEach(function (b) { if (b) b.hidden = hide; });
    }
    Array.prototype.forEach.call(radios, function (r) { r.addEventListener("change", apply); });
    apply();
  }

  function locate(form) {
    var button = form.querySelector("[data-locate]");
    var status = form.querySelector("[data-locate-status]");
    var lat = form.querySelector("#id_latitude");
    var lng = form.querySelector("#id_longitude");
    if (!button || !lat || !lng || !navigator.geolocation) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "正在定位…";
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          lat.value = pos.coords.latitude.toFixed(6);
          lng.value = pos.coords.longitude.toFixed(6);
          status.textContent = "已记录坐标 " + lat.value + ", " + lng.value;
        },
        function () { status.textContent = "无法定位，请填写地点"; },
        { enableHighAccuracy: true, timeout: 10000 }
      );
    });
  }

  document.querySelectorAll("[data-picker]").forEach(partyPicker);
  document.querySelectorAll("form.spot-form").forEach(function (form) {
    limitBox(form);
    penaltyToggle(form);
    locate(form);
  });
})();
