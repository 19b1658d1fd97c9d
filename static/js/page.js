/* Behaviour every page shares, without inline scripts (the Content-Security-Policy allows none):
 * - a button with data-action="print" prints the page;
 * - a select with data-autosubmit submits its form when changed (the language switch). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action='print']");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]") && event.target.form) {
      event.target.form.submit();
    }
  });
})();
