  // turn.js: One turn: the question sent, the answer streamed as server-sent events.
  // One turn as server-sent events: `delta` events show the answer as a language model
  // writes it; the `done` event is the turn as stored, and replaces what the deltas showed.
  function streamTurn(body, visitor, onDelta) {
    if (!window.TextDecoder || !window.ReadableStream) return request('POST', '/messages', body, visitor);
    return call('POST', '/messages/stream', body, visitor).then(function (response) {
      var reader = response.body.getReader(), decoder = new TextDecoder(), buffer = '', result = null;
      function handle(block) {
        var name = 'message', data = '';
        block.split('\n').forEach(function (line) {
          if (line.indexOf('event:') === 0) name = line.slice(6).trim();
          else if (line.indexOf('data:') === 0) data += line.slice(5).replace(/^ /, '');
        });
        if (!data) return;
        var parsed = JSON.parse(data);
        if (name === 'delta') onDelta(parsed.text);
        else if (name === 'done') result = parsed;
        else if (name === 'error') {
          var error = new Error('stream');
          error.status = parsed.error && parsed.error.code === 'payload_too_large' ? 413 : 500;
          throw error;
        }
      }
      function pump() {
        return reader.read().then(function (chunk) {
          if (!chunk.done) buffer += decoder.decode(chunk.value, { stream: true });
          var blocks = buffer.split('\n\n');
          buffer = chunk.done ? '' : blocks.pop();
          blocks.forEach(handle);
          if (result) return result;
          if (chunk.done) throw new Error('stream');
          return pump();
        });
      }
      return pump();
    });
  }

  function send(text) {
    if (busy || !text) return;
    busy = true;
    turnsSent += 1;
    var visitor = state ? state.visitor : (pendingVisitor = pendingVisitor || newVisitorId());
    var offered = log.querySelector('.sotto-suggest');
    if (offered) { if (offered.contains(document.activeElement)) input.focus(); offered.remove(); }
    var shown = { role: 'visitor', text: text, citations: [] };
    renderMessage(shown);
    setStatus(t.thinking);
    var live = null;
    function showDelta(piece) {
      if (!live) {
        live = el('div', { 'class': 'sotto-msg sotto-assistant sotto-live', 'aria-busy': 'true' });
        live.appendChild(el('span', { 'class': 'sotto-sr' }, t.bot + ': '));
        live.appendChild(document.createTextNode(''));
        log.appendChild(live);
      }
      live.lastChild.nodeValue += piece;
      log.scrollTop = log.scrollHeight;
    }
    streamTurn({
      text: text,
      conversation_id: state ? state.conversation || null : null,
      page_url: location.origin + location.pathname
    }, visitor, showDelta).then(function (reply) {
      if (live) { live.remove(); live = null; }
      if (!state) state = { visitor: visitor, conversation: null, messages: [] };
      state.conversation = reply.conversation_id;
      // The cache keeps the message as the server stored it: personal data redacted.
      state.messages.push({ role: 'visitor', text: reply.question.text, citations: [] }, { role: 'assistant', text: reply.message.text, citations: reply.message.citations || [], id: reply.message.id, vt: reply.message.vote_token });
      writeState();
      renderMessage(state.messages[state.messages.length - 1]);
      announceAnswer(reply.message);
      setStatus('');
      renderDataActions();
      if (reply.ask_email) showEmailForm('contact');
      pollAgain(true);
    }).catch(function (error) {
      if (live) { live.remove(); live = null; }
      setStatus(error.status === 413 ? t.tooLong : t.error);
    }).then(function () { busy = false; });
  }

