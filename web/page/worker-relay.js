// A worker for an element whose files come from another origin than the page's (docs/embed.md): the browser
// will not start a Worker from a cross-origin script, so a hidden frame on Chorus's origin (../relay.html)
// starts it, and this object stands in for it: postMessage, onmessage, onerror and terminate, through a
// MessagePort. The host's CSP needs nothing more than its script-src naming Chorus's origin (and, if it sets
// frame-src or default-src, Chorus's origin there too).

/** A Worker-like object running `workerUrl` (on Chorus's origin) in a relay frame appended to `parent`. */
export function relayWorker(workerUrl, parent) {
  const frame = document.createElement('iframe');
  frame.src = new URL('../relay.html', import.meta.url).href;
  frame.hidden = true;
  frame.tabIndex = -1;
  frame.setAttribute('aria-hidden', 'true');
  frame.title = 'Chorus worker';
  const channel = new MessageChannel();
  const waiting = [];
  let connected = false;
  const relay = {
    onmessage: null,
    onerror: null,
    postMessage(message) {
      if (connected) channel.port1.postMessage(message);
      else waiting.push(message);
    },
    terminate() {
      channel.port1.postMessage({ relay: 'terminate' });
      channel.port1.close();
      frame.remove();
    },
  };
  channel.port1.onmessage = (event) => {
    if (event.data?.relayError) relay.onerror?.({ message: event.data.relayError, preventDefault() {} });
    else relay.onmessage?.(event);
  };
  frame.addEventListener('load', () => {
    frame.contentWindow.postMessage({ type: 'chorus-relay', worker: workerUrl.href }, new URL(frame.src).origin, [channel.port2]);
    connected = true;
    for (const message of waiting.splice(0)) channel.port1.postMessage(message);
  }, { once: true });
  parent.append(frame);
  return relay;
}
