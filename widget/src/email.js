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
      var offer = {
        purpose: purpose, email: address.value, conversation_id: state.conversation, answers: answers, language: lang
      };
      request('POST', '/me/email', offer, state.visitor).then(function (outcome) {
        if (outcome && outcome.confirmation_sent) { askForCode(offer); return; }
        closeEmailForm();
        setStatus(purpose === 'summary' ? t.summarySent : t.emailSaved);
      }).catch(function (error) { setStatus(mailError(error, t.emailInvalid)); });
    });
    panel.insertBefore(emailBox, form);
    address.focus();
  }
  function mailError(error, invalid) {
    return error.status === 400 ? invalid : error.status === 429 ? t.mailLimit : t.error;
  }
  // A summary goes only to an address the visitor reads: the server mailed a code to it.
  function askForCode(offer) {
    closeEmailForm();
    emailBox = el('form', { 'class': 'sotto-email', 'aria-label': t.codeLabel });
    emailBox.appendChild(el('p', { role: 'status' }, t.codeSent));
    var id = 'sotto-code-' + Math.random().toString(36).slice(2);
    emailBox.appendChild(el('label', { 'for': id }, t.codeLabel));
    var code = el('input', { id: id, type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6', required: 'required', 'class': 'sotto-email-code' });
    emailBox.appendChild(code);
    var skip = el('button', { type: 'button', 'class': 'sotto-email-skip' }, t.emailSkip);
    skip.addEventListener('click', function () { closeEmailForm(); input.focus(); });
    emailBox.appendChild(el('button', { type: 'submit', 'class': 'sotto-email-send' }, t.emailSend));
    emailBox.appendChild(skip);
    emailBox.addEventListener('submit', function (event) {
      event.preventDefault();
      offer.confirmation_code = code.value;
      request('POST', '/me/email', offer, state.visitor).then(function () {
        closeEmailForm();
        setStatus(t.summarySent);
      }).catch(function (error) { setStatus(mailError(error, t.codeWrong)); });
    });
    panel.insertBefore(emailBox, form);
    code.focus();
  }

