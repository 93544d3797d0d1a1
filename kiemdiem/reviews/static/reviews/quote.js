// Selecting text in a passage of the circulated report fills the comment box's section and
// quote, so a delegate comments "on this passage" without retyping it. Without JavaScript the
// delegate types or pastes the quote; the server checks it against the version either way.
document.addEventListener("mouseup", function () {
  var selection = window.getSelection();
  if (!selection || selection.isCollapsed) return;
  var node = selection.anchorNode;
  var passage = node && (node.nodeType === 1 ? node : node.parentElement).closest(".rv-passage");
  var quote = document.getElementById("c-quote");
  var section = document.getElementById("c-section");
  if (!passage || !quote || !section) return;
  var text = selection.toString().trim();
  if (!text) return;
  quote.value = text;
  section.value = passage.dataset.section || "";
  quote.dispatchEvent(new Event("change", { bubbles: true }));
});
