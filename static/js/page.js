/* Behaviour every page shares, without inline scripts (the Content-Security-Policy allows none):
 * - a button with data-action="print" prints the page;
 * - a select with data-autosubmit submits its form when changed (the language switch);
 * - a form with data-confirm asks first, in its own words, before anything irreversible is sent;
 * - ▾ menus: opening one closes the others, a click outside or Escape closes them all;
 * - in every menu the link to the page shown (or to the section it belongs to) is marked current. */
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
