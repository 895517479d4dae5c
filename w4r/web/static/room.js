// The writing room's own script: small things htmx does not do.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
// The language menu changes the page at once; its button stays for keyboards and no-script browsers.
document.addEventListener("change", function (event) {
  if (event.target.id === "lang-choice") event.target.form.submit();
});
