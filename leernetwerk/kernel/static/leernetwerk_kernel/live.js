/*
 * Leernetwerk live updates: a small, dependency-free client.
 *
 * Markup (rendered by casework/includes/live_region.html):
 *   <div data-live data-live-url="/ws/live/case/12/" data-live-since="41"> … status texts … </div>
 *
 * It connects, shows the connection state in an aria-live status element, reconnects with
 * exponential backoff and resumes from the last event id it saw, so no update is lost. The
 * server's heartbeat carries the stream's last id: when it is ahead of the last event seen (a
 * broadcast that never arrived, and no later event to reveal the gap), the client asks for the
 * missing events with "resume", as on a reconnect. Each event
 * may carry `data.ops`: DOM operations with server-rendered HTML, applied the same way for every
 * stream; every event is also dispatched as a `live:event` DOM event for page-specific code.
 * Pages work without this script: it only saves a reload.
 */
(function () {
  "use strict";

  var PING_MS = 25000;
  var MAX_BACKOFF_MS = 30000;
  // An event the heartbeat announces may still be on its way: ask for it only after this long.
  var CATCH_UP_GRACE_MS = 1000;

  function LiveStream(root) {
    this.root = root;
    this.url = root.getAttribute("data-live-url");
    this.lastId = parseInt(root.getAttribute("data-live-since") || "0", 10) || 0;
    this.status = root.querySelector("[data-live-status]");
    this.attempt = 0;
    this.socket = null;
    this.pingTimer = null;
    this.catchUpTimer = null;
    this.stopped = false;
    this.setState("connecting");
    this.connect();
  }

  LiveStream.prototype.text = function (state) {
    // A region without texts (the bell) shows none: never the raw state name.
    return this.root.getAttribute("data-live-text-" + state) || "";
  };

  LiveStream.prototype.setState = function (state) {
    this.root.setAttribute("data-live-state", state);
    if (this.status) {
      this.status.setAttribute("data-state", state);
      this.status.textContent = this.text(state);
    }
  };

  LiveStream.prototype.connect = function () {
    var self = this;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var url = scheme + window.location.host + this.url + "?since=" + this.lastId;
    var socket;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = function () {
      self.pingTimer = window.setInterval(function () {
        self.send({ type: "ping" });
      }, PING_MS);
    };
    socket.onmessage = function (message) {
      var frame;
      try {
        frame = JSON.parse(message.data);
      } catch (error) {
        return;
      }
      self.handle(frame);
    };
    socket.onclose = function (event) {
      window.clearInterval(self.pingTimer);
      window.clearTimeout(self.catchUpTimer);
      if (event.code === 4403) {
        self.stopped = true;
        self.setState("forbidden");
        return;
      }
      if (!self.stopped) {
        self.scheduleReconnect();
      }
    };
  };

  LiveStream.prototype.send = function (frame) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(frame));
    }
  };

  LiveStream.prototype.scheduleReconnect = function () {
    var self = this;
    this.setState(navigator.onLine === false ? "offline" : "reconnecting");
    var delay = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, this.attempt));
    delay = delay / 2 + Math.random() * (delay / 2);
    this.attempt += 1;
    window.setTimeout(function () {
      self.connect();
    }, delay);
  };

  LiveStream.prototype.handle = function (frame) {
    if (frame.type === "ready") {
      this.attempt = 0;
      this.lastId = frame.id;
      this.setState("connected");
    } else if (frame.type === "event") {
      if (frame.id <= this.lastId) {
        return;
      }
      this.lastId = frame.id;
      this.apply(frame);
    } else if (frame.type === "heartbeat") {
      this.heartbeat(frame.id);
    } else if (frame.type === "reload") {
      this.stopped = true;
      this.setState("stale");
      var button = this.root.querySelector("[data-live-reload]");
      if (button) {
        button.hidden = false;
      }
      this.socket.close();
    }
  };

  LiveStream.prototype.heartbeat = function (lastId) {
    // The stream is ahead of what arrived: fetch the gap from the log, as a reconnect does.
    var self = this;
    if (typeof lastId !== "number" || lastId <= this.lastId) {
      return;
    }
    window.clearTimeout(this.catchUpTimer);
    this.catchUpTimer = window.setTimeout(function () {
      if (lastId > self.lastId) {
        self.send({ type: "resume", since: self.lastId });
      }
    }, CATCH_UP_GRACE_MS);
  };

  LiveStream.prototype.apply = function (frame) {
    var ops = (frame.data && frame.data.ops) || [];
    for (var i = 0; i < ops.length; i += 1) {
      applyOp(ops[i]);
    }
    this.root.dispatchEvent(new CustomEvent("live:event", { bubbles: true, detail: frame }));
  };

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html || "";
    return template.content;
  }

  function applyOp(op) {
    var target = op.target ? document.querySelector(op.target) : null;
    if (!target) {
      return;
    }
    switch (op.op) {
      case "append":
        if (!op.id || !document.getElementById(op.id)) {
          target.appendChild(fragment(op.html));
        }
        break;
      case "prepend":
        if (!op.id || !document.getElementById(op.id)) {
          target.insertBefore(fragment(op.html), target.firstChild);
        }
        break;
      case "replace":
        target.replaceWith(fragment(op.html));
        break;
      case "remove":
        target.remove();
        break;
      case "text":
        target.textContent = op.text;
        break;
      default:
        break;
    }
  }

  function start() {
    var roots = document.querySelectorAll("[data-live]");
    for (var i = 0; i < roots.length; i += 1) {
      if (!roots[i].liveStream && "WebSocket" in window) {
        roots[i].liveStream = new LiveStream(roots[i]);
      }
    }
    var reloads = document.querySelectorAll("[data-live-reload]");
    for (var j = 0; j < reloads.length; j += 1) {
      reloads[j].addEventListener("click", function () {
        window.location.reload();
      });
    }
  }

  window.addEventListener("online", function () {
    var roots = document.querySelectorAll("[data-live]");
    for (var i = 0; i < roots.length; i += 1) {
      var stream = roots[i].liveStream;
      if (stream && !stream.stopped && stream.socket && stream.socket.readyState > 1) {
        stream.attempt = 0;
      }
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
