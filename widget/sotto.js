/*! Sotto chat widget: private AI answers from this website's own pages.
 * Embed: <script src="https://SOTTO-HOST/widget.js" data-site="SITE-ID" async></script>
 * Privacy: no cookies; nothing is written to the browser before the visitor's first message;
 * then one localStorage key, sotto_visitor_<site>, holds a random id and the last 50 messages.
 * "Your data" lets the visitor download, delete (server and local copy) or stop storage.
 * While open it asks for the conversation (every 4 s after something happened, slowing to
 * every 30 s while nothing does), so that a reply from the site's team appears; a
 * conversation the team erased disappears from this browser too.
 * On an opt-in site it asks first, showing the site's exact question, and stores nothing
 * until the visitor agrees.
 * Talks to no host but the Sotto server it was loaded from. Text is always inserted as text. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.getAttribute('data-site')) return;
  var site = script.getAttribute('data-site');
  var server = new URL(script.src, location.href).origin;
  var api = server + '/api/v1/sites/' + encodeURIComponent(site);
  var storageKey = 'sotto_visitor_' + site;
  var MAX_CACHED = 50;
  var POLL_MIN_MS = 4000, POLL_MAX_MS = 30000;

  var TEXT = {
    en: {
      open: 'Open the assistant', close: 'Close the assistant', title: 'Assistant',
      notice: 'Answers are written by an AI, only from this website\u2019s pages, and may be wrong. ',
      privacy: 'Privacy notice', label: 'Your question', placeholder: 'Ask a question\u2026',
      send: 'Send', sources: 'Sources:', thinking: 'Searching this website\u2026',
      error: 'Sorry, the assistant is unavailable. Please try again.',
      tooLong: 'Your message is too long.', you: 'You', bot: 'Assistant', agent: 'Team member',
      erased: 'This conversation was erased.',
      data: 'Your data', download: 'Download my data', downloadJson: 'Download as JSON',
      deleteConversation: 'Delete this conversation', deleteAll: 'Delete all my data',
      object: 'Stop storing my conversations', unobject: 'Store my conversations again',
      sure: 'Are you sure? This cannot be undone.', yes: 'Yes, delete', cancel: 'Cancel',
      deleted: 'Deleted. Receipt: ', saveReceipt: 'Save the receipt', nothing: 'Nothing is stored about you.',
      objecting: 'Your conversations are not stored. Your history stays in this browser only.',
      storing: 'Your next messages will be stored again.',
      consentTitle: 'Save this conversation?', consentYes: 'Save my conversation', consentNo: 'Not now',
      consentGive: 'Save my conversations', consentWithdraw: 'Stop saving my conversations',
      consentGiven: 'Your conversations are saved. You can stop at any time under “Your data”.',
      consentWithdrawn: 'Nothing is saved any more, and what was saved is erased.',
      emailContact: 'Leave your e-mail address to be contacted about this conversation.',
      emailSummary: 'Get a summary of this conversation by e-mail.',
      emailLabel: 'Your e-mail address', emailSend: 'Send', emailSkip: 'No thanks',
      emailSaved: 'Thank you: you will be contacted by e-mail.', summarySent: 'The summary is on its way.',
      summaryButton: 'E-mail me a summary', emailInvalid: 'Please check the address.'
    },
    fr: {
      open: 'Ouvrir l\u2019assistant', close: 'Fermer l\u2019assistant', title: 'Assistant',
      notice: 'Les r\u00e9ponses sont r\u00e9dig\u00e9es par une IA, uniquement \u00e0 partir des pages de ce site, et peuvent \u00eatre inexactes. ',
      privacy: 'Politique de confidentialit\u00e9', label: 'Votre question', placeholder: 'Posez une question\u2026',
      send: 'Envoyer', sources: 'Sources :', thinking: 'Recherche dans ce site\u2026',
      error: 'D\u00e9sol\u00e9, l\u2019assistant est indisponible. R\u00e9essayez.',
      tooLong: 'Votre message est trop long.', you: 'Vous', bot: 'Assistant', agent: 'Membre de l\u2019\u00e9quipe',
      erased: 'Cette conversation a \u00e9t\u00e9 effac\u00e9e.',
      data: 'Vos donn\u00e9es', download: 'T\u00e9l\u00e9charger mes donn\u00e9es', downloadJson: 'T\u00e9l\u00e9charger en JSON',
      deleteConversation: 'Supprimer cette conversation', deleteAll: 'Supprimer toutes mes donn\u00e9es',
      object: 'Ne plus enregistrer mes conversations', unobject: 'Enregistrer \u00e0 nouveau mes conversations',
      sure: 'Confirmez-vous\u00a0? C\u2019est d\u00e9finitif.', yes: 'Oui, supprimer', cancel: 'Annuler',
      deleted: 'Supprim\u00e9. Re\u00e7u\u00a0: ', saveReceipt: 'Enregistrer le re\u00e7u', nothing: 'Rien n\u2019est enregistr\u00e9 sur vous.',
      objecting: 'Vos conversations ne sont pas enregistr\u00e9es. Votre historique reste dans ce navigateur.',
      storing: 'Vos prochains messages seront de nouveau enregistr\u00e9s.',
      consentTitle: 'Enregistrer cette conversation\u00a0?', consentYes: 'Enregistrer ma conversation', consentNo: 'Pas maintenant',
      consentGive: 'Enregistrer mes conversations', consentWithdraw: 'Ne plus enregistrer mes conversations',
      consentGiven: 'Vos conversations sont enregistr\u00e9es. Vous pouvez arr\u00eater \u00e0 tout moment dans \u00ab\u00a0Vos donn\u00e9es\u00a0\u00bb.',
      consentWithdrawn: 'Plus rien n\u2019est enregistr\u00e9, et ce qui l\u2019\u00e9tait est effac\u00e9.',
      emailContact: 'Laissez votre adresse e-mail pour \u00eatre contact\u00e9 au sujet de cette conversation.',
      emailSummary: 'Recevez un r\u00e9sum\u00e9 de cette conversation par e-mail.',
      emailLabel: 'Votre adresse e-mail', emailSend: 'Envoyer', emailSkip: 'Non merci',
      emailSaved: 'Merci\u00a0: vous serez contact\u00e9 par e-mail.', summarySent: 'Le r\u00e9sum\u00e9 est en route.',
      summaryButton: 'M\u2019envoyer un r\u00e9sum\u00e9 par e-mail', emailInvalid: 'Veuillez v\u00e9rifier l\u2019adresse.'
    }
  };

  function pickLanguage(tag) {
    var primary = String(tag || '').slice(0, 2).toLowerCase();
    return TEXT[primary] ? primary : 'en';
  }
  var lang = pickLanguage(script.getAttribute('data-lang') || navigator.language);
  var t = TEXT[lang];

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

  var CSS = '.sotto-launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;border:0;background:#2b4c7e;color:#fff;font:600 24px/56px system-ui,sans-serif;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}' +
    '.sotto-launcher:focus-visible,.sotto-panel button:focus-visible,.sotto-panel textarea:focus-visible,.sotto-panel a:focus-visible{outline:3px solid #f5a623;outline-offset:2px}' +
    '.sotto-panel{position:fixed;right:20px;bottom:88px;z-index:2147483000;width:min(380px,calc(100vw - 40px));height:min(560px,calc(100vh - 120px));display:flex;flex-direction:column;background:#fff;color:#1d1d1f;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);font:15px/1.45 system-ui,sans-serif;overflow:hidden}' +
    '.sotto-panel[hidden]{display:none}' +
    '.sotto-head{display:flex;align-items:center;justify-content:space-between;padding:10px 14px;background:#2b4c7e;color:#fff}' +
    '.sotto-head h2{margin:0;font-size:16px}.sotto-head button{background:none;border:0;color:#fff;font-size:22px;cursor:pointer;line-height:1}' +
    '.sotto-notice{margin:0;padding:8px 14px;font-size:12.5px;background:#f2f4f8;color:#333}.sotto-notice a{color:#1f4f99}' +
    '.sotto-log{flex:1;overflow-y:auto;padding:12px 14px;display:flex;flex-direction:column;gap:10px}' +
    '.sotto-msg{max-width:88%;padding:8px 11px;border-radius:10px;white-space:pre-wrap;overflow-wrap:anywhere}' +
    '.sotto-visitor{align-self:flex-end;background:#2b4c7e;color:#fff}.sotto-assistant{align-self:flex-start;background:#eef1f6}.sotto-agent{align-self:flex-start;background:#e7f4ea;border-left:3px solid #1e6b34}.sotto-who{display:block;font-size:12px;font-weight:600;color:#1e6b34}' +
    '.sotto-sources{margin:6px 0 0;padding:0;list-style:none;font-size:13px}.sotto-sources a{color:#1f4f99}' +
    '.sotto-status{font-size:13px;color:#555;font-style:italic}' +
    '.sotto-form{display:flex;gap:8px;padding:10px;border-top:1px solid #e3e6ea}' +
    '.sotto-form textarea{flex:1;resize:none;height:42px;padding:8px;border:1px solid #c4c9d1;border-radius:8px;font:inherit}' +
    '.sotto-form button{padding:0 14px;border:0;border-radius:8px;background:#2b4c7e;color:#fff;font:inherit;cursor:pointer}' +
    '.sotto-data{max-height:50%;overflow-y:auto;padding:4px 14px 8px;font-size:13px;background:#f2f4f8;border-top:1px solid #e3e6ea}.sotto-data summary{cursor:pointer;color:#1f4f99}' +
    '.sotto-data button,.sotto-data a{display:block;margin:6px 0 0;padding:0;background:none;border:0;color:#1f4f99;font:inherit;text-decoration:underline;cursor:pointer;text-align:left}' +
    '.sotto-data .sotto-danger{color:#a4262c}.sotto-confirm{margin-top:6px}.sotto-confirm button{display:inline-block;margin-right:12px}' +
    '.sotto-head,.sotto-notice,.sotto-form,.sotto-data{flex-shrink:0}.sotto-log{min-height:0}' +
    '.sotto-consent{flex-shrink:0;max-height:40%;overflow-y:auto;padding:10px 14px;border-top:1px solid #e3e6ea;background:#fffbe6;font-size:13px}.sotto-consent p{margin:0 0 6px}.sotto-consent .sotto-ref{font-size:11.5px;color:#4a4a4a;overflow-wrap:anywhere}' +
    '.sotto-consent button{margin:4px 10px 0 0;padding:6px 10px;border-radius:6px;border:1px solid #2b4c7e;font:inherit;cursor:pointer}.sotto-consent .sotto-consent-yes{background:#2b4c7e;color:#fff}.sotto-consent .sotto-consent-no{background:#fff;color:#2b4c7e}' +
    '.sotto-email{flex-shrink:0;max-height:50%;overflow-y:auto;padding:10px 14px;border-top:1px solid #e3e6ea;background:#eef5ff;font-size:13px}.sotto-email p{margin:0 0 6px}.sotto-email .sotto-ref{font-size:11.5px;color:#4a4a4a}.sotto-email label{display:block;margin:4px 0}' +
    '.sotto-email input[type=email]{width:100%;box-sizing:border-box;padding:6px;border:1px solid #c4c9d1;border-radius:6px;font:inherit}.sotto-email button{margin:6px 10px 0 0;padding:6px 10px;border-radius:6px;border:1px solid #2b4c7e;font:inherit;cursor:pointer}.sotto-email .sotto-email-send{background:#2b4c7e;color:#fff}.sotto-email .sotto-email-skip{background:#fff;color:#2b4c7e}' +
    '.sotto-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}';

  function addStyles() {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    } catch (e) {
      var style = document.createElement('style');
      style.textContent = CSS;
      document.head.appendChild(style);
    }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var name in attrs) node.setAttribute(name, attrs[name]);
    if (text != null) node.textContent = text;
    return node;
  }
  function safeUrl(url) {
    try {
      var parsed = new URL(url, location.href);
      return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
    } catch (e) { return null; }
  }

  var launcher, panel, log, input, status, form, privacyLink, loadedSettings = false, busy = false;

  function renderMessage(message) {
    var mine = message.role === 'visitor', agent = message.role === 'agent';
    var item = el('div', { 'class': 'sotto-msg ' + (mine ? 'sotto-visitor' : agent ? 'sotto-agent' : 'sotto-assistant') });
    if (agent) item.appendChild(el('span', { 'class': 'sotto-who' }, t.agent));
    else item.appendChild(el('span', { 'class': 'sotto-sr' }, (mine ? t.you : t.bot) + ': '));
    item.appendChild(document.createTextNode(message.text));
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
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }
  function renderAll() {
    log.textContent = '';
    (state ? state.messages : []).forEach(renderMessage);
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

  var settings = null;
  function applySettings() {
    var url = settings && safeUrl(settings.notice_url || settings.privacy_notice_url || '');
    if (url) { privacyLink.href = url; privacyLink.hidden = false; }
  }
  function optIn() { return !!(settings && settings.consent_mode === 'opt_in'); }
  function loadSettings() {
    if (loadedSettings) return;
    loadedSettings = true;
    fetch(api + '/settings', { credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (loaded) {
        if (!loaded) return;
        settings = loaded;
        if (!script.getAttribute('data-lang') && TEXT[settings.language] && settings.language !== lang) {
          lang = settings.language; t = TEXT[lang]; build(true);
        }
        applySettings();
        if (optIn() || settings.email_capture) loadConsentQuestion();
      })
      .catch(function () { /* settings are optional */ });
  }

  // Opt-in sites: the exact question the site published (its version and SHA-256 go with the
  // answer, into the site's consent ledger). Nothing is stored before the visitor agrees.
  var storageQuestion = null, declined = false, consentBox = null, questions = {};
  function loadConsentQuestion() {
    fetch(api + '/privacy?lang=' + encodeURIComponent(lang), { credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (texts) {
        if (!texts) return;
        (texts.questions || []).forEach(function (q) { questions[q.kind] = q; });
        storageQuestion = questions.conversation_storage || null;
        renderConsentBanner();
        renderDataActions();
      })
      .catch(function () { /* without the question, nothing is stored */ });
  }
  function renderConsentBanner() {
    if (consentBox) { consentBox.remove(); consentBox = null; }
    if (!optIn() || !storageQuestion || declined || (state && state.consent === 'granted')) return;
    consentBox = el('div', { 'class': 'sotto-consent', role: 'region', 'aria-label': t.consentTitle });
    storageQuestion.text.split('\n\n').filter(function (p) { return p.trim(); }).forEach(function (part, i) {
      consentBox.appendChild(el('p', i ? { 'class': 'sotto-ref' } : {}, part.trim()));
    });
    var yes = el('button', { type: 'button', 'class': 'sotto-consent-yes' }, t.consentYes);
    var no = el('button', { type: 'button', 'class': 'sotto-consent-no' }, t.consentNo);
    yes.addEventListener('click', function () { answerStorage(true); });
    no.addEventListener('click', function () { declined = true; renderConsentBanner(); input.focus(); });
    consentBox.appendChild(yes); consentBox.appendChild(no);
    panel.insertBefore(consentBox, form);
  }
  function answerStorage(granted) {
    if (!storageQuestion) return;
    var visitor = state ? state.visitor : (pendingVisitor = pendingVisitor || newVisitorId());
    request('POST', '/me/consents', {
      purpose: 'conversation_storage', granted: granted, language: storageQuestion.language,
      text_version: storageQuestion.version, text_sha256: storageQuestion.sha256
    }, visitor).then(function () {
      if (!state) state = { visitor: visitor, conversation: null, messages: [] };
      state.consent = granted ? 'granted' : 'withdrawn';
      // Either way a new conversation starts: before consent the server kept none, and a
      // withdrawal erased what it held.
      state.conversation = null;
      declined = !granted;
      writeState();
      renderConsentBanner();
      renderDataActions();
      showDataStatus(granted ? t.consentGiven : t.consentWithdrawn);
    }).catch(function () { showDataStatus(t.error); });
  }

  // E-mail only with a stated purpose: to be contacted (the follow-up question is what the
  // visitor agrees to by sending), or a summary (follow-up optional); marketing is a separate
  // box, never ticked in advance. Each answer names the exact question shown.
  var emailBox = null;
  function questionText(kind) { return questions[kind] ? questions[kind].text.split('\n\n')[0] : ''; }
  function answerFor(kind) {
    var q = questions[kind];
    return { purpose: kind, granted: true, language: q.language, text_version: q.version, text_sha256: q.sha256 };
  }
  function closeEmailForm() { if (emailBox) { emailBox.remove(); emailBox = null; } }
  function showEmailForm(purpose) {
    closeEmailForm();
    if (!state || !state.conversation || !questions.email_followup || !questions.marketing) return;
    emailBox = el('form', { 'class': 'sotto-email', 'aria-label': t.emailLabel });
    emailBox.appendChild(el('p', {}, purpose === 'summary' ? t.emailSummary : t.emailContact));
    var id = 'sotto-email-' + Math.random().toString(36).slice(2);
    emailBox.appendChild(el('label', { 'for': id }, t.emailLabel));
    var address = el('input', { id: id, type: 'email', required: 'required', autocomplete: 'email', 'class': 'sotto-email-address' });
    emailBox.appendChild(address);
    function checkbox(name, text) {
      var label = el('label', { 'class': name }), box = el('input', { type: 'checkbox' });
      label.appendChild(box);
      label.appendChild(document.createTextNode(' ' + text));
      emailBox.appendChild(label);
      return box;
    }
    var followup = null;
    if (purpose === 'contact') emailBox.appendChild(el('p', { 'class': 'sotto-ref' }, questionText('email_followup')));
    else followup = checkbox('sotto-email-followup', questionText('email_followup'));
    var marketing = checkbox('sotto-email-marketing', questionText('marketing'));
    var send = el('button', { type: 'submit', 'class': 'sotto-email-send' }, t.emailSend);
    var skip = el('button', { type: 'button', 'class': 'sotto-email-skip' }, t.emailSkip);
    skip.addEventListener('click', function () { closeEmailForm(); input.focus(); });
    emailBox.appendChild(send);
    emailBox.appendChild(skip);
    emailBox.addEventListener('submit', function (event) {
      event.preventDefault();
      var answers = [];
      if (purpose === 'contact' || followup.checked) answers.push(answerFor('email_followup'));
      if (marketing.checked) answers.push(answerFor('marketing'));
      request('POST', '/me/email', {
        purpose: purpose, email: address.value, conversation_id: state.conversation, answers: answers, language: lang
      }, state.visitor).then(function () {
        closeEmailForm();
        setStatus(purpose === 'summary' ? t.summarySent : t.emailSaved);
      }).catch(function (error) { setStatus(error.status === 400 ? t.emailInvalid : t.error); });
    });
    panel.insertBefore(emailBox, form);
    address.focus();
  }

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
      var fresh = latest.messages.map(function (m) { return { role: m.role, text: m.text, citations: m.citations }; });
      var old = latest.id === state.conversation ? state.messages : [];
      var extends_ = old.length <= fresh.length && old.every(function (m, i) { return sameMessage(m, fresh[i]); });
      if (extends_ && old.length === fresh.length) return erased;
      state.conversation = latest.id;
      state.messages = fresh;
      writeState();
      if (extends_ && log.childNodes.length === old.length) fresh.slice(old.length).forEach(renderMessage);
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
      state.messages.push({ role: 'visitor', text: reply.question.text, citations: [] }, { role: 'assistant', text: reply.message.text, citations: reply.message.citations || [] });
      writeState();
      renderMessage(state.messages[state.messages.length - 1]);
      setStatus('');
      renderDataActions();
      if (reply.ask_email) showEmailForm('contact');
      pollAgain(true);
    }).catch(function (error) {
      if (live) { live.remove(); live = null; }
      setStatus(error.status === 413 ? t.tooLong : t.error);
    }).then(function () { busy = false; });
  }

  // "Your data": download, delete, stop storage. Every action acts for this browser's id;
  // deleting clears the local copy too.
  var dataBox, dataStatus;
  function saveFile(blob, name) {
    var link = el('a', { href: URL.createObjectURL(blob), download: name });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }
  function showDataStatus(text, receipt) {
    dataStatus.textContent = text;
    if (receipt) {
      var save = el('button', { type: 'button', 'class': 'sotto-receipt' }, t.saveReceipt);
      save.addEventListener('click', function () {
        saveFile(new Blob([JSON.stringify(receipt, null, 2)], { type: 'application/json' }), 'sotto-receipt-' + receipt.request_id + '.json');
      });
      dataStatus.appendChild(save);
    }
  }
  function confirmThen(action) {
    var old = dataBox.querySelector('.sotto-confirm');
    if (old) old.remove();
    var row = el('div', { 'class': 'sotto-confirm', role: 'alertdialog', 'aria-label': t.sure });
    row.appendChild(el('p', {}, t.sure));
    var yes = el('button', { type: 'button', 'class': 'sotto-danger sotto-yes' }, t.yes);
    var no = el('button', { type: 'button' }, t.cancel);
    yes.addEventListener('click', function () { row.remove(); action(); });
    no.addEventListener('click', function () { row.remove(); });
    row.appendChild(yes); row.appendChild(no);
    dataBox.appendChild(row);
    yes.focus();
  }
  function download(format) {
    if (!state) { showDataStatus(t.nothing); return; }
    call('GET', '/me/export' + (format === 'html' ? '?format=html' : ''), null, state.visitor)
      .then(function (response) { return response.blob(); })
      .then(function (blob) { saveFile(blob, 'my-data.' + format); })
      .catch(function () { showDataStatus(t.error); });
  }
  function deleteConversation() {
    if (!state || !state.conversation) { showDataStatus(t.nothing); return; }
    request('DELETE', '/me/conversations/' + encodeURIComponent(state.conversation), null, state.visitor).then(function (receipt) {
      state.conversation = null;
      state.messages = [];
      writeState();
      renderAll();
      showDataStatus(t.deleted + receipt.request_id, receipt);
    }).catch(function () { showDataStatus(t.error); });
  }
  function deleteAll() {
    if (!state) { showDataStatus(t.nothing); return; }
    request('DELETE', '/me', null, state.visitor).then(function (receipt) {
      state = null;
      pendingVisitor = null;
      try { window.localStorage.removeItem(storageKey); } catch (e) { /* nothing to remove */ }
      renderAll();
      renderDataActions();
      showDataStatus(t.deleted + receipt.request_id, receipt);
    }).catch(function () { showDataStatus(t.error); });
  }
  function setObjection(objecting) {
    if (!state) state = { visitor: newVisitorId(), conversation: null, messages: [] };
    request(objecting ? 'POST' : 'DELETE', '/me/objection', null, state.visitor).then(function () {
      state.objecting = objecting;
      // The server keeps no conversation now (or erased it): a new one starts.
      state.conversation = null;
      writeState();
      renderDataActions();
      showDataStatus(objecting ? t.objecting : t.storing);
    }).catch(function () { showDataStatus(t.error); });
  }
  function renderDataActions() {
    var actions = dataBox.querySelector('.sotto-actions');
    actions.textContent = '';
    function action(label, handler, danger, name) {
      var button = el('button', { type: 'button', 'class': (danger ? 'sotto-danger ' : '') + 'sotto-' + name }, label);
      button.addEventListener('click', handler);
      actions.appendChild(button);
    }
    action(t.download, function () { download('html'); }, false, 'download');
    action(t.downloadJson, function () { download('json'); }, false, 'download-json');
    action(t.deleteConversation, function () { confirmThen(deleteConversation); }, true, 'delete-conversation');
    action(t.deleteAll, function () { confirmThen(deleteAll); }, true, 'delete-all');
    if (settings && settings.summary_by_email && state && state.conversation) {
      action(t.summaryButton, function () { showEmailForm('summary'); }, false, 'email-summary');
    }
    if (optIn()) {
      var saving = !!(state && state.consent === 'granted');
      action(saving ? t.consentWithdraw : t.consentGive, function () { answerStorage(!saving); }, false, 'storage-consent');
      return;
    }
    var objecting = !!(state && state.objecting);
    action(objecting ? t.unobject : t.object, function () { setObjection(!objecting); }, false, 'objection');
  }

  function toggle(open) {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute('aria-label', open ? t.close : t.open);
    if (open) { loadSettings(); syncHistory().then(function () { pollAgain(true); }); input.focus(); } else { launcher.focus(); }
  }

  function build(rebuild) {
    var wasOpen = rebuild && !panel.hidden;
    if (rebuild) { launcher.remove(); panel.remove(); }
    launcher = el('button', { type: 'button', 'class': 'sotto-launcher', 'aria-expanded': 'false', 'aria-controls': 'sotto-panel', 'aria-label': t.open }, '?');
    panel = el('section', { id: 'sotto-panel', 'class': 'sotto-panel', role: 'dialog', 'aria-label': t.title });
    panel.hidden = true;
    var head = el('div', { 'class': 'sotto-head' });
    head.appendChild(el('h2', {}, t.title));
    var close = el('button', { type: 'button', 'aria-label': t.close }, '\u00d7');
    head.appendChild(close);
    var notice = el('p', { 'class': 'sotto-notice' }, t.notice);
    privacyLink = el('a', { target: '_blank', rel: 'noopener noreferrer' }, t.privacy);
    privacyLink.hidden = true;
    notice.appendChild(privacyLink);
    log = el('div', { 'class': 'sotto-log', role: 'log', 'aria-live': 'polite' });
    status = el('div', { 'class': 'sotto-status', role: 'status' });
    form = el('form', { 'class': 'sotto-form' });
    var label = el('label', { 'for': 'sotto-input', 'class': 'sotto-sr' }, t.label);
    input = el('textarea', { id: 'sotto-input', rows: '1', maxlength: '4000', placeholder: t.placeholder });
    var submit = el('button', { type: 'submit' }, t.send);
    form.appendChild(label); form.appendChild(input); form.appendChild(submit);
    dataBox = el('details', { 'class': 'sotto-data' });
    dataBox.appendChild(el('summary', {}, t.data));
    dataBox.appendChild(el('div', { 'class': 'sotto-actions' }));
    dataStatus = el('div', { 'class': 'sotto-data-status', role: 'status' });
    dataBox.appendChild(dataStatus);
    renderDataActions();
    [head, notice, log, status, form, dataBox].forEach(function (part) { panel.appendChild(part); });
    document.body.appendChild(panel);
    document.body.appendChild(launcher);

    launcher.addEventListener('click', function () { toggle(panel.hidden); });
    close.addEventListener('click', function () { toggle(false); });
    panel.addEventListener('keydown', function (event) { if (event.key === 'Escape') toggle(false); });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var text = input.value.trim();
      input.value = '';
      send(text);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
    });
    renderAll();
    applySettings();
    consentBox = null;
    if (wasOpen) { panel.hidden = false; launcher.setAttribute('aria-expanded', 'true'); input.focus(); }
  }

  function start() {
    addStyles();
    build(false);
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden && !panel.hidden) { clearTimeout(pollTimer); poll(); }
    });
    pollAgain(true);
  }
  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
})();
