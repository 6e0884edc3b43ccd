  // messages.js: The message log, and calls to the Sotto server (no cookies, no referrer).
  var launcher, panel, heading, log, input, status, form, privacyLink, loadedSettings = false, busy = false;

  function renderMessage(message) {
    var mine = message.role === 'visitor', agent = message.role === 'agent';
    var item = el('div', { 'class': 'sotto-msg ' + (mine ? 'sotto-visitor' : agent ? 'sotto-agent' : 'sotto-assistant') });
    if (agent) item.appendChild(el('span', { 'class': 'sotto-who' }, t.agent));
    else item.appendChild(el('span', { 'class': 'sotto-sr' }, (mine ? t.you : t.bot) + ': '));
    if (mine) item.appendChild(document.createTextNode(message.text));
    else renderMarkdown(item, message.text, message.citations);
    var links = (message.citations || []).filter(function (c) { return safeUrl(c.url); });
    if (links.length) {
      var list = el('ul', { 'class': 'sotto-sources', 'aria-label': t.sources });
      links.forEach(function (c) {
        var li = el('li');
        li.appendChild(el('a', { href: safeUrl(c.url), target: '_blank', rel: 'noopener noreferrer', title: c.snippet || '' }, c.title || c.url));
        list.appendChild(li);
      });
      item.appendChild(list);
    }
    if (message.role === 'assistant' && message.vt && message.id) item.appendChild(voteControls(message));
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }
  function renderAll() {
    log.textContent = '';
    var messages = state ? state.messages : [];
    renderWelcome(messages.length > 0);
    messages.forEach(renderMessage);
  }
  function setStatus(text) { status.textContent = text || ''; }

  function call(method, path, body, visitor) {
    var headers = { 'Sotto-Visitor': visitor };
    if (body) headers['Content-Type'] = 'application/json';
    return fetch(api + path, {
      method: method, headers: headers, body: body ? JSON.stringify(body) : undefined,
      credentials: 'omit', referrerPolicy: 'no-referrer', mode: 'cors', cache: 'no-store'
    }).then(function (response) {
      if (!response.ok) { var error = new Error('http'); error.status = response.status; throw error; }
      return response;
    });
  }
  function request(method, path, body, visitor) {
    return call(method, path, body, visitor).then(function (response) { return response.json(); });
  }

