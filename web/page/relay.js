// The relay frame (../relay.html): a page may not start a Worker from another origin's script, so an element
// embedded from Chorus's origin into another site's page asks this hidden frame, on Chorus's origin, to start
// the worker, and talks to it through the MessagePort it hands over. Messages pass unchanged both ways; files
// are structured-cloned, never uploaded. Only a worker of this origin is started.
window.addEventListener('message', (event) => {
  const [port] = event.ports;
  if (event.data?.type !== 'chorus-relay' || !port) return;
  const url = new URL(event.data.worker, location.href);
  if (url.origin !== location.origin || !/\/worker\/worker\.js$/.test(url.pathname)) return;
  const worker = new Worker(url, { type: 'module' });
  worker.onmessage = (message) => port.postMessage(message.data);
  worker.onerror = (error) => {
    error.preventDefault();
    port.postMessage({ relayError: error.message || 'the analysis worker stopped unexpectedly' });
  };
  port.onmessage = (message) => {
    if (message.data?.relay === 'terminate') {
      worker.terminate();
      port.close();
      return;
    }
    worker.postMessage(message.data);
  };
});
