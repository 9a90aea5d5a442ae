"""Word lists for job titles: abbreviations to expand and noise to drop (FR and EN, accent-folded)."""

from __future__ import annotations

# Folded token → folded expansion(s). Expansions are given in both languages where the abbreviation is shared.
ABBREVIATIONS: dict[str, str] = {
    "dev": "developpeur developer",
    "devs": "developpeur developer",
    "resp": "responsable",
    "respo": "responsable",
    "tech": "technicien technician",
    "techn": "technicien technician",
    "techs": "technicien technician",
    "rh": "ressources humaines",
    "hr": "human resources",
    "drh": "directeur ressources humaines",
    "btp": "batiment construction",
    "assist": "assistant",
    "asst": "assistant",
    "ass": "assistant",
    "adj": "adjoint",
    "admin": "administrateur administrator",
    "adm": "administratif",
    "ing": "ingenieur",
    "eng": "engineer",
    "engr": "engineer",
    "dir": "directeur",
    "mgr": "manager",
    "mngr": "manager",
    "cpt": "comptable",
    "compta": "comptable comptabilite",
    "comm": "commercial",
    "com": "communication",
    "dg": "directeur general",
    "pdg": "president directeur general",
    "ceo": "chief executive officer",
    "cto": "chief technology officer",
    "cfo": "chief financial officer",
    "coo": "chief operating officer",
    "cio": "chief information officer",
    "daf": "directeur administratif financier",
    "dsi": "directeur systemes information",
    "rssi": "responsable securite systemes information",
    "it": "informatique information technology",
    "info": "informatique",
    "infor": "informatique",
    "sav": "service apres vente",
    "qhse": "qualite hygiene securite environnement",
    "hse": "hygiene securite environnement",
    "qse": "qualite securite environnement",
    "pl": "poids lourds",
    "spl": "super poids lourds",
    "vl": "vehicule leger",
    "vtc": "chauffeur voiture transport",
    "elec": "electricien electrique",
    "meca": "mecanicien mecanique",
    "mecano": "mecanicien",
    "auto": "automobile",
    "maint": "maintenance",
    "ope": "operateur",
    "op": "operateur",
    "opr": "operator",
    "cond": "conducteur",
    "chauff": "chauffeur",
    "secr": "secretaire",
    "sec": "secretaire",
    "appro": "approvisionnement",
    "log": "logistique",
    "ux": "user experience",
    "ui": "user interface",
    "qa": "quality assurance",
    "ia": "intelligence artificielle",
    "ai": "artificial intelligence",
    "ml": "machine learning",
    "bi": "business intelligence",
    "bdd": "base donnees",
    "db": "database",
    "dba": "database administrator",
    "sysadmin": "administrateur systemes administrator systems",
    "devops": "devops development operations",
    "fullstack": "full stack",
    "frontend": "front end",
    "backend": "back end",
    "infirm": "infirmier",
    "ide": "infirmier diplome etat",
    "aide-soignant": "aide soignant",
    "educ": "educateur",
    "prof": "professeur",
    "instit": "instituteur",
    "agt": "agent",
    "cons": "conseiller",
    "conseil": "conseiller",
    "ctrl": "controleur",
    "mkt": "marketing",
    "mktg": "marketing",
    "rp": "relations publiques",
    "pr": "public relations",
    "cm": "community manager",
    "pm": "project manager",
    "po": "product owner",
    "sr": "",
    "jr": "",
}

# Words that say nothing about the occupation: contract, seniority, gender markers, recruiting noise, pay, and the
# words a person uses to present their work (« je travaille comme », « depuis », "I worked as").
_NOISE_WORDS = """
urgent urgence cdi cdd cdic interim interimaire freelance free lance independant contrat stage stagiaire
intern internship alternance alternant apprentissage senior junior confirme confirmee experimente
experimentee experience debutant debutante expert h f hf fh m w d mwd mfd hfx x remote teletravail
hybride hybrid temps plein partiel full time part fulltime parttime poste job emploi offre recrute
recrutement recrutons recherche recherchons hiring hire wanted needed immediate immediatement asap mois
month year an salaire salary fcfa cfa xof eur euro euros usd dh mad dzd tnd brut net k nouveau new
position vacancy opportunity opportunite qualifie qualifiee qualifies qualifiees n1 n2 n3 n4 niveau shift shifts
nights evenings weekends weekly hourly bonus signon relocation earn apprentice apprentices trainee trainees apprenti
apprentie
depuis pendant durant comme tant travaille travaillais travaillait exerce exercais devenu devenue since worked was
been
"""
NOISE: frozenset[str] = frozenset(_NOISE_WORDS.split())
# After a number these say how long, not what: « 8 ans d'expérience », "5 years" ("early years teacher" is a job).
DURATION_UNITS: frozenset[str] = frozenset({"ans", "annees", "annee", "years", "months", "mois", "semaines", "weeks"})

# Recruiting words are noise ("Recrutement : comptable"), except when they are the job ("chargé de recrutement",
# "responsable recrutement", "recherche et développement"): after one of these words they are kept.
RECRUITING: frozenset[str] = frozenset({"recrutement", "recherche", "hiring", "stage", "alternance", "apprentissage"})
_KEEPS_RECRUITING_WORDS = """
de du d des en of in charge chargee responsable assistant assistante consultant consultante manager officer
specialist coordinator coordinateur coordinatrice gestionnaire maitre
"""
KEEPS_RECRUITING: frozenset[str] = frozenset(_KEEPS_RECRUITING_WORDS.split())
# Units of a pay rate: after a number they are noise ("$19/hr" is not human resources).
RATE_UNITS: frozenset[str] = frozenset(
    {"hr", "h", "hour", "hours", "wk", "week", "mo", "month", "yr", "year", "k", "an", "mois", "jour", "heure"}
)
# Sector abbreviations: a title segment made of one of them alone ("Maçon - BTP") is context, not a job.
SECTORS: frozenset[str] = frozenset({"btp", "it", "rh", "hr", "qhse", "hse", "tic", "ntic", "agro", "bpo"})


# How job ads name skills that ESCO words differently: soft skills written as adjectives or "X skills", licences
# and certificates, tool and product names, trade jargon. ESCO preferred English label → (English phrases,
# French phrases). Each phrase becomes one more label of the skill in the extractor's index, so it is matched,
# scored and given a span like ESCO's own labels. General conventions of job ads in both languages, not a copy
# of any test sentence.
SKILL_PHRASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "work in teams": (
        ("team player", "teamwork", "team spirit", "work well in a team"),
        ("esprit d'équipe", "travail en équipe", "sens du travail en équipe", "travailler en équipe"),
    ),
    "cope with stress": (
        ("stress-resistant", "stress resistant", "resistant to stress", "work under pressure", "keep a cool head"),
        ("résistance au stress", "résister au stress", "travailler sous pression", "gestion du stress"),
    ),
    "tolerate stress": (("stress resistance", "stress-resistant"), ("résistance au stress", "supporter la pression")),
    "demonstrate willingness to learn": (
        ("eager to learn", "willing to learn", "willingness to learn", "keen to learn", "thirst for knowledge"),
        ("envie d'apprendre", "volonté d'apprendre", "désireux d'apprendre", "soif d'apprendre"),
    ),
    "attend to detail": (
        ("attention to detail", "detail-oriented", "eye for detail", "work accurately", "meticulous"),
        ("sens du détail", "souci du détail", "minutieux", "rigoureux", "rigueur", "méticuleux", "précision"),
    ),
    "work independently": (
        ("independently", "autonomous", "autonomously", "self-starter", "on your own initiative"),
        ("autonome", "autonomie", "en autonomie", "travailler seul"),
    ),
    "think analytically": (
        ("analytical skills", "analytical mind", "analytical thinking"),
        ("esprit d'analyse", "capacité d'analyse", "esprit analytique", "capacités d'analyse"),
    ),
    "solve problems": (
        ("problem-solving", "problem solving", "problem solver", "solution-oriented"),
        ("résolution de problèmes", "résoudre des problèmes", "résoudre les problèmes", "orienté solutions"),
    ),
    "show initiative": (
        ("take initiative", "proactive", "show initiative", "self-motivated"),
        ("sens de l'initiative", "esprit d'initiative", "prendre des initiatives", "force de proposition", "proactif"),
    ),
    "ensure customer orientation": (
        ("customer-oriented", "customer oriented", "customer focus", "customer-focused", "client-oriented"),
        ("sens du client", "orientation client", "orienté client", "sens du service client"),
    ),
    "adapt to change": (
        ("flexible", "flexibility", "adaptable", "adaptability"),
        ("flexible", "flexibilité", "adaptabilité", "capacité d'adaptation", "polyvalent", "polyvalence"),
    ),
    "manage time": (
        ("time management", "set priorities", "prioritise", "prioritize", "organisational skills", "well organised"),
        ("gestion du temps", "gestion des priorités", "sens de l'organisation", "organisé", "bonne organisation"),
    ),
    "show commitment": (
        ("motivated", "enthusiastic", "passion for"),
        ("motivé", "motivée", "engagé", "sens de l'engagement"),
    ),
    "act reliably": (("reliable", "dependable", "trustworthy", "punctual"), ("fiable", "ponctuel", "ponctualité")),
    "communication": (
        ("communication skills", "communicative", "good communicator", "communicate clearly"),
        ("qualités relationnelles", "aisance relationnelle", "sens de la communication", "bon relationnel"),
    ),
    "show empathy": (("empathy", "empathetic", "caring attitude"), ("empathie", "bienveillance", "bienveillant")),
    "lead others": (("leadership", "leadership skills", "natural leader"), ("leadership", "sens du leadership")),
    "manage a team": (
        ("lead a team", "team leader", "team management", "manage staff", "people management"),
        ("encadrer une équipe", "encadrement d'équipe", "management d'équipe", "animer une équipe", "chef d'équipe"),
    ),
    "speak different languages": (("multilingual", "bilingual"), ("bilingue", "trilingue", "multilingue")),
    "use microsoft office": (
        ("ms office", "microsoft office", "office 365", "microsoft 365", "office suite"),
        ("pack office", "suite office", "outils bureautiques", "bureautique"),
    ),
    "use spreadsheets software": (("excel", "ms excel", "spreadsheets"), ("excel", "tableur", "tableaux excel")),
    "use word processing software": (("ms word", "microsoft word"), ("word", "traitement de texte")),
    "drive vehicles": (
        ("driving licence", "driving license", "driver's licence", "driver's license", "category b licence"),
        ("permis b", "permis de conduire", "permis de conduire catégorie b", "titulaire du permis"),
    ),
    "wear appropriate protective gear": (
        ("ppe", "personal protective equipment", "protective clothing", "safety shoes"),
        ("epi", "équipements de protection individuelle", "port des epi", "chaussures de sécurité"),
    ),
    "operate forklift": (
        ("forklift", "forklift licence", "fork-lift truck", "reach truck"),
        ("chariot élévateur", "caces", "cariste", "conduite de chariot"),
    ),
    "cloud technologies": (
        ("aws", "amazon web services", "azure", "microsoft azure", "google cloud", "gcp", "cloud platforms"),
        ("aws", "azure", "cloud", "informatique en nuage"),
    ),
    "operating systems": (("linux", "unix", "windows server", "macos"), ("linux", "unix", "systèmes d'exploitation")),
    "manage ICT virtualisation environments": (
        ("docker", "kubernetes", "containers", "vmware", "virtualisation", "virtualization"),
        ("docker", "kubernetes", "conteneurs", "virtualisation"),
    ),
    "DevOps": (
        ("ci/cd", "continuous integration", "continuous delivery", "continuous deployment", "ci/cd pipelines"),
        ("ci/cd", "intégration continue", "déploiement continu"),
    ),
    "deliver visual presentation of data": (
        ("power bi", "dashboards", "data visualisation", "data visualization"),
        ("power bi", "tableaux de bord", "visualisation de données"),
    ),
    "use scripting programming": (
        ("shell scripting", "bash", "powershell", "scripting"),
        ("scripts shell", "bash", "powershell", "scripting"),
    ),
    "first aid": (
        ("first aid certificate", "first-aid", "cpr"),
        ("sst", "psc1", "sauveteur secouriste du travail", "secourisme", "premiers secours"),
    ),
    "monitor patient's vital signs": (
        ("vital signs", "blood pressure and pulse", "take observations"),
        ("prise des constantes", "constantes", "signes vitaux", "paramètres vitaux"),
    ),
    "operate cash register": (
        ("cash register", "checkout", "point of sale", "pos system"),
        ("caisse enregistreuse", "tenue de caisse", "encaissement", "passage en caisse"),
    ),
    "stock shelves": (
        ("shelf stacking", "shelf-stacking", "replenish shelves", "restock shelves"),
        ("mise en rayon", "réassort", "remplissage des rayons", "approvisionnement des rayons"),
    ),
    "carry out stock rotation": (("fifo", "first in first out", "stock rotation"), ("fifo", "rotation des stocks")),
    "use barcode scanning equipment": (
        ("hand scanner", "handheld scanner", "barcode scanner", "rf scanner"),
        ("douchette", "lecteur de codes-barres", "terminal portable"),
    ),
    "lift heavy weights": (
        ("heavy lifting", "lift heavy loads", "physically demanding", "carry heavy loads"),
        ("port de charges lourdes", "port de charges", "charges lourdes"),
    ),
    "assist customers": (
        ("advise customers", "help customers", "customer advice"),
        ("conseil client", "conseil à la clientèle", "conseiller la clientèle", "accompagner les clients"),
    ),
    "customer service": (
        ("customer service", "customer care", "after-sales service", "customer support"),
        ("service client", "service après-vente", "sav", "relation client", "accueil client"),
    ),
    "work in shifts": (
        ("shift work", "shifts", "night shifts", "rotating shifts", "weekend work"),
        ("travail posté", "travail en équipes", "3x8", "2x8", "travail de nuit"),
    ),
    "meet deadlines": (("deadlines", "deliver on time"), ("respect des délais", "respecter les délais")),
    "perform project management": (
        ("project management", "manage projects", "project manager"),
        ("gestion de projet", "gestion de projets", "conduite de projet", "pilotage de projets"),
    ),
    "perform metal inert gas welding": (("mig welding", "mig"), ("soudure mig", "soudage mig", "mig")),
    "perform metal active gas welding": (("mag welding", "mag"), ("soudure mag", "soudage mag", "mag")),
    "perform tungsten inert gas welding": (("tig welding", "tig"), ("soudure tig", "soudage tig", "tig")),
    "use computerised maintenance management systems": (("cmms",), ("gmao",)),
    "English": (("english", "fluent english"), ("anglais", "anglais courant")),
    "French": (("french", "fluent french"), ("français", "français courant")),
    "Arabic": (("arabic",), ("arabe",)),
}


# Job-board titles ESCO does not list for an occupation (US/UK boards, French, West African and Maghreb ads):
# ESCO preferred English label → (English titles, French titles). Each becomes one more label of the occupation
# in the linker's index.
OCCUPATION_PHRASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "software developer": (
        ("developer", "full stack developer", "fullstack developer", "backend developer", "back end developer"),
        ("développeur", "développeur full stack", "développeur fullstack", "développeur back end"),
    ),
    "web developer": (
        ("frontend developer", "front end developer", "front-end developer"),
        ("développeur front end", "intégrateur web"),
    ),
    "kitchen porter": (("dishwasher",), ("plongeur",)),
    "home care aide": (
        ("caregiver", "home health aide", "hha", "personal care aide", "home carer", "carer"),
        ("auxiliaire de vie", "aide à domicile", "auxiliaire de vie sociale"),
    ),
    "nurse assistant": (
        ("cna", "certified nursing assistant", "nursing aide", "patient care assistant"),
        ("aide soignant",),
    ),
    "nurse responsible for general care": (
        ("rn", "registered nurse", "staff nurse", "general nurse"),
        ("infirmier diplômé d'état", "ide", "infirmier", "infirmière"),
    ),
    "sales assistant": (
        ("sales associate", "retail associate", "store associate", "retail sales associate", "retail assistant"),
        ("conseiller de vente", "conseillère de vente", "vendeur en magasin"),
    ),
    "shelf filler": (("stocker", "night stocker", "stock associate"), ("employé libre-service", "agent de rayon")),
    "cargo vehicle driver": (
        ("cdl driver", "cdl a driver", "otr driver", "class a driver", "lorry driver"),
        ("chauffeur poids lourd", "chauffeur pl", "chauffeur spl", "conducteur routier"),
    ),
    "call centre agent": (
        ("call center agent", "customer service agent", "customer service representative", "csr"),
        ("téléconseiller", "téléconseillère", "conseiller clientèle", "chargé de clientèle à distance"),
    ),
    "security guard": (("security officer",), ("vigile", "gardien")),
    "recruitment consultant": (
        ("recruiter", "talent acquisition specialist", "talent acquisition partner"),
        ("recruteur", "chargé de recrutement", "chargée de recrutement"),
    ),
    "human resources officer": (
        ("hr generalist", "hr officer", "hr business partner"),
        ("chargé rh", "gestionnaire rh", "chargé des ressources humaines"),
    ),
    "physiotherapist": (("physical therapist",), ("kinésithérapeute", "kiné", "masseur kinésithérapeute")),
    "building construction worker": (
        ("laborer", "labourer", "general laborer", "construction laborer"),
        ("manœuvre", "ouvrier du bâtiment", "ouvrier btp"),
    ),
    "commercial sales representative": (
        ("sales rep", "field sales representative", "sales executive", "account executive"),
        ("commercial", "commercial terrain", "attaché commercial", "technico-commercial"),
    ),
    "loan officer": ((), ("agent de crédit", "chargé de crédit", "agent de crédit microfinance")),
    "ICT help desk agent": (
        ("it support", "it support technician", "service desk analyst", "help desk technician", "desktop support"),
        ("technicien support", "technicien helpdesk", "support informatique", "technicien support informatique"),
    ),
    "primary school teacher": (
        ("elementary school teacher", "elementary teacher"),
        ("professeur des écoles", "instituteur", "institutrice"),
    ),
    "room attendant": (("housekeeping attendant", "room cleaner"), ("femme de chambre", "valet de chambre")),
    "warehouse worker": (
        ("warehouse associate", "package handler", "picker packer", "warehouse operative"),
        ("préparateur de commandes", "agent logistique", "agent de quai"),
    ),
    "car and van delivery driver": ((), ("livreur",)),
    "vehicle technician": (
        ("auto technician", "automotive mechanic", "mechanic"),
        ("mécanicien automobile", "mécanicien auto", "mécanicien"),
    ),
    "taxi driver": (("uber driver", "rideshare driver"), ("chauffeur vtc",)),
}
