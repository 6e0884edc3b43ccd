#!/usr/bin/env python3
"""Builds eval/pii/handwritten.jsonl: chat messages written one by one, not from templates, to
test the detectors on what the template set does not anticipate: typos, lower case, names
without a cue, obfuscated e-mails, several entities in one message, look-alike numbers.

Labels are inline: [[TYPE|text]]. Numbers with a check rule come from generate.py's helpers
(fixed seed), so the file can be rebuilt byte for byte: `python3 eval/pii/handwritten.py`.
A label marks what a careful human reviewer would redact, whether or not Sotto finds it."""

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import generate as g  # noqa: E402

g.rng.seed(20261123)

V = {
    "iban_de": g.spaced(g.iban("DE", 22)), "iban_fr": g.iban("FR", 27), "iban_fi": g.spaced(g.iban("FI", 18)),
    "iban_nl": g.iban("NL", 18), "iban_es": g.spaced(g.iban("ES", 24)), "iban_it": g.iban("IT", 27),
    "iban_gb": g.spaced(g.iban("GB", 22)), "iban_be": g.spaced(g.iban("BE", 16)), "iban_se": g.iban("SE", 24),
    "iban_pl": g.spaced(g.iban("PL", 28)),
    "iban_bad": g.break_last(g.spaced(g.iban("DE", 22))),
    "visa": g.group(g.card("4", 16), [4, 4, 4, 4], " "), "mc": g.group(g.card("51", 16), [4, 4, 4, 4], "-"),
    "amex": g.group(g.card("37", 15), [4, 6, 5], " "), "visa_plain": g.card("4", 16),
    "card_bad": g.break_last(g.group(g.card("4", 16), [4, 4, 4, 4], " ")),
    "nir": g.fr_nir(), "dni": g.es_dni(), "cf": g.it_cf(), "hetu": g.fi_hetu(), "nino": g.uk_nino(),
    "ssn": g.us_ssn(), "steuer": g.de_steuer(), "bsn": g.nl_bsn(), "pnr": g.se_pnr(), "pesel": g.pl_pesel(),
    "hetu_bad": None,
}
hetu = g.fi_hetu()
V["hetu_bad"] = hetu[:-1] + ("A" if hetu[-1] != "A" else "B")

MESSAGES = [
    # ---- English -------------------------------------------------------------------------
    ("en", "hey, is the big monstera still in stock? need it before saturday"),
    ("en", "hi my name is [[PERSON|jake peterson]] and i ordered 2 pots last week, order #48213"),
    ("en", "Can you send the invoice to [[EMAIL|j.peterson+shop@gmail.com]]? thx"),
    ("en", "you can reach me at [[PHONE|(212) 555-0187]] after 5pm"),
    ("en", "I'm [[PERSON|Olivia]], I spoke to your colleague yesterday about the refund."),
    ("en", "Please refund to my account [[IBAN|{iban_gb}]] - Olivia"),
    ("en", "The tracking number is 1Z999AA10123456784, it says delivered but nothing here"),
    ("en", "My card [[CREDIT_CARD|{visa}]] was charged twice!!"),
    ("en", "order 4532 0151 1283 0367 was never delivered"),
    ("en", "I was born on [[DATE_OF_BIRTH|14/02/1987]], do I get the birthday discount?"),
    ("en", "Delivery date 14/02/2025 is fine for us."),
    ("en", "We moved to [[POSTAL_ADDRESS|42 Elm Street]], please update the address"),
    ("en", "Is 10 Downing Street a valid delivery address lol"),
    ("en", "Our office is on the 3rd floor, 25 people, do you do group discounts?"),
    ("en", "Server at [[IP_ADDRESS|10.0.0.12]] keeps timing out on your API, are you aware?"),
    ("en", "my IP is [[IP_ADDRESS|81.2.69.160]] if you need to whitelist it"),
    ("en", "version 2.4.1 of the app crashes on login"),
    ("en", "Reset link: [[URL|https://shop.example.com/reset?token=9f8e7d6c5b4a3f2e1d0c]]"),
    ("en", "See [[URL|https://shop.example.com/products?id=1234&color=green]], is it in stock?"),
    ("en", "Cheers,\n[[PERSON|Tom Wilson]]"),
    ("en", "My SSN is [[NATIONAL_ID|{ssn}]], do you need it for the credit check?"),
    ("en", "NI number [[NATIONAL_ID|{nino}]] for the payroll form"),
    ("en", "It costs $1,299.99 on your site but $1,199 in the store."),
    ("en", "Call the store on 0800 123 4567? it's on your site"),
    ("en", "text me on [[PHONE|+44 7700 900123]] when it ships"),
    ("en", "Mrs. [[PERSON|Hawthorne]] will collect the parcel on Monday"),
    ("en", "[[PERSON|Anna]] from accounting asked me to follow up on invoice 2024-118"),
    ("en", "Thanks so much for your help!"),
    ("en", "my email is [[EMAIL|sam dot taylor at outlook dot com]]"),
    ("en", "Hi, this is [[PERSON|David Clarke]] from Clarke & Sons Ltd."),
    ("en", "Our company number is 09876543, VAT GB123456789."),
    ("en", "DOB: [[DATE_OF_BIRTH|1990-07-23]]"),
    ("en", "The sale ends on 2025-07-23, right?"),
    ("en", "Best,\n[[PERSON|Emily]]"),
    ("en", "I need 4 boxes of 12, 3 of 24 and 1 of 48."),
    # ---- French --------------------------------------------------------------------------
    ("fr", "bonjour, est-ce que vous livrez en Corse ?"),
    ("fr", "Je m'appelle [[PERSON|Hélène Rousseau]], j'ai passé commande hier soir."),
    ("fr", "vous pouvez m'appeler au [[PHONE|06 45 78 12 90]] ou au [[PHONE|01.42.68.53.00]]"),
    ("fr", "Mon RIB : [[IBAN|{iban_fr}]]"),
    ("fr", "Le colis n° 6A12345678901 est bloqué depuis lundi."),
    ("fr", "J'habite au [[POSTAL_ADDRESS|8 rue des Lilas, 69003 Lyon]], c'est au 2e étage"),
    ("fr", "Livraison prévue le 12/03/2025 entre 8h et 13h ?"),
    ("fr", "je suis née le [[DATE_OF_BIRTH|3 avril 1992]], je peux avoir la carte fidélité ?"),
    ("fr", "Mon numéro de sécu c'est le [[NATIONAL_ID|{nir}]]"),
    ("fr", "Le prix affiché est de 1 249,00 € TTC, c'est correct ?"),
    ("fr", "Merci beaucoup pour votre aide !\nCordialement,\n[[PERSON|Luc Girard]]"),
    ("fr", "mail : [[EMAIL|camille.moreau@orange.fr]] merci"),
    ("fr", "Je suis client depuis 2019 et c'est la première fois que j'ai un souci."),
    ("fr", "Ma carte [[CREDIT_CARD|{mc}]] a été refusée, pourquoi ?"),
    ("fr", "Code promo BIENVENUE10 ne marche pas"),
    ("fr", "Mme [[PERSON|Lefèvre]] passera récupérer la commande."),
    ("fr", "C'est [[PERSON|Mathieu]], on s'est parlé au téléphone ce matin."),
    ("fr", "La facture FA-2025-00871 est erronée, le montant est de 89,90 €."),
    ("fr", "Pouvez-vous rappeler au [[PHONE|+33 7 81 22 34 56]] ?"),
    ("fr", "bonjour c [[PERSON|sophie]] je voulais savoir pour ma commande"),
    ("fr", "Le magasin du 15 boulevard Haussmann est-il ouvert dimanche ?"),
    ("fr", "Il me faut 2 pots de 30 cm et 3 de 45 cm."),
    ("fr", "ip : [[IP_ADDRESS|2001:db8:85a3::8a2e:370:7334]]"),
    ("fr", "Bien à vous, [[PERSON|Camille Dubois]]"),
    ("fr", "Merci !"),
    # ---- German --------------------------------------------------------------------------
    ("de", "Hallo, habt ihr den Ficus auch in klein?"),
    ("de", "Mein Name ist [[PERSON|Lukas Hoffmann]] und ich warte seit 2 Wochen auf meine Bestellung."),
    ("de", "Bitte überweisen Sie den Betrag auf [[IBAN|{iban_de}]]."),
    ("de", "Meine Steuer-ID lautet [[NATIONAL_ID|{steuer}]]."),
    ("de", "Sie erreichen mich unter [[PHONE|0151 23456789]] oder [[PHONE|030/12345678]]."),
    ("de", "Lieferadresse: [[POSTAL_ADDRESS|Kastanienallee 17, 10435 Berlin]]"),
    ("de", "Ich bin am [[DATE_OF_BIRTH|12.05.1978]] geboren, brauchen Sie das?"),
    ("de", "Die Lieferung kam am 12.05.2025 beschädigt an."),
    ("de", "Rechnung Nr. 2025-04-1187, Betrag 149,95 €"),
    ("de", "Kundennummer 700123456, bitte um Rückruf"),
    ("de", "Mit freundlichen Grüßen\n[[PERSON|Ute Schäfer]]"),
    ("de", "E-Mail: [[EMAIL|m.becker@web.de]]"),
    ("de", "Ich heiße [[PERSON|Greta]] und habe eine Frage zu den Versandkosten."),
    ("de", "Hier spricht [[PERSON|Moritz Weber]], wir hatten telefoniert."),
    ("de", "Gibt es den Topf auch in 40 x 40 cm?"),
    ("de", "Frau [[PERSON|Müller]] aus der Buchhaltung fragt nach der Gutschrift."),
    ("de", "Die Filiale in der [[POSTAL_ADDRESS|Berliner Straße 5]] hat falsch kassiert."),
    ("de", "Kreditkarte: [[CREDIT_CARD|{amex}]]"),
    ("de", "Version 3.2.0.1 der App zeigt nur einen weißen Bildschirm"),
    ("de", "Danke, viele Grüße, [[PERSON|Sabine]]"),
    ("de", "Ich habe 3 Stück à 19,99 € bestellt, aber nur 2 bekommen."),
    ("de", "Meine Telefonnummer ist [[PHONE|+49 170 9876543]]."),
    ("de", "Öffnungszeiten am 24.12.?"),
    # ---- Finnish -------------------------------------------------------------------------
    ("fi", "Moi! Toimitatteko Rovaniemelle?"),
    ("fi", "Nimeni on [[PERSON|Aino Korhonen]] ja tilasin ruukun viime viikolla."),
    ("fi", "Puhelinnumeroni on [[PHONE|040 123 4567]], soittakaa iltapäivällä."),
    ("fi", "Tilinumero [[IBAN|{iban_fi}]]"),
    ("fi", "Henkilötunnukseni on [[NATIONAL_ID|{hetu}]]."),
    ("fi", "Tunnus " + V["hetu_bad"] + " ei kelpaa järjestelmään"),
    ("fi", "Olen syntynyt [[DATE_OF_BIRTH|5.6.1985]]."),
    ("fi", "Toimitus 5.6.2025 sopii hyvin."),
    ("fi", "Osoite: [[POSTAL_ADDRESS|Hämeentie 33 B 12, 00500 Helsinki]]"),
    ("fi", "Hinta on 24,90 €, onko se oikein?"),
    ("fi", "Kiitos avusta!\nTerveisin [[PERSON|Juha Mäkinen]]"),
    ("fi", "sähköposti [[EMAIL|elina.nieminen@kolumbus.fi]]"),
    ("fi", "Tilausnumero 1002345 ei näy järjestelmässä"),
    ("fi", "Olen [[PERSON|Sanna]], soitin eilen."),
    ("fi", "Tarvitsen 3 kpl 20 cm ruukkuja."),
    ("fi", "Täällä [[PERSON|Mikko Häkkinen]], tilasin kaksi ruukkua."),
    ("fi", "Maksoin kortilla [[CREDIT_CARD|{visa_plain}]], mutta veloitus tuli kahdesti."),
    # ---- other EU languages, hard cases ---------------------------------------------------
    ("es", "Me llamo [[PERSON|Lucía García]], mi DNI es [[NATIONAL_ID|{dni}]]"),
    ("es", "Mi móvil es [[PHONE|612 34 56 78]]"),
    ("es", "Cuenta: [[IBAN|{iban_es}]]"),
    ("it", "Mi chiamo [[PERSON|Marco Rossi]], codice fiscale [[NATIONAL_ID|{cf}]]"),
    ("it", "IBAN [[IBAN|{iban_it}]] per il rimborso"),
    ("it", "Il mio cellulare è [[PHONE|347 123 4567]]"),
    ("nl", "Mijn naam is [[PERSON|Daan de Vries]], BSN [[NATIONAL_ID|{bsn}]]"),
    ("nl", "Rekening [[IBAN|{iban_nl}]], bel me op [[PHONE|06-12345678]]"),
    ("sv", "Jag heter [[PERSON|Erik Lindqvist]], personnummer [[NATIONAL_ID|{pnr}]]"),
    ("sv", "Ring mig på [[PHONE|070-123 45 67]]"),
    ("pl", "PESEL [[NATIONAL_ID|{pesel}]], telefon [[PHONE|+48 512 345 678]]"),
    ("be", "Mon numéro belge : [[PHONE|0470 12 34 56]], compte [[IBAN|{iban_be}]]"),
    # ---- look-alikes and several entities ------------------------------------------------
    ("en", "Card ending in 1111, exp 04/27 - can you check the payment?"),
    ("en", "IBAN " + V["iban_bad"] + " was rejected by my bank, typo?"),
    ("en", "Card number " + V["card_bad"] + " gives an error"),
    ("en", "EAN 4006381333931 on the box, is it the same product?"),
    ("en", "Reference: 2024-03-15-000123"),
    ("en", "The total was 1 234 567 points in the loyalty app, is that right?"),
    ("en", "Dimensions 120 x 60 x 75 cm, weight 32 kg"),
    ("en", "Hi, I'm [[PERSON|Peter Jones]], born [[DATE_OF_BIRTH|March 3, 1979]], phone [[PHONE|+1 415 555 0132]], email [[EMAIL|pjones@example.org]]"),
    ("fr", "Je suis [[PERSON|Élodie Martin]], née le [[DATE_OF_BIRTH|21/09/1994]], tél. [[PHONE|06 11 22 33 44]]"),
    ("de", "Ich bin [[PERSON|Jürgen Klein]], geb. [[DATE_OF_BIRTH|01.01.1960]], IBAN [[IBAN|{iban_de}]]"),
    ("en", "I am interested in the oak table, is it solid wood?"),
    ("en", "This is ridiculous, third time I ask about my refund"),
    ("fr", "Je suis Français et j'habite à Lyon depuis 10 ans."),
    ("de", "Ich bin Kunde seit 2015 und sehr zufrieden."),
    ("fi", "Olen asiakas ja haluaisin palauttaa tuotteen."),
    ("en", "My son was born on [[DATE_OF_BIRTH|June 5, 2019]] and we need a crib by then... no wait, for his birthday"),
    ("en", "Our shop opened on 5 June 2019."),
    ("en", "Use coupon SPRING2025 for 20% off"),
    ("en", "PIN 4821 for the locker, thanks"),
    ("en", "Temperature was 21.5°C in the greenhouse at 14:30"),
]

LABEL = re.compile(r"\[\[([A-Z_]+)\|(.*?)\]\]", re.S)

def parse(marked):
    """Turns inline labels into plain text and character-offset entities."""
    text, entities, at = "", [], 0
    for m in LABEL.finditer(marked):
        text += marked[at:m.start()]
        start = len(text)
        text += m.group(2)
        entities.append({"type": m.group(1), "start": start, "end": len(text)})
        at = m.end()
    return text + marked[at:], entities

def main():
    out = Path(__file__).with_name("handwritten.jsonl")
    with out.open("w", encoding="utf-8") as f:
        for i, (lang, marked) in enumerate(MESSAGES):
            text, entities = parse(marked.format(**V))
            f.write(json.dumps({"id": i, "lang": lang, "text": text, "entities": entities}, ensure_ascii=False) + "\n")
    print(f"{len(MESSAGES)} messages -> {out}")

if __name__ == "__main__":
    main()
