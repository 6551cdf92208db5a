// Buttons marked data-print print the page. A file, not onclick=: the Content-Security-Policy runs no inline script.
document.querySelectorAll('[data-print]').forEach(function (button) {
  button.addEventListener('click', function () { window.print(); });
});
