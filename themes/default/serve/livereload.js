// Live reload for `waymark serve`. Served only by `serve`, never part of a
// built site. It finds the event stream next to itself (from its own URL), so
// no host, port or path is written into the page: it works on any port,
// behind a reverse proxy and under a sub-path. `?v=` in its URL is the build
// the page came from; any other build announced by the server reloads it.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.EventSource || !window.URL) {
    return;
  }
  var src = new URL(me.src, location.href);
  var shown = src.searchParams.get("v");
  var events = new URL("events", src).href;
  var source = null;

  function connect() {
    source = new EventSource(events);
    source.onmessage = function (e) {
      if (e.data && e.data !== shown) {
        source.close();
        location.reload();
      }
    };
    source.onerror = function () {
      // EventSource retries by itself after a dropped connection; it gives up
      // only when the server answered with an error (e.g. while restarting).
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, 1000);
      }
    };
  }

  connect();
})();
