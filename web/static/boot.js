// Starts the wasm app. A separate file because the page's CSP allows no inline script.
import init from "./pkg/playground.js";

init().catch((error) => {
  const box = document.querySelector(".boot");
  if (box) box.textContent = `The playground could not start: ${error}`;
});
