// The restart button without an inline handler (the page's CSP allows no inline script).
window.addEventListener("DOMContentLoaded", () => {
  document.getElementById("restart").addEventListener("click", () => {
    window.location.reload();
  });
});
