/* Behaviour every page shares, without inline scripts (the Content-Security-Policy allows none):
 * - a button with data-action="print" prints the page;
 * - a select with data-autosubmit submits its form when changed (the language switch);
 * - a form with data-confirm asks first, in its own words, before anything irreversible is sent. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action='print']");
    if (button) {
      event.preventDefault();
      window.print();
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
})();
