import type { ActivityCategory, ActivityStatus, CommitmentKind, PartnerKind } from '@akkoord/domain';

/** A measurable ambition an activity of a category may carry: indicator, unit and the range of its target. */
export interface TargetSpec {
  indicator: string;
  unit: string;
  min: number;
  max: number;
}

/** Doe-agenda activities as the regional action plans name them, per category. */
export const TITLES: Readonly<Record<ActivityCategory, readonly string[]>> = {
  supply: [
    'Klantbestand gemeenten en UWV gezamenlijk in beeld',
    'Jobcoaching statushouders',
    'Talentenscan voor werkzoekenden met afstand tot de arbeidsmarkt',
    'Wijkgerichte werving bijstandsgerechtigden',
    'Werkfit-trajecten jongeren zonder startkwalificatie',
    'Activering 50-plussers in de WW',
    'Taal en werk voor nieuwkomers',
    'Ontwikkelgesprekken met mensen in de bijstand',
    'Regionaal werkzoekendenportaal',
    'Schuldhulpverlening gekoppeld aan werk',
    'Inzet ervaringsdeskundigen bij werving',
    'Kandidaten banenafspraak in beeld',
    'Toeleiding jongeren uit praktijk- en speciaal onderwijs',
    'Vangnet jongeren na school',
    'Begeleiding werkzoekenden met psychische kwetsbaarheid',
    'Werkzoekenden zonder uitkering bereiken',
  ],
  demand: [
    'Werkgeversservicepunt uitbreiden',
    'Eén werkgeversloket voor de regio',
    'Accountmanagement kraptesectoren',
    'Vacatureanalyse techniek en logistiek',
    'Jobcarving bij middelgrote werkgevers',
    'Werkgeversnetwerk inclusief ondernemen',
    'Werkgeversdienstverlening harmoniseren',
    'Online banenmarkt',
    'Sectorplan zorg en welzijn',
    'MKB-werkgevers ontzorgen bij plaatsing',
    'Social return als banenmotor',
    'Kansrijke beroepen in beeld',
    'Speeddates werkgevers en werkzoekenden',
    'Inclusief aanbesteden',
    'Werkgeversbenadering agrofood en groen',
  ],
  route: [
    'Leerwerkroute logistiek',
    'Werkervaringsplaatsen bij de gemeente',
    'Proefplaatsing met behoud van uitkering',
    'Baangarantie na opleiding',
    'Nazorg na plaatsing: zes maanden jobcoach',
    'Van participatieplek naar betaald werk',
    'Route naar werk voor statushouders',
    'Beschut werk uitbreiden',
    'Warme overdracht van school naar werk',
    'Loonkostensubsidie regionaal uniform',
    'Detacheringspool zij-instromers',
    'Werkfit via het sociaal werkbedrijf',
    'Doorstroom uit beschut werk',
    'Werkroute techniek voor vrouwen',
  ],
  training: [
    'Leerwerktrajecten zorg',
    'Praktijkverklaring mbo',
    'Praktijkleren in de techniek',
    'Leerwerkloket versterken',
    'BBL-trajecten voor volwassenen',
    'Omscholing naar tekortberoepen',
    'Taaltraining op de werkvloer',
    'Digitale vaardigheden voor werkzoekenden',
    'Maatwerkopleiding logistiek medewerker',
    'Certificeren met open badges',
    'Zij-instroom onderwijs en kinderopvang',
    'Vakmanschapsroute bouw en infra',
    'Mbo-certificaten voor praktijkgerichte werkzoekenden',
    'Leven lang ontwikkelen in het mkb',
  ],
  collaboration: [
    'Regionale regiegroep Perspectief op Werk',
    'Gezamenlijke monitor doe-agenda',
    'Leergang Werkende Regionale Samenwerking',
    'Harmonisatie werkprocessen gemeenten en UWV',
    'Gezamenlijk werkzoekendenbestand ontsluiten',
    'Masterclass bestuurders werk en economie',
    'Good practices delen in de regio',
  ],
};

/** The one activity the seeds describe in detail (seed 000): Twente, 158 people at work in care. */
export const MOOIE_DAG = {
  title: 'Medewerker Mooie Dag in de zorg',
  target: { indicator: 'placements', unit: 'people', target: 150 },
  realised: 158,
} as const;

export const TARGETS: Readonly<Record<ActivityCategory, readonly TargetSpec[]>> = {
  supply: [
    { indicator: 'candidates_in_view', unit: 'people', min: 150, max: 1200 },
    { indicator: 'placements', unit: 'people', min: 25, max: 250 },
    { indicator: 'participants', unit: 'people', min: 40, max: 400 },
  ],
  demand: [
    { indicator: 'employers_reached', unit: 'employers', min: 40, max: 500 },
    { indicator: 'vacancies', unit: 'vacancies', min: 30, max: 300 },
    { indicator: 'placements', unit: 'people', min: 20, max: 200 },
  ],
  route: [
    { indicator: 'participants', unit: 'people', min: 25, max: 300 },
    { indicator: 'placements', unit: 'people', min: 15, max: 150 },
    { indicator: 'sustained_placements', unit: 'people', min: 10, max: 100 },
  ],
  training: [
    { indicator: 'training_places', unit: 'places', min: 20, max: 250 },
    { indicator: 'certificates', unit: 'certificates', min: 15, max: 200 },
    { indicator: 'placements', unit: 'people', min: 10, max: 120 },
  ],
  collaboration: [
    { indicator: 'sessions', unit: 'sessions', min: 6, max: 24 },
    { indicator: 'partners_connected', unit: 'organisations', min: 6, max: 30 },
    { indicator: 'processes_harmonised', unit: 'processes', min: 2, max: 10 },
  ],
};

/** What each kind of partner typically promises, and in what unit. */
export const COMMITMENTS: Readonly<Partial<Record<PartnerKind, readonly CommitmentKind[]>>> = {
  central_municipality: ['budget_eur', 'fte'],
  municipality: ['budget_eur', 'fte'],
  uwv: ['fte', 'in_kind'],
  employer_organisation: ['in_kind', 'placements'],
  employer: ['placements', 'training_places'],
  education: ['training_places', 'fte'],
  sbb: ['training_places', 'in_kind'],
  union: ['in_kind'],
  province: ['budget_eur'],
  care_provider: ['placements', 'training_places'],
};

export const COMMITMENT_UNITS: Readonly<Record<CommitmentKind, string>> = {
  budget_eur: 'EUR',
  fte: 'fte',
  placements: 'people',
  training_places: 'places',
  in_kind: 'hours',
};

export const STATUS_NOTES: Readonly<Record<ActivityStatus, readonly string[]>> = {
  on_track: [
    'Loopt naar wens.',
    'Instroom volgens planning.',
    'Goede samenwerking met werkgevers; doelstelling binnen bereik.',
    'Eerste groep afgerond, tweede groep gestart.',
    'Uitvoering op schema; partners leveren wat is afgesproken.',
  ],
  at_risk: [
    'Start later dan gepland.',
    'Realisatie lager dan de ambitie; extra werving ingezet.',
    'Loopt nog niet helemaal zoals verwacht.',
    'Werving kandidaten kost meer tijd dan voorzien.',
    'Afstemming tussen gemeenten vraagt meer tijd.',
  ],
  needs_adjustment: [
    'Blijft achter: opzet wordt herzien.',
    'Te weinig kandidaten; ambitie bijstellen.',
    'Partner trekt capaciteit terug; aanpak aanpassen.',
    'Doelgroep bereikt de activiteit niet; andere route nodig.',
  ],
};

export const COVID_NOTES: readonly string[] = [
  'Door de coronamaatregelen zijn werkplekken tijdelijk niet beschikbaar.',
  'Werkgevers terughoudend door de coronacrisis; bijeenkomsten online.',
  'Leerwerktrajecten stilgelegd tijdens de lockdown.',
  'Matching deels online voortgezet; minder plaatsingen dan gepland.',
];

export const CORRECTION_REASONS: readonly string[] = [
  'Cijfers UWV nagekomen; realisatie bijgesteld.',
  'Status te positief ingeschat; bijgesteld na overleg in de stuurgroep.',
  'Dubbeltelling plaatsingen gecorrigeerd.',
  'Telling herzien na afstemming met de gemeenten.',
  'Verkeerde periode opgegeven in de eerste rapportage.',
];

export const AMBITION_REASONS: readonly string[] = [
  'Ambitie bijgesteld na de monitorronde: de coronacrisis vertraagt de instroom.',
  'Doelstelling realistischer gemaakt: minder werkgevers beschikbaar dan gepland.',
  'Opzet aangepast na evaluatie met de partners; ambitie verlaagd.',
];

export const WITHDRAWAL_REASONS: readonly string[] = [
  'Capaciteit ingezet voor de crisisdienstverlening (corona).',
  'Budget heroverwogen na de begrotingsbehandeling.',
  'Geen capaciteit meer beschikbaar binnen de eigen organisatie.',
];

export const LEAD_CHANGE_REASONS: readonly string[] = [
  'Trekkerschap overgedragen na reorganisatie.',
  'Trekker past beter bij de partner die de uitvoering doet.',
  'Projectleider vertrokken; nieuwe trekker aangewezen.',
];

export const STOP_REASONS: readonly string[] = [
  'Onvoldoende instroom van kandidaten; middelen ingezet voor andere acties uit de doe-agenda.',
  'Gestopt: de aanpak sloot niet aan bij de uitvoeringspraktijk van de partners.',
  'Gestopt na evaluatie: resultaten bleven ver achter bij de ambitie.',
];

export const BORGING_NOTES = {
  not_started: ['Borging nog niet besproken in de regiegroep.', 'Eerst resultaten afwachten.'],
  in_preparation: [
    'Voorstel voor voortzetting in voorbereiding (na de landelijke bijeenkomst over borging).',
    'In gesprek met partners over structurele financiering.',
    'Opgenomen in de concept-uitvoeringsagenda.',
  ],
  secured: {
    covenant: 'Opgenomen in het meerjarig convenant.',
    multi_year_plan: 'Opgenomen in het meerjarenplan van de arbeidsmarktregio.',
    structural_funding: 'Structureel gefinancierd uit de begroting van de centrumgemeente.',
    regular_service: 'Ingebed in de reguliere dienstverlening van gemeenten en UWV.',
    transferred: 'Overgedragen aan het regionaal mobiliteitsteam.',
    stopped: 'Gestopt.',
  },
  not_secured: [
    'Geen structurele financiering gevonden; activiteit stopt na de programmaperiode.',
    'Partners zien geen meerwaarde in voortzetting.',
  ],
} as const;

export const FIRST_NAMES: readonly string[] = [
  'Anne',
  'Bart',
  'Carla',
  'Daan',
  'Els',
  'Frank',
  'Gerda',
  'Hans',
  'Ilse',
  'Jeroen',
  'Karin',
  'Lucas',
  'Marieke',
  'Nadia',
  'Omar',
  'Petra',
  'Ruud',
  'Sanne',
  'Tom',
  'Ursula',
  'Vincent',
  'Wendy',
  'Yusuf',
  'Zoë',
  'Fatima',
  'Jan',
  'Marloes',
  'Sem',
];

export const LAST_NAMES: readonly string[] = [
  'de Vries',
  'Jansen',
  'van den Berg',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Leeuwen',
  'Dekker',
  'Brouwer',
  'de Wit',
  'Dijkstra',
  'Kaya',
  'El Amrani',
  'Postma',
  'Hoekstra',
  'Scholten',
];

/** Who signs for each kind of organisation. */
export const SIGNATORY_FUNCTIONS: Readonly<Record<PartnerKind, string>> = {
  central_municipality: 'wethouder Werk en Inkomen',
  municipality: 'wethouder Sociaal Domein',
  uwv: 'regiomanager UWV WERKbedrijf',
  employer_organisation: 'regiovoorzitter',
  employer: 'directeur',
  education: 'voorzitter college van bestuur',
  sbb: 'regiomanager SBB',
  union: 'regiobestuurder',
  province: 'gedeputeerde Economie en Arbeidsmarkt',
  care_provider: 'bestuurder',
  other: 'directeur',
};
