// Tool pages only: the theme's search worker, started after the validator runtime has settled.
// The build copies this file next to the theme's worker (assets/javascripts/workers/), whose
// language files load relative to the worker's location.
// On a phone with two cores, building the search index while Pyodide starts slows the tool down;
// here the page's messages are buffered until the validator worker says "settled" on the
// "yikao-runtime" broadcast channel (or 20 s have passed), then the real worker script runs.
(() => {
  var real = new URL(new URL(self.location.href).searchParams.get("worker") || "", self.location.href);
  var queue = [];
  var started = false;
  function hold(event) {
    queue.push(event.data);
  }
  self.addEventListener("message", hold);
  function start() {
    if (started) return;
    started = true;
    self.removeEventListener("message", hold);
    if (real.origin !== self.location.origin || !/\/workers\/search\.[^/]*\.js$/.test(real.pathname)) return;
    importScripts(real.href);
    queue.splice(0).forEach((data) => {
      self.dispatchEvent(new MessageEvent("message", { data: data }));
    });
  }
  try {
    const channel = new BroadcastChannel("yikao-runtime");
    channel.onmessage = (event) => {
      if (event.data === "settled") start();
    };
  } catch (_err) {
    start();
  }
  setTimeout(start, 20000);
})();
