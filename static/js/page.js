/* Behaviour every page shares, without inline scripts (the Content-Security-Policy allows none):
 * - a button with data-action="print" prints the page;
 * - a select with data-autosubmit submits its form when changed (the language switch);
 * - a form (or its submit button) with data-confirm asks first, in its own words, before anything
 *   irreversible is sent;
 * - ▾ menus: opening one closes the others, a click outside or Escape closes them all;
 * - in every menu the link to the page shown (or to the section it belongs to) is marked current;
 * - an amount box (data-amount) groups thousands while the person types: "1500000" → "1.500.000";
 * - a picker box (data-lookup: the cooperative's lookup page, e.g. "members/lookup/") offers what its text
 *   names in a pick list, and names the one it points to under the box, before anything is saved;
 * - rows of a form (data-formset): "add" copies the empty row, ticking a row's Delete box removes it. */
(function () {
  "use strict";

  function closeMenus(except) {
    document.querySelectorAll("nav details[open]").forEach(function (menu) {
      if (menu !== except) {
        menu.removeAttribute("open");
      }
    });
  }

  // A link leads to the current page when its path is the page's, or starts it and names a section
  // below the cooperative ("/k/<slug>/ledger/" for a journal entry); the longest such link wins.
  function leadsHere(link, path) {
    var target = link.pathname;
    if (link.origin !== window.location.origin || link.search) {
      return false;
    }
    if (target === path) {
      return true;
    }
    return target.charAt(target.length - 1) === "/" && path.indexOf(target) === 0 &&
      target.split("/").filter(Boolean).length >= 3;
  }

  function markCurrentLinks() {
    var path = window.location.pathname;
    document.querySelectorAll("nav").forEach(function (nav) {
      var best = null;
      nav.querySelectorAll("a[href]").forEach(function (link) {
        if (leadsHere(link, path) && (!best || link.pathname.length > best.pathname.length)) {
          best = link;
        }
      });
      if (best) {
        best.setAttribute("aria-current", "page");
        var group = best.closest("details");
        if (group) {
          group.classList.add("current");
        }
      }
    });
  }

  // Dots group thousands and a comma starts the decimals, as Indonesians write amounts; the caret stays
  // after the same digit. Text that is not an amount is left for the server to explain.
  function groupAmount(input) {
    var value = input.value;
    if (!/^-?[\d.]*(,\d*)?$/.test(value)) {
      return;
    }
    var caretDigits = value.slice(0, input.selectionStart).replace(/\D/g, "").length;
    var parts = value.split(",");
    var grouped = parts[0].replace(/\./g, "").replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    var text = grouped + (parts.length > 1 ? "," + parts[1] : "");
    if (text === value) {
      return;
    }
    input.value = text;
    var position = 0;
    for (var seen = 0; position < text.length && seen < caretDigits; position++) {
      if (/\d/.test(text.charAt(position))) {
        seen++;
      }
    }
    input.setSelectionRange(position, position);
  }

  // The pick list (a <datalist>) and the line naming the chosen one, made the first time they are needed.
  function picker(input) {
    if (!input.list) {
      var list = document.createElement("datalist");
      list.id = (input.id || input.name) + "-choices";
      var picked = document.createElement("p");
      picked.className = "picked";
      picked.setAttribute("data-picked", "");
      picked.setAttribute("aria-live", "polite");
      input.after(list, picked);
      input.setAttribute("list", list.id);
    }
    return { list: input.list, picked: input.list.nextElementSibling };
  }

  function lookUp(input) {
    var cooperative = window.location.pathname.match(/^\/k\/[^/]+\//);
    var text = input.value.trim();
    var box = picker(input);
    if (!cooperative || !text) {
      box.picked.textContent = "";
      return;
    }
    var url = cooperative[0] + input.getAttribute("data-lookup") + "?q=" + encodeURIComponent(text);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        if (input.value.trim() !== text) {
          return;  // the person typed on: a newer answer is coming
        }
        box.list.replaceChildren.apply(box.list, data.results.map(function (choice) {
          var option = document.createElement("option");
          option.value = choice.value;
          option.label = choice.label;
          return option;
        }));
        var one = data.results.length === 1 ? data.results[0] : null;
        box.picked.textContent = one ? one.value + " (" + one.label + ")" : "";
      });
  }

  // Django formset rows: a new row is the <template> with __prefix__ replaced by the next index.
  function addRow(formset) {
    var total = formset.querySelector("input[name$='-TOTAL_FORMS']");
    var index = parseInt(total.value, 10);
    var html = formset.querySelector("template[data-formset-empty]").innerHTML.replace(/__prefix__/g, String(index));
    formset.querySelector("[data-formset-add]").insertAdjacentHTML("beforebegin", html);
    total.value = String(index + 1);
    var rows = formset.querySelectorAll("[data-formset-row]");
    var first = rows[rows.length - 1].querySelector("input:not([type=hidden]), select, textarea");
    if (first) {
      first.focus();
    }
  }

  document.querySelectorAll("[data-formset]").forEach(function (formset) {
    formset.querySelector("[data-formset-add]").hidden = false;
    formset.querySelectorAll("input[name$='-DELETE']:checked").forEach(function (box) {
      box.closest("[data-formset-row]").hidden = true;  // removed before the page was sent again
    });
  });
  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-formset-add]");
    if (add) {
      addRow(add.closest("[data-formset]"));
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-formset] input[name$='-DELETE']") && event.target.checked) {
      event.target.closest("[data-formset-row]").hidden = true;
    }
  });

  var lookupTimer = null;
  document.addEventListener("input", function (event) {
    if (event.target.matches("input[data-amount]")) {
      groupAmount(event.target);
    }
    if (event.target.matches("input[data-lookup]")) {
      var input = event.target;
      window.clearTimeout(lookupTimer);
      lookupTimer = window.setTimeout(function () { lookUp(input); }, 200);
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action='print']");
    if (button) {
      event.preventDefault();
      window.print();
    }
    closeMenus(event.target.closest("nav details"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      closeMenus(null);
    }
  });
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]") && event.target.form) {
      event.target.form.submit();
    }
  });
  markCurrentLinks();
  document.querySelectorAll("input[data-lookup]").forEach(function (input) {
    if (input.value.trim()) {
      lookUp(input);  // a form shown again after an error names the one it holds
    }
  });
})();
