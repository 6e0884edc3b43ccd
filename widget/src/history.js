  // history.js: The server's copy of the conversation, asked for while the panel is open.
  // The server's copy wins when it has one: a team member's reply joins the log, and a
  // conversation erased there (while its messages are stored there) leaves this browser too.
  // A turn sent meanwhile makes the answer stale, so it is dropped.
  var turnsSent = 0;
  function sameMessage(a, b) { return a.role === b.role && a.text === b.text; }
  // Resolves to whether anything changed.
  function syncHistory() {
    if (!state) return Promise.resolve(false);
    var visitor = state.visitor, sentBefore = turnsSent;
    return request('GET', '/me/conversations', null, visitor).then(function (reply) {
      if (busy || sentBefore !== turnsSent || !state || state.visitor !== visitor) return false;
      var conversations = reply.conversations || [], erased = false;
      var current = conversations.filter(function (c) { return c.id === state.conversation; })[0];
      if (reply.storing && state.conversation && !current && state.messages.length) {
        state.conversation = null;
        state.messages = [];
        writeState();
        renderAll();
        setStatus(t.erased);
        erased = true;
      }
      var latest = current || conversations[0];
      if (!latest || !latest.messages.length) return erased;
      var old = latest.id === state.conversation ? state.messages : [];
      var fresh = latest.messages.map(function (m, i) {
        var kept = { role: m.role, text: m.text, citations: m.citations };
        if (m.vote_token) { kept.id = m.id; kept.vt = m.vote_token; }
        var before = old.filter(function (o) { return o.id && o.id === m.id; })[0] || (old[i] && sameMessage(old[i], m) ? old[i] : null);
        if (before && before.vote) kept.vote = before.vote;
        return kept;
      });
      var extends_ = old.length <= fresh.length && old.every(function (m, i) { return sameMessage(m, fresh[i]); });
      // Answers cached before votes existed get their ids and tokens from the server's copy.
      var tokensNew = fresh.some(function (m, i) { return m.vt && old[i] && !old[i].vt; });
      if (extends_ && old.length === fresh.length && !tokensNew) return erased;
      state.conversation = latest.id;
      state.messages = fresh;
      writeState();
      if (extends_ && !tokensNew && log.childNodes.length === old.length) fresh.slice(old.length).forEach(renderMessage);
      else renderAll();
      return true;
    }).catch(function () { return false; /* the local copy stays */ });
  }

  // Asking again: soon after something happened, then less and less often while nothing
  // does; only while the panel is open and the page visible.
  var pollDelay = POLL_MIN_MS, pollTimer = null;
  function pollAgain(changed) {
    pollDelay = changed ? POLL_MIN_MS : Math.min(POLL_MAX_MS, Math.round(pollDelay * 1.5));
    clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, pollDelay);
  }
  function poll() {
    if (panel.hidden || document.hidden || !state) { pollAgain(false); return; }
    syncHistory().then(pollAgain);
  }

