/* Behaviour every page shares, without inline scripts (the Content-Security-Policy allows none):
 * - a button with data-action="print" prints the page;
 * - a select with data-autosubmit submits its form when changed (the language switch);
 * - a form with data-confirm asks first, in its own words, before anything irreversible is sent;
 * - ▾ menus: opening one closes the others, a click outside or Escape closes them all;
 * - in every menu the link to the page shown (or to the section it belongs to) is marked current;
 * - an amount box (data-amount) groups thousands while the person types: "1500000" → "1.500.000". */
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

  document.addEventListener("input", function (event) {
    if (event.target.matches("input[data-amount]")) {
      groupAmount(event.target);
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
    var question = event.target.getAttribute("data-confirm");
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
})();
