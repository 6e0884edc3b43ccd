  // email.js: E-mail only for a stated purpose: to be contacted, or a summary; marketing asked apart.
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

