  // panel.js: The launcher and the panel, built once the page is ready.
  function toggle(open) {
    if (inline) open = true;
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    nameLauncher();
    if (open) { loadSettings(); syncHistory().then(function () { pollAgain(true); }); if (!inline) input.focus(); } else { launcher.focus(); }
    announce(open ? 'open' : 'close');
  }

  // On a small screen (or at 400 % zoom) the open panel fills the window, so it is modal: the
  // keyboard's focus stays in it rather than landing on page links hidden under it (WCAG 2.4.11).
  var small = window.matchMedia('(max-width: 480px), (max-height: 480px)');
  function covering() { return !panel.hidden && !inline && small.matches; }
  function keepFocusIn(event) {
    var stops = Array.prototype.filter.call(panel.querySelectorAll('a[href],button,textarea,input,summary,select'),
      function (node) { return !node.disabled && (node.checkVisibility ? node.checkVisibility() : node.getClientRects().length > 0); });
    if (!stops.length) return;
    var first = stops[0], last = stops[stops.length - 1];
    if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
  }
  function syncModal() { if (inline) panel.removeAttribute('aria-modal'); else panel.setAttribute('aria-modal', String(small.matches)); }
  // Inline mode (data-mount="#element"): the panel lives in that element of the page, always
  // open, without launcher or close button.
  var inline = null;
  function findMount() {
    var mount = script.getAttribute('data-mount');
    try { return mount ? document.querySelector(mount) : null; } catch (e) { return null; }
  }

  function build(rebuild) {
    var wasOpen = rebuild && !panel.hidden;
    if (rebuild) { launcher.remove(); panel.remove(); }
    launcher = el('button', { type: 'button', 'class': 'sotto-launcher', 'aria-expanded': 'false', 'aria-controls': 'sotto-panel', 'aria-label': t.open }, '?');
    panel = el('section', { id: 'sotto-panel', 'class': 'sotto-panel', role: 'dialog', 'aria-label': t.title });
    panel.hidden = true;
    var head = el('div', { 'class': 'sotto-head' });
    heading = el('h2', {}, t.title);
    head.appendChild(heading);
    var close = el('button', { type: 'button', 'aria-label': t.close }, '\u00d7');
    if (!inline) head.appendChild(close);
    var notice = el('p', { 'class': 'sotto-notice' }, t.notice);
    privacyLink = el('a', { target: '_blank', rel: 'noopener noreferrer' }, t.privacy);
    privacyLink.hidden = true;
    notice.appendChild(privacyLink);
    log = el('div', { 'class': 'sotto-log', role: 'log', 'aria-live': 'polite' });
    status = el('div', { 'class': 'sotto-status', role: 'status' });
    form = el('form', { 'class': 'sotto-form' });
    var label = el('label', { 'for': 'sotto-input' }, t.label);
    input = el('textarea', { id: 'sotto-input', rows: '1', maxlength: '4000', placeholder: t.placeholder });
    var submit = el('button', { type: 'submit' }, t.send);
    form.appendChild(label); form.appendChild(input); form.appendChild(submit);
    // One click asks for a person, as the visitor's own words would: the team is told
    // (conversation.handoff) and, on a site that asks for addresses, the e-mail form opens.
    var handoff = el('div', { 'class': 'sotto-handoff' });
    var human = el('button', { type: 'button' }, t.human);
    human.addEventListener('click', function () { send(t.humanAsk); });
    handoff.appendChild(human);
    dataBox = el('details', { 'class': 'sotto-data' });
    dataBox.appendChild(el('summary', {}, t.data));
    dataBox.appendChild(el('div', { 'class': 'sotto-actions' }));
    dataStatus = el('div', { 'class': 'sotto-data-status', role: 'status' });
    dataBox.appendChild(dataStatus);
    renderDataActions();
    [head, notice, log, status, form, handoff, dataBox].forEach(function (part) { panel.appendChild(part); });
    if (inline) { panel.classList.add('sotto-inline'); panel.setAttribute('role', 'region'); inline.appendChild(panel); } else {
      document.body.appendChild(panel);
      document.body.appendChild(launcher);
    }

    launcher.addEventListener('click', function () { toggle(panel.hidden); });
    close.addEventListener('click', function () { toggle(false); });
    panel.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && !inline) toggle(false);
      else if (event.key === 'Tab' && covering()) keepFocusIn(event);
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var text = input.value.trim();
      input.value = '';
      send(text);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
    });
    syncModal();
    renderAll();
    applySettings();
    consentBox = null;
    if (wasOpen && !inline) { panel.hidden = false; launcher.setAttribute('aria-expanded', 'true'); nameLauncher(); input.focus(); }
    if (inline) panel.hidden = false;
  }

  function start() {
    inline = findMount();
    addStyles();
    build(false);
    small.addEventListener('change', syncModal);
    loadSettings();
    if (inline) toggle(true);
    document.addEventListener('focusin', function (event) {
      if (covering() && !panel.contains(event.target)) input.focus();
    });
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden && !panel.hidden) { clearTimeout(pollTimer); poll(); }
    });
    pollAgain(true);
  }
  // Once the page is parsed, so that an inline mount further down the page exists.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
