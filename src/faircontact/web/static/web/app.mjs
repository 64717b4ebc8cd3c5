// GOV.UK Frontend's components (error summary focus, radios, service navigation, …) on every page.
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

initAll();

// "Copy the words": copies the gate's script (an element named by data-copy) to the clipboard. The button is
// hidden until this runs, and found by delegation because htmx replaces the guidance as the form changes.
function showCopyButtons(root) {
  root.querySelectorAll("button.fc-copy[hidden]").forEach((button) => {
    if (navigator.clipboard) button.hidden = false;
  });
}

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button.fc-copy");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  await navigator.clipboard.writeText(source.textContent.trim());
  button.textContent = "Copied";
});
document.addEventListener("htmx:afterSwap", (event) => showCopyButtons(event.target));
showCopyButtons(document);
