"""Word lists of the stemmer (:mod:`matching.text`): families the suffix rules cannot join or must keep apart.

General French and English morphology, folded (no accents), not a list of any test set's words.
"""

from __future__ import annotations

# Word families the suffix rules cannot join: irregular verbs and their nouns (FR « conduire / conduite /
# conducteur », « peindre / peinture », EN "drive / drove", "write / written"), nouns whose root differs from the
# verb's (« gestion / gérer », "maintenance / maintain", "analysis / analyse"), and adjective / quality pairs of
# the soft skills job ads name ("flexible / flexibility", « rigoureux / rigueur »). General French and English
# morphology, not a list of any test set's words. Folded forms; the first word of each line is the family's stem.
# A few lines only keep a word apart from a look-alike: « élèves » (pupils) are not « élevage » (animal farming),
# nor is a lift (« élévateur ») ; « cours » (lessons) are not « courses » (errands); a driver (« chauffeur ») is not
# heating (« chauffer »); solid wood (« bois massif ») is not a massage.
FAMILIES_TEXT = """
conduire: conduire conduite conduites conduis conduisez conduirez conduisant conduisais conduisait conducteur
 conductrice conducteurs conductrices
peindre: peindre peinture peintures peint peinte peints peintes peignez peindrez peintre peintres peignais peignait
tenir: tenir tenue tenues tenez tiendrez tient tenu tenant tenais tenait
entretenir: entretenir entretien entretiens entretenez entretiendrez entretenu entretenue entretenus entretenues
 entretenais entretenait
maintenir: maintenir maintien maintenez maintiendrez maintenance maintenances maintain maintains maintained
 maintaining
soutenir: soutenir soutien soutenez
obtenir: obtenir obtention
intervenir: intervenir intervention interventions intervenez intervenant intervenants
prevenir: prevenir prevention prevenez
mettre: mettre mise mises mettez mettrez
transmettre: transmettre transmission transmissions transmettez
soumettre: soumettre soumission soumissions
prendre: prendre prenez prendrez
comprendre: comprendre comprehension comprenez
apprendre: apprendre apprentissage apprentissages apprenez
vendre: vendre vente ventes vendez vendrez vendu vendus vendeur vendeuse vendeurs vendeuses vendais vendait
repondre: repondre reponse reponses repondez repondrez
construire: construire construction constructions construisez construirez construit construite construisais construisait
produire: produire production productions produisez produirez produisais produisait
traduire: traduire traduction traductions traduisez traducteur traductrice traducteurs
reduire: reduire reduction reductions reduisez
lire: lire lecture lisez lirez lisais lisait lisaient lisant
ecrire: ecrire ecriture ecrivez ecrirez ecrit ecrite ecrits ecrites ecrivais ecrivait
decrire: decrire description descriptions decrivez
inscrire: inscrire inscription inscriptions inscrivez
prescrire: prescrire prescription prescriptions prescrit prescrite prescrits prescrites
rediger: rediger redaction redactions redigez redigerez redige redigee rediges redigees redacteur redactrice
suivre: suivre suivi suivis suivie suivies suivez suivrez suivais suivait
servir: servir servez servirez servais servait
recevoir: recevoir reception receptions recevez recevrez recu recue recus recues
concevoir: concevoir conception conceptions concevez concevrez concu concue concus concues
resoudre: resoudre resolution resolutions resolvez resoudrez
coudre: coudre couture cousez coudrez cousu cousue
cuisson: cuire cuisson cuissons cuisez cuirez
connaitre: connaitre connaissance connaissances connaissez
ouvrir: ouvrir ouverture ouvertures ouvrez
couvrir: couvrir couverture couvertures couvrez
accueillir: accueillir accueil accueillez accueillerez accueilli accueillie accueillis accueillies accueillant
 accueillais accueillait
nourrir: nourrir nourriture nourrissez nourrissage
fournir: fournir fourniture fournitures fournissez
remplir: remplir remplissage remplissez
choisir: choisir choix choisissez
acquerir: acquerir acquisition acquisitions
prevoir: prevoir prevision previsions prevoyez
gerer: gerer gestion gestions gerez gererez gere geree geres gerees gerant gerante gerants gerais gerait
paie: payer paiement paiements payez paierez paye paie
envoyer: envoyer envoi envois envoyez enverrez
livrer: livrer livraison livraisons livrez livrerez livrais livrait livrant livreur livreuse livreurs livreuses
irriguer: irriguer irrigation irriguez irrigue irriguee
traire: traire traite traites trayez
abattre: abattre abattage abattez abattu abattus
teindre: teindre teinture teintures
extraire: extraire extraction extractions
eleve: eleve eleves
cours: cours
elevateur: elevateur elevateurs elevatrice elevatrices elevation elevations
chauffeur: chauffeur chauffeurs chauffeuse chauffeuses
massif: massif massifs massive massives
rigour: rigueur rigoureux rigoureuse rigoureuses rigour rigor rigorous rigorously
driv: drove driven
writ: wrote written
speak: spoke spoken speaker speakers
build: built
teach: taught
sell: sell sells sold selling seller sellers sale sales
buy: buy buys bought buying buyer buyers
solv: solve solves solved solving solution solutions
decid: decide decides decided deciding decision decisions decisive
analy: analysis analyses analyze analyzes analyzed analyzing analyse analysing analysed analyst analysts analytic
 analytical analytically analytics analyser analysez
communic: communicate communicates communicated communicating communication communications communicative
 communiquer communiquez communiquerez
organi: organize organizes organized organizing organise organises organised organising organisation organization
 organisations organizations organisational organizational organiser organisez organiserez organisateur
 organisatrice organisationnel organisationnelle
supervis: supervise supervises supervised supervising supervision supervisor supervisors superviser supervisez
accur: accurate accurately accuracy
precis: precise precisely precision
flexibl: flexible flexibly flexibility
responsibl: responsible responsibly responsibility responsibilities
reliabl: reliable reliably reliability
creativ: creative creatively creativity creatif creative creativite
punctual: punctual punctually punctuality ponctuel ponctuelle ponctualite
independ: independent independently independence
efficien: efficient efficiently efficiency efficace efficacite efficacement
effectiv: effective effectively effectiveness
autonom: autonomous autonomously autonomy autonome autonomes autonomie
motiv: motivate motivated motivation motivating motive motivee motive motives motivees
resilien: resilient resilience
empath: empathy empathetic empathic empathique empathie
curio: curious curiosity curieux curieuse curiosite
polite: polite politely politeness poli polie politesse courtois courtoise courtoisie
honest: honest honestly honesty honnete honnetete
dilig: diligent diligently diligence
proactiv: proactive proactively proactivity proactif proactive proactivite
"""


# Words ending in -ai(s)/-ais/-ait that the imperfect endings (« je réparais ») must not cut: plurals of -ai nouns
# (« essais », « délais »), languages and nationalities (« français » is not « francs », « anglais » not « angles »),
# -ais/-ait nouns and adjectives. Each base form also stands for its -s/-e/-es forms.
NOT_IMPERFECT = """
essai delai minerai balai remblai relais engrais marais palais rabais biais mauvais francais anglais japonais
portugais polonais neerlandais irlandais islandais hollandais ecossais finlandais albanais maltais malais javanais
libanais senegalais congolais gabonais togolais camerounais burkinabais retrait portrait attrait extrait trait
forfait souhait abstrait parfait
"""


def parse_families(text: str) -> dict[str, str]:
    """``stem: form form…`` lines (continued by lines starting with a space) → {form: stem}."""
    families: dict[str, str] = {}
    for line in text.replace("\n ", " ").strip().splitlines():
        family, forms = line.split(":")
        for form in [family, *forms.split()]:
            families[form] = family
    return families


# English "-ate" verbs and their "-ation" nouns ("negotiate / negotiation"). A general "-ate" suffix rule would also
# cut French feminine forms ("avocate", « diplômée » / "diplomate"), so the verbs are listed.
ATE_VERBS = """
accommodate activate allocate anticipate automate calculate calibrate celebrate coordinate create cultivate
decorate delegate demonstrate designate dictate donate educate evaluate excavate fabricate facilitate formulate
generate illustrate indicate initiate innovate insulate integrate interpret investigate irrigate isolate lubricate
migrate moderate motivate navigate negotiate nominate operate participate populate regulate relocate renovate
rotate separate simulate situate stimulate terminate translate vaccinate validate ventilate
"""
