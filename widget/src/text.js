  // text.js: The widget's words in each language, and the language this page asks for.
  var TEXT = {
    en: {
      open: 'Open the assistant', close: 'Close the assistant', title: 'Assistant',
      notice: 'Answers are written by an AI, only from this website\u2019s pages, and may be wrong. ',
      privacy: 'Privacy notice', human: 'Talk to a person', humanAsk: 'I would like to talk to a person.', label: 'Your question', placeholder: 'Ask a question\u2026',
      send: 'Send', sources: 'Sources:', suggested: 'Suggested questions', thinking: 'Searching this website\u2026',
      error: 'Sorry, the assistant is unavailable. Please try again.',
      tooLong: 'Your message is too long.', you: 'You', bot: 'Assistant', agent: 'Team member',
      erased: 'This conversation was erased.',
      rate: 'Was this answer helpful?', helpful: 'Helpful', unhelpful: 'Not helpful',
      whatWrong: 'What was wrong? (optional)', thanks: 'Thank you for your feedback.',
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
      summaryButton: 'E-mail me a summary', emailInvalid: 'Please check the address.',
      codeSent: 'We sent a code to this address. Enter it to receive the summary.', codeLabel: 'Code',
      codeWrong: 'This code is not right, or it has expired.', mailLimit: 'No more e-mails today.'
    },
    fr: {
      open: 'Ouvrir l\u2019assistant', close: 'Fermer l\u2019assistant', title: 'Assistant',
      notice: 'Les r\u00e9ponses sont r\u00e9dig\u00e9es par une IA, uniquement \u00e0 partir des pages de ce site, et peuvent \u00eatre inexactes. ',
      privacy: 'Politique de confidentialit\u00e9', human: 'Parler \u00e0 une personne', humanAsk: 'Je voudrais parler \u00e0 une personne.', label: 'Votre question', placeholder: 'Posez une question\u2026',
      send: 'Envoyer', sources: 'Sources :', suggested: 'Questions sugg\u00e9r\u00e9es', thinking: 'Recherche dans ce site\u2026',
      error: 'D\u00e9sol\u00e9, l\u2019assistant est indisponible. R\u00e9essayez.',
      tooLong: 'Votre message est trop long.', you: 'Vous', bot: 'Assistant', agent: 'Membre de l\u2019\u00e9quipe',
      erased: 'Cette conversation a \u00e9t\u00e9 effac\u00e9e.',
      rate: 'Cette r\u00e9ponse vous a-t-elle aid\u00e9 ?', helpful: 'Utile', unhelpful: 'Pas utile',
      whatWrong: 'Qu\u2019est-ce qui n\u2019allait pas ? (facultatif)', thanks: 'Merci pour votre avis.',
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
      summaryButton: 'M\u2019envoyer un r\u00e9sum\u00e9 par e-mail', emailInvalid: 'Veuillez v\u00e9rifier l\u2019adresse.',
      codeSent: 'Nous avons envoy\u00e9 un code \u00e0 cette adresse. Saisissez-le pour recevoir le r\u00e9sum\u00e9.', codeLabel: 'Code',
      codeWrong: 'Ce code n\u2019est pas le bon, ou il a expir\u00e9.', mailLimit: 'Plus d\u2019e-mail possible aujourd\u2019hui.'
    }
  };

  function pickLanguage(tag) {
    var primary = String(tag || '').slice(0, 2).toLowerCase();
    return TEXT[primary] ? primary : 'en';
  }
  var lang = pickLanguage(script.getAttribute('data-lang') || navigator.language);
  var t = TEXT[lang];

