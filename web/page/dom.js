// The one way the page makes an element: text goes in as text, never as markup.

/** A new `tag` element with `className` and `text` (as a text node), each when given. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}
