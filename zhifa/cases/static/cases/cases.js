/* Case forms: live party search, the Art 51 limit for the chosen party, the catalog's standard
   fine, location, warning/fine, 登记新当事人 in place.
   Everything works without this file (the 查找 button asks the server); with it the page is
   never reloaded to find a party, so photos already chosen stay chosen. No inline scripts:
   the page's CSP forbids them. */
(function () {
  "use strict";

  function optionOf(select) {
    return select && select.selectedIndex >= 0 ? select.options[select.selectedIndex] : null;
  }

  /* The party search. On pages with a tap list (on the spot, a clue) the results are rows to
     tap and the select stays hidden (it is still what the form sends). */
  function partyPicker(box) {
    var input = box.querySelector("[data-party-search]");
    var select = box.querySelector("[data-party-select]");
    var find = box.querySelector("[data-find-party]");
    if (!input || !select) return;
    var results = box.querySelector("[data-party-results]");
    var chosen = box.querySelector("[data-party-chosen]");
    var tap = box.hasAttribute("data-tap-list") && results && chosen;
    var timer = null;
    var last = "";

    if (tap) {
      select.classList.add("pk-native");
      select.setAttribute("tabindex", "-1");
      select.setAttribute("aria-hidden", "true");
    }

    function showChosen() {
      if (!tap) return;
      var o = optionOf(select);
      chosen.hidden = !(o && o.value);
      chosen.textContent = o && o.value ? "已选择：" + o.textContent : "";
    }

    function pick(value) {
      select.value = value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      if (tap) results.hidden = true;
    }

    function listResults(items) {
      if (!tap) return;
      results.innerHTML = "";
      items.forEach(function (p) {
        var li = document.createElement("li");
        li.className = "pk-option";
        li.setAttribute("role", "option");
        li.setAttribute("data-value", String(p.id));
        li.textContent = p.name;
        var sub = document.createElement("span");
        sub.className = "pk-sub";
        sub.textContent = p.kind_label + " " + p.id_number + (p.street_name ? " · " + p.street_name : "");
        li.appendChild(sub);
        results.appendChild(li);
      });
      if (!items.length) {
        var none = document.createElement("li");
        none.className = "pk-none";
        none.textContent = "没有找到，请换个词，或勾选「登记新当事人」";
        results.appendChild(none);
      }
      results.hidden = items.length === 1 && select.value === String(items[0].id);
    }

    function fill(items) {
      var keep = null;
      Array.prototype.forEach.call(select.options, function (o) {
        if (o.value && o.value === select.value) keep = o;
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
      select.dispatchEvent(new Event("change", { bubbles: true }));
      listResults(items);
    }

    function search(force) {
      var q = input.value.trim();
      if (!q || (q === last && !force)) return;
      last = q;
      fetch("/api/v1/parties/?q=" + encodeURIComponent(q), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) { if (input.value.trim() === q) fill((data.items || []).slice(0, 20)); })
        .catch(function () { last = ""; }); /* offline: the 查找 button still asks the server */
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 300);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); search(true); }
    });
    if (find) {
      /* With the script the 查找 button searches in place: no reload, nothing chosen is lost. */
      find.addEventListener("click", function (e) {
        if (!window.fetch) return;
        e.preventDefault();
        search(true);
      });
    }
    if (tap) {
      results.addEventListener("click", function (e) {
        var li = e.target.closest(".pk-option");
        if (li) pick(li.getAttribute("data-value"));
      });
    }
    select.addEventListener("change", showChosen);
    showChosen();
  }

  /* 登记新当事人 in place: the box opens the fields; choosing a found party closes them. */
  function newParty(form) {
    var box = form.querySelector("[data-party-new]");
    if (!box) return;
    var check = box.querySelector("[data-new-party]");
    var fields = box.querySelector("[data-party-new-fields]");
    var select = form.querySelector("[data-party-select]");
    var idType = form.querySelector("#id_new_id_type");
    var kinds = form.querySelectorAll("input[name=new_kind]");
    var picker = form.querySelector("[data-party-picker]");
    var typical = { person: "resident_id", organisation: "uscc", sole_trader: "uscc" };

    var results = form.querySelector("[data-party-results]");

    function apply() {
      fields.hidden = !check.checked;
      if (check.checked && results) results.hidden = true;
      if (check.checked && select && select.value) {
        select.value = "";
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      if (picker) picker.classList.toggle("party-new-on", check.checked);
    }
    check.addEventListener("change", function () {
      apply();
      var name = form.querySelector("#id_new_name");
      if (check.checked && name) name.focus();
      form.dispatchEvent(new CustomEvent("party-kind"));
    });
    if (select) {
      select.addEventListener("change", function () {
        if (select.value && check.checked) { check.checked = false; apply(); }
      });
    }
    Array.prototype.forEach.call(kinds, function (r) {
      r.addEventListener("change", function () {
        if (idType && typical[r.value]) idType.value = typical[r.value];
        form.dispatchEvent(new CustomEvent("party-kind"));
      });
    });
    apply();
  }

  /* The kind of the party the decision is about: the one chosen, or the new one's. */
  function partyKind(form) {
    var check = form.querySelector("[data-new-party]");
    if (check && check.checked) {
      var r = form.querySelector("input[name=new_kind]:checked");
      return r ? r.value : "";
    }
    var o = optionOf(form.querySelector("[data-party-select]"));
    return (o && o.value && o.dataset.kind) || "";
  }

  function limitBox(form) {
    var data = document.getElementById("spot-limits");
    var text = form.querySelector("[data-limit-text]");
    var select = form.querySelector("[data-party-select]");
    if (!data || !text || !select) return;
    var limits = JSON.parse(data.textContent);
    function apply() {
      var kind = partyKind(form);
      if (kind && limits[kind]) {
        text.textContent = "当事人为" + limits[kind].label + "：罚款不超过 ¥" + limits[kind].limit;
      }
    }
    select.addEventListener("change", apply);
    form.addEventListener("party-kind", apply);
  }

  /* The catalog's standard fine (one amount for the ordinary case, e.g. 随地吐痰 ¥50) filled in
     when the amount is empty or was filled in by us; what the officer typed is never changed. */
  function standardFine(form) {
    var data = document.getElementById("spot-fines");
    var item = form.querySelector("#id_violation_item");
    var fine = form.querySelector("#id_fine");
    var hint = form.querySelector("[data-fine-hint]");
    if (!data || !item || !fine) return;
    var fines = JSON.parse(data.textContent);
    var filled = "";

    function amountFor(byKind, kind) {
      if (!byKind) return "";
      if (kind) return byKind[kind] || "";
      var values = Object.keys(byKind).map(function (k) { return byKind[k]; });
      var all = ["person", "organisation", "sole_trader"].every(function (k) { return byKind[k]; });
      return all && values.every(function (v) { return v === values[0]; }) ? values[0] : "";
    }

    function apply() {
      var amount = amountFor(fines[item.value], partyKind(form));
      var shown = amount ? String(parseFloat(amount)) : "";
      var ours = fine.value === "" || fine.value === filled;
      if (ours) {
        fine.value = shown;
        filled = shown;
      }
      if (hint) {
        hint.hidden = !(amount && fine.value === shown);
        hint.textContent = amount ? "已按权责清单的标准罚款填入 ¥" + shown + "，情节不同的可修改" : "";
      }
    }
    item.addEventListener("change", apply);
    form.addEventListener("party-kind", apply);
    var party = form.querySelector("[data-party-select]");
    if (party) party.addEventListener("change", apply);
    fine.addEventListener("input", function () { if (hint) hint.hidden = fine.value !== filled; });
    apply();
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

  function coordinates(lat, lng) {
    var ns = lat >= 0 ? "北纬" : "南纬";
    var ew = lng >= 0 ? "东经" : "西经";
    return "定位坐标 " + ns + Math.abs(lat).toFixed(6) + "°，" + ew + Math.abs(lng).toFixed(6) + "°";
  }

  /* 定位: the coordinates go with the case; the place text gets them too when it is empty (or
     still holds the previous fix), never over what the officer typed. */
  function locate(form) {
    var button = form.querySelector("[data-locate]");
    var status = form.querySelector("[data-locate-status]");
    var lat = form.querySelector("#id_latitude");
    var lng = form.querySelector("#id_longitude");
    var place = form.querySelector("#id_place");
    if (!button || !lat || !lng || !navigator.geolocation) return;
    var auto = "";
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "正在定位…";
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          lat.value = pos.coords.latitude.toFixed(6);
          lng.value = pos.coords.longitude.toFixed(6);
          var text = coordinates(pos.coords.latitude, pos.coords.longitude);
          if (place && (place.value.trim() === "" || place.value === auto)) {
            place.value = text;
            auto = text;
            status.textContent = "已记录坐标并填入地点，可补充街道门牌";
          } else {
            status.textContent = "已记录坐标 " + lat.value + ", " + lng.value;
          }
        },
        function () { status.textContent = "无法定位，请填写地点"; },
        { enableHighAccuracy: true, timeout: 10000 }
      );
    });
  }

  document.querySelectorAll("[data-party-picker]").forEach(partyPicker);
  document.querySelectorAll("form").forEach(newParty);
  document.querySelectorAll("form.spot-form").forEach(function (form) {
    limitBox(form);
    standardFine(form);
    penaltyToggle(form);
    locate(form);
  });
})();
