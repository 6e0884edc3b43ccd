  // settings.js: The site's public settings, and on opt-in sites the consent question and its answer.
  var settings = null;
  function applySettings() {
    var url = settings && safeUrl(settings.notice_url || settings.privacy_notice_url || '');
    if (url) { privacyLink.href = url; privacyLink.hidden = false; }
    applyAppearance();
  }
  // The site's colours, corner, launcher label and title (checked for contrast by the server).
  function look() { return (settings && settings.appearance) || {}; }
  function applyAppearance() {
    var a = look();
    if (!a.accent_color) return;
    [launcher, panel].forEach(function (node) {
      node.style.setProperty('--sotto-accent', a.accent_color);
      node.style.setProperty('--sotto-on-accent', a.accent_text_color);
      node.style.setProperty('--sotto-x', (Number(a.offset_x) || 0) + 'px');
      node.style.setProperty('--sotto-y', (Number(a.offset_y) || 0) + 'px');
      node.classList.toggle('sotto-left', a.position === 'left');
    });
    if (a.launcher_label) { launcher.textContent = a.launcher_label; launcher.classList.add('sotto-labelled'); }
    nameLauncher();
    if (a.title) { heading.textContent = a.title; panel.setAttribute('aria-label', a.title); }
    if (!busy) renderAll();
  }
  // A launcher with a visible label is named by it (WCAG 2.5.3); the question mark by its action.
  function nameLauncher() {
    if (look().launcher_label) launcher.removeAttribute('aria-label');
    else launcher.setAttribute('aria-label', panel.hidden ? t.open : t.close);
  }
  // The site's greeting above the conversation, and before it the suggested questions (a click
  // sends one).
  function renderWelcome(started) {
    var a = look();
    if (a.greeting) {
      var hello = el('div', { 'class': 'sotto-greeting' });
      hello.appendChild(el('span', { 'class': 'sotto-sr' }, t.bot + ': '));
      hello.appendChild(document.createTextNode(a.greeting));
      log.appendChild(hello);
    }
    var offered = (a.suggested_questions || []).slice(0, 4);
    if (started || !offered.length) return;
    var list = el('ul', { 'class': 'sotto-suggest', 'aria-label': t.suggested });
    offered.forEach(function (question) {
      var item = el('li'), button = el('button', { type: 'button' }, question);
      button.addEventListener('click', function () { send(question); });
      item.appendChild(button); list.appendChild(item);
    });
    log.appendChild(list);
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

