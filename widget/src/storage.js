  // storage.js: This browser's copy: one localStorage key, written only after the first message.
  function readState() {
    try {
      var raw = window.localStorage.getItem(storageKey);
      var parsed = raw && JSON.parse(raw);
      if (parsed && typeof parsed.visitor === 'string' && Array.isArray(parsed.messages)) return parsed;
    } catch (e) { /* storage unavailable or corrupt: start fresh */ }
    return null;
  }
  function writeState() {
    state.messages = state.messages.slice(-MAX_CACHED);
    try { window.localStorage.setItem(storageKey, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function newVisitorId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  var state = readState();
  var pendingVisitor = null;

